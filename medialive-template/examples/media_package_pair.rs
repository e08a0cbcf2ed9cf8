//! Both Regions' MediaLive channels for a sample event that feeds MediaPackage v2 (channel group
//! `live`, channel `event`) in us-east-1 and us-west-2, and the cross-Region check of the pair.
//!
//! ```text
//! cargo run -p medialive-template --example media_package_pair
//! ```
//!
//! The primary channel is built with [`LiveMediaPackageChannel`]; the backup Region's is its
//! [`RegionClone`], which changes the name, the input and `MediaPackageRegionName` only. In a
//! deployment, `mediapackage-origin` makes the destinations from its checked names
//! (`OriginNames::medialive_destinations`); they are spelled out here because this crate does not
//! depend on it.

use std::error::Error;

use hls_epoch::FrameRate;
use medialive_template::cross_region::cross_region;
use medialive_template::media_package::{ChannelEndpointId, MediaPackageOutputDestinationSettings};
use medialive_template::{LiveMediaPackageChannel, RegionClone};
use mediastore_policy::Region;

fn main() -> Result<(), Box<dyn Error>> {
    let east = Region::new("us-east-1")?;
    let west = Region::new("us-west-2")?;
    let destination = |endpoint: ChannelEndpointId| MediaPackageOutputDestinationSettings {
        channel_group: Some("live".to_owned()),
        channel_name: Some("event".to_owned()),
        channel_endpoint_id: Some(endpoint),
        media_package_region_name: Some(east.as_str().to_owned()),
        ..Default::default()
    };
    let primary = LiveMediaPackageChannel::builder()
        .name("event-us-east-1")
        .role_arn("arn:aws:iam::111122223333:role/MediaLiveMediaPackageV2")
        .input_id("1234567")
        .destinations([
            destination(ChannelEndpointId::Endpoint1),
            destination(ChannelEndpointId::Endpoint2),
        ])
        .frame_rate(FrameRate::FPS_50)
        .segment_length(2)
        .build()
        .channel()?;
    let backup = RegionClone::builder()
        .name("event-us-west-2")
        .input_id("7654321")
        .media_package_region(west.clone())
        .build()
        .apply(&primary)?;

    println!("== {east}: CreateChannel\n{}\n", primary.to_json_pretty()?);
    println!("== {west}: CreateChannel\n{}\n", backup.to_json_pretty()?);
    println!(
        "== differences (RegionClone::verify)\n{}\n",
        RegionClone::verify(&primary, &backup)?
    );
    let report = cross_region(&primary, &backup, FrameRate::FPS_50);
    println!("== cross-Region check against a 50 fps source\n{report}");
    if !report.is_ok() {
        return Err("the pair breaks cross-Region failover".into());
    }
    Ok(())
}
