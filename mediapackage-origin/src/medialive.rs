//! Where MediaLive meets MediaPackage v2: the destinations a MediaLive channel's MediaPackage output
//! group names, made from this crate's checked names, and the check that a MediaLive channel feeds one
//! Region's MediaPackage documents as cross-Region failover needs.
//!
//! ```
//! use medialive_template::{LiveMediaPackageChannel, Pipeline};
//! use mediapackage_origin::{ManifestName, OriginNames, PairSpec, RegionPair, ResourceName};
//! use mediastore_policy::Region;
//! use origin_failover::Site;
//!
//! let names = OriginNames {
//!     group: ResourceName::new("live")?,
//!     channel: ResourceName::new("event")?,
//!     endpoint: ResourceName::new("hls")?,
//! };
//! let east = Region::new("us-east-1")?;
//! let destination = names.medialive_destination(&east, Pipeline::Backup);
//! assert_eq!(destination.channel_endpoint_id.as_ref().map(|id| id.as_str()), Some("ENDPOINT_2"));
//!
//! let channel = LiveMediaPackageChannel::builder()
//!     .name("event-east")
//!     .input_id("1234567")
//!     .destinations(names.medialive_destinations(&east))
//!     .segment_length(2)
//!     .build()
//!     .channel()?;
//! let pair = RegionPair::build(&PairSpec::new(names, ManifestName::new("index")?, 6, 2))?;
//! assert!(mediapackage_origin::medialive::check_feed(pair.region(Site::Primary), &east, &channel).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use medialive_template::media_package::{MediaPackageOutputDestinationSettings, SegmentLengthError};
use medialive_template::{Channel as MediaLiveChannel, Pipeline};
use mediastore_policy::Region;

use crate::document::InputType;
use crate::invalid::{Invalid, quoted};
use crate::name::OriginNames;
use crate::pair::RegionDocuments;
use crate::url::IngestEndpointId;

impl OriginNames {
    /// Where MediaLive's `pipeline` writes when this origin's channel runs in `region`: the channel
    /// group and channel, the ingest endpoint the pipeline always uses
    /// ([`IngestEndpointId::for_pipeline`]) and the Region.
    pub fn medialive_destination(
        &self,
        region: &Region,
        pipeline: Pipeline,
    ) -> MediaPackageOutputDestinationSettings {
        MediaPackageOutputDestinationSettings {
            channel_group: Some(self.group.as_str().to_owned()),
            channel_name: Some(self.channel.as_str().to_owned()),
            channel_endpoint_id: Some(IngestEndpointId::for_pipeline(pipeline).medialive_endpoint_id()),
            media_package_region_name: Some(region.as_str().to_owned()),
            ..Default::default()
        }
    }

    /// Both pipelines' destinations in `region`, pipeline 0 first, as a STANDARD channel's
    /// MediaPackage output group lists them.
    pub fn medialive_destinations(&self, region: &Region) -> [MediaPackageOutputDestinationSettings; 2] {
        Pipeline::BOTH.map(|pipeline| self.medialive_destination(region, pipeline))
    }
}

/// Every way `channel`, a MediaLive channel in `region`, fails to feed `documents` (that Region's
/// MediaPackage documents) for cross-Region failover:
/// - the MediaPackage channel's `InputType` is not CMAF (HLS input does not align segments across
///   Regions);
/// - the MediaLive channel has no MediaPackage v2 output group;
/// - a MediaPackage destination does not name this origin's group and channel, the pipeline's own
///   ingest endpoint and `region`;
/// - the origin endpoint's segment is not a whole multiple of the MediaLive group's `SegmentLength`.
///
/// Paths start with `Channel.` and `OriginEndpoint.` for MediaPackage's documents and with
/// `MediaLive $.` for the MediaLive channel's.
pub fn check_feed(documents: &RegionDocuments, region: &Region, channel: &MediaLiveChannel) -> Vec<Invalid> {
    let mut found = Vec::new();
    let input = documents.channel.effective_input_type();
    if input != InputType::Cmaf {
        found.push(Invalid::new(
            "Channel.InputType",
            documents
                .channel
                .input_type
                .as_ref()
                .map_or_else(|| "absent (HLS by default)".to_owned(), |t| quoted(t.as_str())),
            "CMAF: MediaLive's MediaPackage v2 and CMAF Ingest groups send CMAF, and an HLS-input channel does not align segments across Regions",
        ));
    }
    let names = documents.names();
    let expected = names.medialive_destinations(region);
    let groups = channel
        .encoder_settings
        .iter()
        .flat_map(|s| s.output_groups.iter().flatten())
        .enumerate()
        .filter_map(|(g, group)| {
            let settings = group.media_package()?;
            Some((
                g,
                settings.destination.as_ref()?,
                settings.mediapackage_v2_group_settings.as_ref()?,
            ))
        })
        .collect::<Vec<_>>();
    if groups.is_empty() {
        found.push(Invalid::new(
            "MediaLive $.EncoderSettings.OutputGroups",
            "no MediaPackage output group in v2 mode",
            "a MediaPackage output group with MediapackageV2GroupSettings",
        ));
    }
    for (g, destination, v2) in groups {
        let id = destination.destination_ref_id.as_deref();
        let entry = channel
            .destinations
            .iter()
            .flatten()
            .enumerate()
            .find(|(_, d)| d.id.is_some() && d.id.as_deref() == id);
        match entry {
            None => found.push(Invalid::new(
                format!("MediaLive $.EncoderSettings.OutputGroups[{g}].OutputGroupSettings.MediaPackageGroupSettings.Destination.DestinationRefId"),
                id.map_or_else(|| "absent".to_owned(), quoted),
                "the Id of an entry of Destinations",
            )),
            Some((d, entry)) => {
                for (s, setting) in entry.media_package_settings.iter().flatten().enumerate() {
                    let Some(wanted) = expected.get(s) else { break };
                    if setting != wanted {
                        found.push(Invalid::new(
                            format!("MediaLive $.Destinations[{d}].MediaPackageSettings[{s}]"),
                            render(setting),
                            format!(
                                "{} (this origin's names, pipeline {s}'s ingest endpoint, {region})",
                                render(wanted)
                            ),
                        ));
                    }
                }
            }
        }
        let Some(segment) = v2.segment() else {
            found.push(Invalid::new(
                format!("MediaLive $.EncoderSettings.OutputGroups[{g}].OutputGroupSettings.MediaPackageGroupSettings.MediapackageV2GroupSettings.SegmentLength"),
                "absent",
                "a segment length, so that the origin endpoint's segment can be a whole multiple of it",
            ));
            continue;
        };
        match segment.millis() {
            Ok(millis) => {
                if let Err(error) = documents.endpoint.validate_against_input_millis(millis) {
                    found.push(error.within("OriginEndpoint"));
                }
            }
            Err(error) => {
                let (field, value, allowed) = match error {
                    SegmentLengthError::Zero => ("SegmentLength", "0".to_owned(), "at least 1"),
                    _ => (
                        "SegmentLengthUnits",
                        quoted(segment.units.as_str()),
                        "SECONDS or MILLISECONDS",
                    ),
                };
                found.push(Invalid::new(
                    format!("MediaLive $.EncoderSettings.OutputGroups[{g}].OutputGroupSettings.MediaPackageGroupSettings.MediapackageV2GroupSettings.{field}"),
                    value,
                    allowed,
                ));
            }
        }
    }
    found
}

fn render(setting: &MediaPackageOutputDestinationSettings) -> String {
    serde_json::to_string(setting).unwrap_or_else(|_| format!("{setting:?}"))
}
