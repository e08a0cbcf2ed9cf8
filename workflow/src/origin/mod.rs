//! The origin seam: what each Region's channel writes to and the distribution reads from.
//!
//! A deployment names its [`Origin`] in the config (`[origin] kind`). Everything the workflow does
//! with an origin goes through the kind: its steps in the DAG ([`OriginStep`], with their
//! dependencies and the step after which the origin's address is known), the units that run those
//! steps in [`crate::apply()`], its removal in [`crate::teardown()`], and its lookup in
//! [`crate::discover::discover()`]. [`Origin::MediaStore`], the recipe's origin, is the first
//! kind; adding a kind adds a variant here, a step enum beside [`mediastore::MediaStoreStep`], and
//! its units, not arms to the steps the kinds share.

use std::fmt;

use origin_failover::origin_kind::OriginKind;
use serde::{Deserialize, Serialize};

pub mod mediastore;

pub use mediastore::MediaStoreStep;

/// The kinds of origin this version deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A MediaStore container per Region (the recipe's origin).
    MediaStore,
}

impl Origin {
    /// Every kind, the default first.
    pub const ALL: [Origin; 1] = [Origin::MediaStore];

    /// Its name in the config's `[origin] kind`.
    pub const fn name(self) -> &'static str {
        match self {
            Origin::MediaStore => "mediastore",
        }
    }

    /// The kind of origin the distribution sees.
    pub const fn kind(self) -> OriginKind {
        match self {
            Origin::MediaStore => OriginKind::MediaStore,
        }
    }

    /// Its steps in one Region, in the summary's order.
    pub fn steps(self) -> Vec<OriginStep> {
        match self {
            Origin::MediaStore => MediaStoreStep::ALL
                .into_iter()
                .map(OriginStep::MediaStore)
                .collect(),
        }
    }

    /// The step after which the origin's address is known: the channel (which writes to it) and
    /// the distribution (which reads from it) wait for it.
    pub const fn ready(self) -> OriginStep {
        match self {
            Origin::MediaStore => OriginStep::MediaStore(MediaStoreStep::WaitContainerActive),
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
        }
    }

    /// A stable, readable identifier within the Region, such as `container.create`.
    pub const fn id(self) -> &'static str {
        match self {
            OriginStep::MediaStore(step) => step.id(),
        }
    }
}

impl From<MediaStoreStep> for OriginStep {
    fn from(step: MediaStoreStep) -> Self {
        OriginStep::MediaStore(step)
    }
}
