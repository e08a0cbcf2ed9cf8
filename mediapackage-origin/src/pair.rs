//! The two-Region pair: both Regions' documents from one description, and the symmetry check that
//! names every difference that would break failover.

use std::fmt;

use origin_failover::Site;
use serde_json::{Map, Value};

use crate::document::{
    Channel, ChannelGroup, ContainerType, EndpointErrorCondition, ForceEndpointErrorConfiguration,
    HlsManifest, InputSwitchConfiguration, InputType, OriginEndpoint, OutputHeaderConfiguration,
    OutputLockingMode, Segment,
};
use crate::invalid::Invalid;
use crate::name::{DistributionArn, Location, ManifestName, OriginNames};
use crate::policy::{ChannelPolicy, EndpointPolicy};
use crate::url::{IngestEndpointId, PlaybackPath};

/// One description of the origin, the same for both Regions.
///
/// Required inputs are constructor arguments; the rest have the failover pattern's defaults:
/// CMAF container, a 60-second manifest window, no startover window, no low-latency manifest, no
/// encryption, MQCS input switching and MQCS publishing on, ingest endpoint 1 preferred.
#[derive(Debug, Clone, PartialEq)]
pub struct PairSpec {
    /// The group, channel and endpoint names, identical in both Regions.
    pub names: OriginNames,
    /// The multivariant playlist's name (`index` serves `index.m3u8`).
    pub manifest: ManifestName,
    /// The endpoint's segment duration, 1-30 s.
    pub segment_duration_seconds: u32,
    /// MediaLive's segment length, in whole seconds: the endpoint's is a whole multiple of it.
    pub input_segment_seconds: u32,
    /// The endpoint's container.
    pub container: ContainerType,
    /// The manifest window, at least 30 s.
    pub manifest_window_seconds: u32,
    /// The startover window, 0-1,209,600 s (0 = none).
    pub startover_window_seconds: u32,
    /// A low-latency HLS manifest of this name, besides the HLS one.
    pub low_latency_manifest: Option<ManifestName>,
    /// The segments' `Encryption` (as the API takes it); then `MISSING_DRM_KEY` joins the primary's conditions.
    pub encryption: Option<Value>,
    /// `InputSwitchConfiguration.MQCSInputSwitching`, always written.
    pub mqcs_input_switching: bool,
    /// `InputSwitchConfiguration.PreferredInput`, always written.
    pub preferred_input: IngestEndpointId,
    /// `OutputHeaderConfiguration.PublishMQCS`, always written (CloudFront's media-quality selection reads it).
    pub publish_mqcs: bool,
}

impl PairSpec {
    /// A description with the pattern's defaults.
    pub fn new(
        names: OriginNames,
        manifest: ManifestName,
        segment_duration_seconds: u32,
        input_segment_seconds: u32,
    ) -> Self {
        Self {
            names,
            manifest,
            segment_duration_seconds,
            input_segment_seconds,
            container: ContainerType::Cmaf,
            manifest_window_seconds: 60,
            startover_window_seconds: 0,
            low_latency_manifest: None,
            encryption: None,
            mqcs_input_switching: true,
            preferred_input: IngestEndpointId::One,
            publish_mqcs: true,
        }
    }
}

/// The force-error conditions the primary Region's endpoint carries: stale, incomplete and slate,
/// plus a missing DRM key when the segments are encrypted.
pub fn primary_error_conditions(encrypted: bool) -> Vec<EndpointErrorCondition> {
    let mut conditions = vec![
        EndpointErrorCondition::StaleManifest,
        EndpointErrorCondition::IncompleteManifest,
        EndpointErrorCondition::SlateInput,
    ];
    if encrypted {
        conditions.push(EndpointErrorCondition::MissingDrmKey);
    }
    conditions
}

/// One Region's documents.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionDocuments {
    /// The Region's role.
    pub site: Site,
    /// `CreateChannelGroup`.
    pub channel_group: ChannelGroup,
    /// `CreateChannel`.
    pub channel: Channel,
    /// `CreateOriginEndpoint`.
    pub endpoint: OriginEndpoint,
}

impl RegionDocuments {
    /// Checks each document against MediaPackage's limits, the endpoint against the input's segments.
    pub fn validate(&self, input_segment_seconds: u32) -> Result<(), Invalid> {
        self.channel_group
            .validate()
            .map_err(|e| e.within("ChannelGroup"))?;
        self.channel.validate().map_err(|e| e.within("Channel"))?;
        self.endpoint
            .validate_against_input(input_segment_seconds)
            .map_err(|e| e.within("OriginEndpoint"))
    }

    /// The channel policy letting the MediaLive role ingest, for this Region's `location`.
    pub fn channel_policy(&self, location: &Location, medialive_role_arn: &str) -> ChannelPolicy {
        let arn = location.channel_arn(&self.channel.channel_group_name, &self.channel.channel_name);
        ChannelPolicy::ingest(&arn, medialive_role_arn)
    }

    /// The endpoint policy letting `distribution` read through Origin Access Control.
    pub fn endpoint_policy(
        &self,
        location: &Location,
        distribution: &DistributionArn,
        media_quality: bool,
    ) -> EndpointPolicy {
        EndpointPolicy::cloudfront_read(&location.endpoint_arn(&self.names()), distribution, media_quality)
    }

    /// The endpoint's names.
    pub fn names(&self) -> OriginNames {
        OriginNames {
            group: self.endpoint.channel_group_name.clone(),
            channel: self.endpoint.channel_name.clone(),
            endpoint: self.endpoint.origin_endpoint_name.clone(),
        }
    }
}

/// Both Regions' documents, built from one [`PairSpec`] and checked symmetric.
///
/// ```
/// use mediapackage_origin::{ManifestName, OriginNames, PairSpec, RegionPair, ResourceName};
/// use origin_failover::Site;
///
/// let names = OriginNames {
///     group: ResourceName::new("live")?,
///     channel: ResourceName::new("event")?,
///     endpoint: ResourceName::new("hls")?,
/// };
/// let pair = RegionPair::build(&PairSpec::new(names, ManifestName::new("index")?, 6, 6))?;
/// assert!(pair.region(Site::Primary).endpoint.force_endpoint_error_configuration.is_some());
/// assert!(pair.region(Site::Backup).endpoint.force_endpoint_error_configuration.is_none());
/// assert!(pair.symmetry().is_empty());
/// # Ok::<(), mediapackage_origin::Invalid>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPair {
    primary: RegionDocuments,
    backup: RegionDocuments,
    playback: PlaybackPath,
    input_segment_seconds: u32,
}

impl RegionPair {
    /// Builds both Regions' documents: identical names and settings, CMAF input, epoch-locked,
    /// MQCS settings written explicitly, force-error on the primary's endpoint only. Fails on the first
    /// limit a document breaks, naming its path (`primary.OriginEndpoint.Segment.SegmentDurationSeconds`).
    pub fn build(spec: &PairSpec) -> Result<Self, Invalid> {
        let region = |site: Site| RegionDocuments {
            site,
            channel_group: ChannelGroup {
                channel_group_name: spec.names.group.clone(),
                description: None,
                tags: None,
                extra: Map::new(),
            },
            channel: Channel {
                channel_group_name: spec.names.group.clone(),
                channel_name: spec.names.channel.clone(),
                description: None,
                input_type: Some(InputType::Cmaf),
                output_locking_mode: Some(OutputLockingMode::EpochLocked),
                input_switch_configuration: Some(InputSwitchConfiguration {
                    mqcs_input_switching: Some(spec.mqcs_input_switching),
                    preferred_input: Some(match spec.preferred_input {
                        IngestEndpointId::One => 1,
                        IngestEndpointId::Two => 2,
                    }),
                    extra: Map::new(),
                }),
                output_header_configuration: Some(OutputHeaderConfiguration {
                    publish_mqcs: Some(spec.publish_mqcs),
                    extra: Map::new(),
                }),
                tags: None,
                extra: Map::new(),
            },
            endpoint: OriginEndpoint {
                channel_group_name: spec.names.group.clone(),
                channel_name: spec.names.channel.clone(),
                origin_endpoint_name: spec.names.endpoint.clone(),
                container_type: spec.container.clone(),
                segment: Some(Segment {
                    segment_duration_seconds: Some(i64::from(spec.segment_duration_seconds)),
                    encryption: spec.encryption.clone(),
                    ..Segment::default()
                }),
                startover_window_seconds: Some(i64::from(spec.startover_window_seconds)),
                hls_manifests: Some(vec![manifest(&spec.manifest, spec.manifest_window_seconds)]),
                low_latency_hls_manifests: spec
                    .low_latency_manifest
                    .as_ref()
                    .map(|name| vec![manifest(name, spec.manifest_window_seconds)]),
                dash_manifests: None,
                mss_manifests: None,
                force_endpoint_error_configuration: (site == Site::Primary).then(|| {
                    ForceEndpointErrorConfiguration {
                        endpoint_error_conditions: Some(primary_error_conditions(spec.encryption.is_some())),
                        extra: Map::new(),
                    }
                }),
                description: None,
                tags: None,
                extra: Map::new(),
            },
        };
        let pair = Self {
            primary: region(Site::Primary),
            backup: region(Site::Backup),
            playback: PlaybackPath::new(spec.names.clone(), spec.manifest.clone()),
            input_segment_seconds: spec.input_segment_seconds,
        };
        for site in Site::BOTH {
            pair.region(site)
                .validate(spec.input_segment_seconds)
                .map_err(|e| e.within(site.as_str()))?;
        }
        Ok(pair)
    }

    /// One Region's documents.
    pub fn region(&self, site: Site) -> &RegionDocuments {
        match site {
            Site::Primary => &self.primary,
            Site::Backup => &self.backup,
        }
    }

    /// The path players ask for, the same in both Regions.
    pub fn playback_path(&self) -> &PlaybackPath {
        &self.playback
    }

    /// MediaLive's segment length the endpoints were checked against.
    pub fn input_segment_seconds(&self) -> u32 {
        self.input_segment_seconds
    }

    /// The symmetry check on the built documents (empty for a pair [`build`](Self::build) made).
    pub fn symmetry(&self) -> Vec<Asymmetry> {
        symmetry(&self.primary, &self.backup)
    }
}

fn manifest(name: &ManifestName, window: u32) -> HlsManifest {
    HlsManifest {
        manifest_name: name.clone(),
        child_manifest_name: None,
        manifest_window_seconds: Some(i64::from(window)),
        program_date_time_interval_seconds: None,
        extra: Map::new(),
    }
}

/// One thing in two Regions' documents that would break failover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asymmetry {
    /// The Region at fault, or `None` when the two Regions differ.
    pub site: Option<Site>,
    /// The JSON path, prefixed by the document (`OriginEndpoint.Segment.SegmentDurationSeconds`).
    pub path: String,
    /// What was found.
    pub found: String,
    /// What failover needs.
    pub needed: &'static str,
}

impl fmt::Display for Asymmetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.site {
            Some(site) => write!(
                f,
                "{site}: {}: {}; needed: {}",
                self.path, self.found, self.needed
            ),
            None => write!(f, "{}: {}; needed: {}", self.path, self.found, self.needed),
        }
    }
}

const IDENTICAL: &str =
    "identical names and settings in both Regions (the same playback path, segmentation and encryption)";

/// Every difference between two Regions' documents that would break failover:
/// - any name or setting that differs (descriptions, tags and the force-error configuration aside);
/// - a channel whose input is not CMAF, or not epoch-locked;
/// - MQCS switching or publishing left to the API's (conflicting) defaults;
/// - a primary endpoint without STALE_MANIFEST, INCOMPLETE_MANIFEST and SLATE_INPUT (and
///   MISSING_DRM_KEY when encrypted);
/// - a backup endpoint with any force-error condition (it would answer 404 when it is the last resort).
pub fn symmetry(primary: &RegionDocuments, backup: &RegionDocuments) -> Vec<Asymmetry> {
    let mut found = Vec::new();
    let documents = [
        (
            "ChannelGroup",
            to_value(&primary.channel_group),
            to_value(&backup.channel_group),
        ),
        ("Channel", to_value(&primary.channel), to_value(&backup.channel)),
        (
            "OriginEndpoint",
            to_value(&primary.endpoint),
            to_value(&backup.endpoint),
        ),
    ];
    for (document, mut a, mut b) in documents {
        for value in [&mut a, &mut b] {
            if let Value::Object(map) = value {
                for key in ["Description", "Tags", "ForceEndpointErrorConfiguration"] {
                    map.remove(key);
                }
            }
        }
        diff(document, &a, &b, &mut found);
    }
    for documents in [primary, backup] {
        let site = Some(documents.site);
        let channel = &documents.channel;
        let input = channel.effective_input_type();
        if input != InputType::Cmaf {
            found.push(Asymmetry {
                site,
                path: "Channel.InputType".to_owned(),
                found: if channel.input_type.is_none() { "absent (HLS by default)".to_owned() } else { input.to_string() },
                needed: "CMAF: HLS input does not align segments across Regions (and the input type cannot be changed later)",
            });
        } else if channel.effective_output_locking_mode() != Some(OutputLockingMode::EpochLocked) {
            found.push(Asymmetry {
                site,
                path: "Channel.OutputLockingMode".to_owned(),
                found: channel.output_locking_mode.as_ref().map(ToString::to_string).unwrap_or_default(),
                needed: "EPOCH_LOCKED: a non-epoch-locked channel numbers segments from 0 and cannot fail over across Regions",
            });
        }
        if channel
            .input_switch_configuration
            .as_ref()
            .and_then(|c| c.mqcs_input_switching)
            .is_none()
        {
            found.push(Asymmetry {
                site,
                path: "Channel.InputSwitchConfiguration.MQCSInputSwitching".to_owned(),
                found: "absent".to_owned(),
                needed: "set explicitly: AWS documents conflicting defaults",
            });
        }
        if channel
            .output_header_configuration
            .as_ref()
            .and_then(|c| c.publish_mqcs)
            .is_none()
        {
            found.push(Asymmetry {
                site,
                path: "Channel.OutputHeaderConfiguration.PublishMQCS".to_owned(),
                found: "absent".to_owned(),
                needed: "set explicitly: media-quality-based selection reads it",
            });
        }
    }
    let force = |d: &RegionDocuments| {
        d.endpoint
            .force_endpoint_error_configuration
            .clone()
            .unwrap_or_default()
    };
    let conditions = |c: &ForceEndpointErrorConfiguration| {
        c.endpoint_error_conditions
            .iter()
            .flatten()
            .map(EndpointErrorCondition::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let on_primary = force(primary);
    let missing: Vec<String> = primary_error_conditions(primary.endpoint.is_encrypted())
        .into_iter()
        .filter(|c| !on_primary.contains(c))
        .map(String::from)
        .collect();
    if !missing.is_empty() {
        found.push(Asymmetry {
            site: Some(primary.site),
            path: "OriginEndpoint.ForceEndpointErrorConfiguration.EndpointErrorConditions".to_owned(),
            found: format!("[{}] (missing {})", conditions(&on_primary), missing.join(", ")),
            needed: "STALE_MANIFEST, INCOMPLETE_MANIFEST and SLATE_INPUT (and MISSING_DRM_KEY when encrypted) on the primary, so it answers 404 and CloudFront fails over",
        });
    }
    let on_backup = force(backup);
    if on_backup
        .endpoint_error_conditions
        .as_ref()
        .is_some_and(|c| !c.is_empty())
    {
        found.push(Asymmetry {
            site: Some(backup.site),
            path: "OriginEndpoint.ForceEndpointErrorConfiguration.EndpointErrorConditions".to_owned(),
            found: format!("[{}]", conditions(&on_backup)),
            needed: "none on the backup: it is the last origin, and a 404 there reaches the viewer",
        });
    }
    found
}

fn to_value(document: &impl serde::Serialize) -> Value {
    // The documents hold only strings, numbers, booleans and maps: serialising them cannot fail.
    serde_json::to_value(document).unwrap_or(Value::Null)
}

fn render(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_owned(), Value::to_string)
}

fn diff(path: &str, primary: &Value, backup: &Value, found: &mut Vec<Asymmetry>) {
    match (primary, backup) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let child = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&child, x, y, found),
                    (x, y) => found.push(Asymmetry {
                        site: None,
                        path: child,
                        found: format!("{} in primary, {} in backup", render(x), render(y)),
                        needed: IDENTICAL,
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{index}]"), x, y, found);
            }
        }
        (a, b) if a != b => found.push(Asymmetry {
            site: None,
            path: path.to_owned(),
            found: format!("{a} in primary, {b} in backup"),
            needed: IDENTICAL,
        }),
        _ => {}
    }
}
