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

/// An error and every cause it carries, joined as a reporter prints them on one line.
fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let chain = std::iter::successors(Some(error), |error| error.source());
    chain.map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

/// The two ingest endpoints of the MediaPackage v2 channel `live/event` in `region`, pipeline 0 first.
fn ingest(region: &str) -> [::medialive_template::media_package::MediaPackageOutputDestinationSettings; 2] {
    use ::medialive_template::media_package::{ChannelEndpointId, MediaPackageOutputDestinationSettings};
    [ChannelEndpointId::Endpoint1, ChannelEndpointId::Endpoint2].map(|id| {
        MediaPackageOutputDestinationSettings {
            channel_group: Some("live".to_owned()),
            channel_name: Some("event".to_owned()),
            channel_endpoint_id: Some(id),
            media_package_region_name: Some(region.to_owned()),
            ..Default::default()
        }
    })
}
