//! The origin seam: what each Region's channel writes to and the distribution reads from.
//!
//! A deployment names its [`Origin`] in the config (`[origin] kind`). Everything the workflow does
//! with an origin goes through the kind: its steps in the DAG ([`OriginStep`], with their
//! dependencies and the step after which the origin's address is known), the units that run those
//! steps in [`crate::apply()`], its removal in [`crate::teardown()`], and its lookup in
//! [`crate::discover::discover()`]. [`Origin::MediaStore`] is the recipe's origin;
//! [`Origin::MediaPackageV2`] is what AWS documents for cross-Region failover today. Adding a kind
//! adds a variant here, a step enum beside [`mediastore::MediaStoreStep`], and its units, not arms
//! to the steps the kinds share.

use std::fmt;

use origin_failover::origin_kind::OriginKind;
use serde::{Deserialize, Serialize};

pub mod mediapackage;
pub mod mediastore;

pub use mediapackage::MediaPackageStep;
pub use mediastore::MediaStoreStep;

/// The kinds of origin this version deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A MediaStore container per Region (the recipe's origin; AWS retired MediaStore on
    /// 2025-11-13).
    MediaStore,
    /// A MediaPackage v2 channel per Region, read through Origin Access Control.
    MediaPackageV2,
}

impl Origin {
    /// Every kind, the config's default first.
    pub const ALL: [Origin; 2] = [Origin::MediaStore, Origin::MediaPackageV2];

    /// Its name in the config's `[origin] kind`.
    pub const fn name(self) -> &'static str {
        match self {
            Origin::MediaStore => "mediastore",
            Origin::MediaPackageV2 => "mediapackage-v2",
        }
    }

    /// The kind of origin the distribution sees.
    pub const fn kind(self) -> OriginKind {
        match self {
            Origin::MediaStore => OriginKind::MediaStore,
            Origin::MediaPackageV2 => OriginKind::MediaPackageV2,
        }
    }

    /// Its steps in one Region, in the summary's order.
    pub fn steps(self) -> Vec<OriginStep> {
        match self {
            Origin::MediaStore => MediaStoreStep::ALL
                .into_iter()
                .map(OriginStep::MediaStore)
                .collect(),
            Origin::MediaPackageV2 => MediaPackageStep::ALL
                .into_iter()
                .map(OriginStep::MediaPackage)
                .collect(),
        }
    }

    /// The step after which the channel can write to the origin.
    pub const fn ready_for_channel(self) -> OriginStep {
        match self {
            Origin::MediaStore => OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
            Origin::MediaPackageV2 => OriginStep::MediaPackage(MediaPackageStep::PutChannelPolicy),
        }
    }

    /// The step after which the distribution's origin address is known.
    pub const fn ready_for_distribution(self) -> OriginStep {
        match self {
            Origin::MediaStore => OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
            Origin::MediaPackageV2 => OriginStep::MediaPackage(MediaPackageStep::CreateOriginEndpoint),
        }
    }

    /// Whether the distribution signs its origin requests with an origin access control (which
    /// the deployment then creates), rather than sending a secret `User-Agent`.
    pub const fn signs_requests(self) -> bool {
        match self {
            Origin::MediaStore => false,
            Origin::MediaPackageV2 => true,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A step of one Region's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OriginStep {
    /// A step of a MediaStore container.
    MediaStore(MediaStoreStep),
    /// A step of a MediaPackage v2 channel.
    MediaPackage(MediaPackageStep),
}

impl OriginStep {
    /// The steps of the same Region's origin that must finish before this one starts.
    pub fn dependencies(self) -> Vec<OriginStep> {
        match self {
            OriginStep::MediaStore(step) => step
                .dependencies()
                .into_iter()
                .map(OriginStep::MediaStore)
                .collect(),
            OriginStep::MediaPackage(step) => step
                .dependencies()
                .into_iter()
                .map(OriginStep::MediaPackage)
                .collect(),
        }
    }

    /// Whether the step waits for the distribution's creation.
    pub fn follows_distribution(self) -> bool {
        match self {
            OriginStep::MediaStore(_) => false,
            OriginStep::MediaPackage(step) => step.follows_distribution(),
        }
    }

    /// A stable, readable identifier within the Region, such as `container.create`.
    pub const fn id(self) -> &'static str {
        match self {
            OriginStep::MediaStore(step) => step.id(),
            OriginStep::MediaPackage(step) => step.id(),
        }
    }
}

impl From<MediaStoreStep> for OriginStep {
    fn from(step: MediaStoreStep) -> Self {
        OriginStep::MediaStore(step)
    }
}

impl From<MediaPackageStep> for OriginStep {
    fn from(step: MediaPackageStep) -> Self {
        OriginStep::MediaPackage(step)
    }
}
