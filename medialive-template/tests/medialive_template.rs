//! Integration tests for `medialive-template`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod medialive_template {
    pub(crate) mod builder;
    pub(crate) mod clone;
    pub(crate) mod fixtures;
    pub(crate) mod media_package;
    pub(crate) mod properties;
    pub(crate) mod read_api;
    #[cfg(feature = "aws-sdk")]
    pub(crate) mod sdk;
    pub(crate) mod validation;
}
