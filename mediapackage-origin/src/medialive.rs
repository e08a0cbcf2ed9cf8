//! Where MediaLive meets MediaPackage v2: the destinations a MediaLive channel's MediaPackage output
//! group names, made from this crate's checked names, and the check that a MediaLive channel (through
//! a MediaPackage output group in v2 mode or a CMAF Ingest group) feeds one Region's MediaPackage
//! documents as cross-Region failover needs.
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
use medialive_template::{Channel as MediaLiveChannel, OutputDestination, Pipeline};
use mediastore_policy::Region;

use crate::document::InputType;
use crate::invalid::{Invalid, quoted};
use crate::name::OriginNames;
use crate::pair::RegionDocuments;
use crate::url::{IngestEndpoint, IngestEndpointId};

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
/// - the MediaLive channel has neither a MediaPackage output group in v2 mode nor a CMAF Ingest group;
/// - a MediaPackage destination does not name this origin's group and channel, the pipeline's own
///   ingest endpoint and `region`; a CMAF Ingest URL is not the pipeline's own ingest endpoint of this
///   channel in `region`;
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
    let mut fed = false;
    for (g, group) in channel
        .encoder_settings
        .iter()
        .flat_map(|s| s.output_groups.iter().flatten())
        .enumerate()
    {
        let (key, destination, segment) = if let Some(settings) = group.media_package()
            && let Some(v2) = &settings.mediapackage_v2_group_settings
        {
            (
                "MediaPackageGroupSettings.MediapackageV2GroupSettings",
                settings.destination.as_ref(),
                v2.segment(),
            )
        } else if let Some(settings) = group.cmaf_ingest() {
            (
                "CmafIngestGroupSettings",
                settings.destination.as_ref(),
                settings.segment(),
            )
        } else {
            continue;
        };
        fed = true;
        let group_path = format!("MediaLive $.EncoderSettings.OutputGroups[{g}].OutputGroupSettings");
        let id = destination.and_then(|d| d.destination_ref_id.as_deref());
        let entry = channel
            .destinations
            .iter()
            .flatten()
            .enumerate()
            .find(|(_, d)| d.id.is_some() && d.id.as_deref() == id);
        match entry {
            None => {
                let settings = key.split('.').next().unwrap_or(key);
                found.push(Invalid::new(
                    format!("{group_path}.{settings}.Destination.DestinationRefId"),
                    id.map_or_else(|| "absent".to_owned(), quoted),
                    "the Id of an entry of Destinations",
                ));
            }
            Some((d, entry)) => {
                check_media_package_destinations(&mut found, &names, region, d, entry);
                check_ingest_urls(&mut found, &names, region, d, entry);
            }
        }
        let Some(segment) = segment else {
            found.push(Invalid::new(
                format!("{group_path}.{key}.SegmentLength"),
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
                    format!("{group_path}.{key}.{field}"),
                    value,
                    allowed,
                ));
            }
        }
    }
    if !fed {
        found.push(Invalid::new(
            "MediaLive $.EncoderSettings.OutputGroups",
            "no MediaPackage output group in v2 mode and no CMAF Ingest group",
            "a MediaPackage output group with MediapackageV2GroupSettings, or a CMAF Ingest output group",
        ));
    }
    found
}

/// The entry's `MediaPackageSettings` must be this origin's, pipeline by pipeline, in `region`.
fn check_media_package_destinations(
    found: &mut Vec<Invalid>,
    names: &OriginNames,
    region: &Region,
    d: usize,
    entry: &OutputDestination,
) {
    let expected = names.medialive_destinations(region);
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

/// The entry's URLs, for a CMAF Ingest group, must be this channel's ingest endpoints in `region`,
/// pipeline 0 writing to endpoint 1.
fn check_ingest_urls(
    found: &mut Vec<Invalid>,
    names: &OriginNames,
    region: &Region,
    d: usize,
    entry: &OutputDestination,
) {
    for ((s, setting), pipeline) in entry.settings.iter().flatten().enumerate().zip(Pipeline::BOTH) {
        let Some(url) = setting.url.as_deref() else {
            continue;
        };
        let id = IngestEndpointId::for_pipeline(pipeline);
        let path = format!("MediaLive $.Destinations[{d}].Settings[{s}].Url");
        let allowed = || {
            format!(
                "the ingest endpoint {} of channel {}/{} in {region}, ending in /",
                id.as_str(),
                names.group,
                names.channel
            )
        };
        match IngestEndpoint::parse(id.as_str(), url) {
            Ok(endpoint)
                if *endpoint.group() == names.group
                    && *endpoint.channel() == names.channel
                    && url.contains(&format!(".mediapackagev2.{}.", region.as_str())) => {}
            _ => found.push(Invalid::new(path, quoted(url), allowed())),
        }
    }
}

fn render(setting: &MediaPackageOutputDestinationSettings) -> String {
    serde_json::to_string(setting).unwrap_or_else(|_| format!("{setting:?}"))
}
