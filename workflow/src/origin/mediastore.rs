//! The MediaStore origin (the recipe's): a container per Region, its policies and the static
//! master playlist.

use serde::{Deserialize, Serialize};

/// A step of a Region's MediaStore container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaStoreStep {
    /// Create (or adopt) the container.
    CreateContainer,
    /// Wait until the container is `ACTIVE` and its data endpoint is known.
    WaitContainerActive,
    /// Put the container policy (secret `User-Agent`, TLS only).
    PutContainerPolicy,
    /// Put the lifecycle policy that expires stale rendition manifests.
    PutLifecyclePolicy,
    /// Put the CORS policy for web players.
    PutCorsPolicy,
    /// Put the static `index.m3u8`.
    PutStaticManifest,
}

impl MediaStoreStep {
    /// Every step, in the summary's order.
    pub const ALL: [MediaStoreStep; 6] = [
        MediaStoreStep::CreateContainer,
        MediaStoreStep::WaitContainerActive,
        MediaStoreStep::PutContainerPolicy,
        MediaStoreStep::PutLifecyclePolicy,
        MediaStoreStep::PutCorsPolicy,
        MediaStoreStep::PutStaticManifest,
    ];

    /// The steps of the same container that must finish before this one starts: the documents
    /// go into an active container.
    pub fn dependencies(self) -> Vec<MediaStoreStep> {
        match self {
            MediaStoreStep::CreateContainer => Vec::new(),
            MediaStoreStep::WaitContainerActive => vec![MediaStoreStep::CreateContainer],
            MediaStoreStep::PutContainerPolicy
            | MediaStoreStep::PutLifecyclePolicy
            | MediaStoreStep::PutCorsPolicy
            | MediaStoreStep::PutStaticManifest => vec![MediaStoreStep::WaitContainerActive],
        }
    }

    /// A stable identifier within the Region, such as `container.create`.
    pub const fn id(self) -> &'static str {
        match self {
            MediaStoreStep::CreateContainer => "container.create",
            MediaStoreStep::WaitContainerActive => "container.wait-active",
            MediaStoreStep::PutContainerPolicy => "container.put-policy",
            MediaStoreStep::PutLifecyclePolicy => "container.put-lifecycle",
            MediaStoreStep::PutCorsPolicy => "container.put-cors",
            MediaStoreStep::PutStaticManifest => "container.put-index-m3u8",
        }
    }
}
