//! The deployment config: a short TOML file a person writes, checked key by key.
//!
//! Unknown keys are errors (a typo must not be silently ignored), and every error names the key,
//! the value and what is allowed. The `User-Agent` secret is never in the file: the file names the
//! environment variable that holds it, and the program that reads the environment passes the value
//! to [`crate::Plan::new`].

use std::collections::BTreeMap;
use std::net::IpAddr;

use hls_epoch::{Cadence, FrameRate};
use medialive_template::contribution::Protocol;
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{PipelineNames, Rung};
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{AccountId, ContainerName, Region};
use origin_failover::OriginTimeouts;
use origin_failover::Site;
use origin_failover::budget::{Player, recommended_timeouts};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::origin::Origin;
use mediapackage_origin::document::{
    MAX_STARTOVER_WINDOW_SECONDS, MIN_MANIFEST_WINDOW_SECONDS, SEGMENT_DURATION_SECONDS,
};
use mediapackage_origin::{ContainerType, ManifestName, OriginNames, PairSpec, ResourceName};

/// Why a config was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not TOML, has an unknown key, misses a required one or has a value of the
    /// wrong type. The message names the key and, for unknown keys, the keys allowed.
    #[error("config is not valid: {message}")]
    Syntax {
        /// The TOML parser's message (with the line and the key).
        message: String,
    },
    /// A value is of the right type but not allowed.
    #[error("config key `{key}` has value {value}: {allowed}")]
    Invalid {
        /// The dotted key, such as `contribution.allowed_cidr`.
        key: String,
        /// The value given (never a secret).
        value: String,
        /// What is allowed.
        allowed: String,
    },
}

fn invalid(key: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Error {
    Error::Invalid {
        key: key.to_owned(),
        value: value.to_string(),
        allowed: allowed.into(),
    }
}

/// The config file as written, before its values are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    event: RawEvent,
    // Left out of the canonical form while it is the default, so that configs written before the
    // key existed keep their hash.
    #[serde(default, skip_serializing_if = "RawOrigin::is_default")]
    origin: RawOrigin,
    regions: RawSites<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    containers: Option<RawSites<String>>,
    contribution: RawContribution,
    #[serde(default)]
    encoding: RawEncoding,
    #[serde(default)]
    cloudfront: RawCloudFront,
    #[serde(default)]
    player: RawPlayer,
    #[serde(default)]
    lifecycle: RawLifecycle,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrigin {
    kind: String,
    // The MediaPackage v2 origin's settings; each left out takes its default, and none is allowed
    // with another kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    manifest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    segment_duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    manifest_window: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    startover_window: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_quality: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    encryption: Option<bool>,
}

impl Default for RawOrigin {
    fn default() -> Self {
        RawOrigin {
            kind: Origin::MediaStore.name().to_owned(),
            channel_group: None,
            channel: None,
            endpoint: None,
            manifest: None,
            segment_duration: None,
            manifest_window: None,
            startover_window: None,
            container: None,
            media_quality: None,
            encryption: None,
        }
    }
}

impl RawOrigin {
    fn is_default(&self) -> bool {
        *self == RawOrigin::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    name: String,
    // The MediaStore origin's: where the channel writes, and the secret CloudFront sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    account_id: String,
    medialive_role_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_agent_env: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSites<T> {
    primary: T,
    backup: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContribution {
    protocol: String,
    allowed_cidr: String,
    ingest_port: u32,
    #[serde(default = "default_zones")]
    availability_zones: [String; 2],
}

fn default_zones() -> [String; 2] {
    ["a".to_owned(), "b".to_owned()]
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEncoding {
    #[serde(default = "default_frame_rate")]
    frame_rate: String,
    #[serde(default = "default_segment_length")]
    segment_length: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ladder: Option<Vec<RawRung>>,
}

/// One rung of the ladder as written: medialive-template's `Rung`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    width: u32,
    height: u32,
    video_bitrate: u32,
    profile: H264Profile,
    level: H264Level,
    #[serde(default = "default_audio_bitrate")]
    audio_bitrate: u32,
}

fn default_audio_bitrate() -> u32 {
    128_000
}

// The defaults are medialive-template's (`LiveHlsChannel`): 30 fps, 6-second segments.
fn default_frame_rate() -> String {
    FrameRate::FPS_30.to_string()
}

fn default_segment_length() -> u32 {
    6
}

impl Default for RawEncoding {
    fn default() -> Self {
        RawEncoding {
            frame_rate: default_frame_rate(),
            segment_length: default_segment_length(),
            ladder: None,
        }
    }
}

/// The origin timeouts as written; a key left out takes origin-failover's recommended value for the
/// cadence and the player (never CloudFront's own defaults, which stall a live player).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCloudFront {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connection_timeout: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connection_attempts: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin_read_timeout: Option<u32>,
    // Whether the plan is accepted, not what it deploys: left out of the config's hash.
    #[serde(default, skip_serializing)]
    allow_stall: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlayer {
    #[serde(default = "default_buffer_segments")]
    buffer_segments: u32,
}

fn default_buffer_segments() -> u32 {
    Player::LIVE_EDGE_SEGMENTS
}

impl Default for RawPlayer {
    fn default() -> Self {
        RawPlayer {
            buffer_segments: default_buffer_segments(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifecycle {
    #[serde(default = "default_factor")]
    stale_manifest_factor: String,
}

fn default_factor() -> String {
    Factor::RECIPE.to_string()
}

impl Default for RawLifecycle {
    fn default() -> Self {
        RawLifecycle {
            stale_manifest_factor: default_factor(),
        }
    }
}

impl RawEvent {
    /// Checks the `[event]` keys every origin needs; returns the account.
    fn check(&self) -> Result<AccountId, Error> {
        check_name("event.name", &self.name)?;
        let account = AccountId::new(&self.account_id).map_err(|error| {
            invalid(
                "event.account_id",
                format!("{:?}", self.account_id),
                error.to_string(),
            )
        })?;
        let role_prefix = format!("arn:aws:iam::{}:role/", self.account_id);
        if !self.medialive_role_arn.starts_with(&role_prefix)
            || self.medialive_role_arn.len() == role_prefix.len()
        {
            return Err(invalid(
                "event.medialive_role_arn",
                format!("{:?}", self.medialive_role_arn),
                format!("an IAM role ARN of the event's account, \"{role_prefix}<name>\""),
            ));
        }
        Ok(account)
    }
}

/// Checks `event.path`: the folder a MediaStore origin's channel writes into.
fn check_path(path: &str) -> Result<PipelineNames, Error> {
    if path.is_empty()
        || path.starts_with('/')
        || path.ends_with('/')
        || path.split('/').any(|part| {
            part.is_empty()
                || !part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    {
        return Err(invalid(
            "event.path",
            format!("{path:?}"),
            "folders of A-Z, a-z, 0-9, '-' and '_' separated by '/', such as \"live\" (no leading or trailing '/')",
        ));
    }
    // The path's own rule above is stricter than the pipelines' (it is also an object path and a
    // lifecycle rule's prefix), so this only fails if the two rules drift apart.
    PipelineNames::recipe(path).map_err(|error| invalid("event.path", format!("{path:?}"), error.to_string()))
}

/// Checks `event.user_agent_env`: the name of the variable that holds a MediaStore origin's secret.
fn check_user_agent_env(name: &str) -> Result<(), Error> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(invalid(
            "event.user_agent_env",
            format!("{name:?}"),
            "the name of an environment variable: A-Z, 0-9 and '_' (the secret itself never goes in the file)",
        ));
    }
    Ok(())
}

impl RawOrigin {
    /// Checks `[origin] kind` against the kinds this version deploys.
    fn kind(&self) -> Result<Origin, Error> {
        Origin::ALL
            .into_iter()
            .find(|origin| origin.name() == self.kind)
            .ok_or_else(|| {
                let names: Vec<String> = Origin::ALL
                    .iter()
                    .map(|origin| format!("{:?}", origin.name()))
                    .collect();
                invalid(
                    "origin.kind",
                    format!("{:?}", self.kind),
                    format!(
                        "one of the origin kinds this version deploys: {}",
                        names.join(", ")
                    ),
                )
            })
    }

    /// The MediaPackage v2 settings that are set, by key, with their values as written.
    fn package_settings(&self) -> Vec<(&'static str, String)> {
        let text = |value: &Option<String>| value.as_ref().map(|v| format!("{v:?}"));
        let number = |value: &Option<u32>| value.map(|v| v.to_string());
        let flag = |value: &Option<bool>| value.map(|v| v.to_string());
        [
            ("origin.channel_group", text(&self.channel_group)),
            ("origin.channel", text(&self.channel)),
            ("origin.endpoint", text(&self.endpoint)),
            ("origin.manifest", text(&self.manifest)),
            ("origin.segment_duration", number(&self.segment_duration)),
            ("origin.manifest_window", number(&self.manifest_window)),
            ("origin.startover_window", number(&self.startover_window)),
            ("origin.container", text(&self.container)),
            ("origin.media_quality", flag(&self.media_quality)),
            ("origin.encryption", flag(&self.encryption)),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect()
    }

    /// Checks the MediaPackage v2 settings, filling in the defaults (`event` names the channel
    /// group; the endpoint's segments default to MediaLive's).
    fn check_package(&self, event: &str, segment_length: u32) -> Result<MediaPackageConfig, Error> {
        let name = |key: &str, value: &Option<String>, default: &str| {
            let value = value.as_deref().unwrap_or(default);
            ResourceName::new(value).map_err(|error| invalid(key, format!("{value:?}"), error.to_string()))
        };
        let names = OriginNames {
            group: name("origin.channel_group", &self.channel_group, event)?,
            channel: name("origin.channel", &self.channel, DEFAULT_PACKAGE_CHANNEL)?,
            endpoint: name("origin.endpoint", &self.endpoint, DEFAULT_PACKAGE_ENDPOINT)?,
        };
        let manifest_name = self.manifest.as_deref().unwrap_or(DEFAULT_MANIFEST);
        let manifest = ManifestName::new(manifest_name)
            .map_err(|error| invalid("origin.manifest", format!("{manifest_name:?}"), error.to_string()))?;
        let segment_duration = self.segment_duration.unwrap_or(segment_length);
        if !SEGMENT_DURATION_SECONDS.contains(&segment_duration)
            || !segment_duration.is_multiple_of(segment_length)
        {
            return Err(invalid(
                "origin.segment_duration",
                segment_duration,
                format!(
                    "{}-{} seconds and a whole multiple of encoding.segment_length ({segment_length}): \
                     MediaPackage joins whole input segments",
                    SEGMENT_DURATION_SECONDS.start(),
                    SEGMENT_DURATION_SECONDS.end()
                ),
            ));
        }
        let manifest_window = self.manifest_window.unwrap_or(DEFAULT_MANIFEST_WINDOW);
        if manifest_window < MIN_MANIFEST_WINDOW_SECONDS {
            return Err(invalid(
                "origin.manifest_window",
                manifest_window,
                format!("at least {MIN_MANIFEST_WINDOW_SECONDS} seconds"),
            ));
        }
        let startover_window = self.startover_window.unwrap_or(0);
        if startover_window > MAX_STARTOVER_WINDOW_SECONDS {
            return Err(invalid(
                "origin.startover_window",
                startover_window,
                format!("0 (none) to {MAX_STARTOVER_WINDOW_SECONDS} seconds (14 days)"),
            ));
        }
        let container = match self.container.as_deref() {
            None | Some("cmaf") => ContainerType::Cmaf,
            Some("ts") => ContainerType::Ts,
            Some(other) => {
                return Err(invalid(
                    "origin.container",
                    format!("{other:?}"),
                    "\"cmaf\" (the default) or \"ts\": the segments' container for HLS",
                ));
            }
        };
        if self.encryption == Some(true) {
            return Err(invalid(
                "origin.encryption",
                true,
                "false (the default): this version deploys unencrypted endpoints; encryption needs a SPEKE \
                 key provider it does not configure",
            ));
        }
        Ok(MediaPackageConfig {
            names,
            manifest,
            segment_duration,
            manifest_window,
            startover_window,
            container,
            media_quality: self.media_quality.unwrap_or(true),
        })
    }
}

/// The channel group's channel when the config leaves `origin.channel` out.
const DEFAULT_PACKAGE_CHANNEL: &str = "main";
/// The origin endpoint when the config leaves `origin.endpoint` out.
const DEFAULT_PACKAGE_ENDPOINT: &str = "hls";
/// The multivariant playlist when the config leaves `origin.manifest` out: `index.m3u8`, as the
/// recipe's static manifest.
const DEFAULT_MANIFEST: &str = "index";
/// The manifest window when the config leaves `origin.manifest_window` out: MediaPackage's default.
const DEFAULT_MANIFEST_WINDOW: u32 = 60;

/// Checks the origin's keys: `[origin]` and, for the MediaStore origin, `event.path`,
/// `event.user_agent_env`, `[containers]` and `[lifecycle]`; a key of another kind's is refused.
fn check_origin(raw: &RawConfig) -> Result<OriginConfig, Error> {
    let kind = raw.origin.kind()?;
    let only_for = |key: &str, value: String, kind: Origin| {
        invalid(
            key,
            value,
            format!("nothing: the key is for [origin] kind = \"{kind}\" only"),
        )
    };
    match kind {
        Origin::MediaStore => {
            if let Some((key, value)) = raw.origin.package_settings().into_iter().next() {
                return Err(only_for(key, value, Origin::MediaPackageV2));
            }
            let path = raw
                .event
                .path
                .as_deref()
                .ok_or_else(|| missing("event.path", kind))?;
            let pipelines = check_path(path)?;
            let user_agent_env = raw
                .event
                .user_agent_env
                .clone()
                .ok_or_else(|| missing("event.user_agent_env", kind))?;
            check_user_agent_env(&user_agent_env)?;
            let containers = raw
                .containers
                .as_ref()
                .ok_or_else(|| missing("containers", kind))?;
            let container = |key: &str, name: &str| {
                ContainerName::new(name).map_err(|error| invalid(key, format!("{name:?}"), error.to_string()))
            };
            let factor: Factor = raw.lifecycle.stale_manifest_factor.parse().map_err(
                |error: mediastore_policy::lifecycle::Error| {
                    invalid(
                        "lifecycle.stale_manifest_factor",
                        format!("{:?}", raw.lifecycle.stale_manifest_factor),
                        error.to_string(),
                    )
                },
            )?;
            Ok(OriginConfig::MediaStore(MediaStoreConfig {
                containers: [
                    container("containers.primary", &containers.primary)?,
                    container("containers.backup", &containers.backup)?,
                ],
                pipelines,
                user_agent_env,
                factor,
            }))
        }
        Origin::MediaPackageV2 => {
            let mediastore_keys = [
                ("event.path", raw.event.path.as_ref().map(|v| format!("{v:?}"))),
                (
                    "event.user_agent_env",
                    raw.event.user_agent_env.as_ref().map(|v| format!("{v:?}")),
                ),
                (
                    "containers",
                    raw.containers.as_ref().map(|_| "a table".to_owned()),
                ),
                (
                    "lifecycle.stale_manifest_factor",
                    (raw.lifecycle != RawLifecycle::default())
                        .then(|| format!("{:?}", raw.lifecycle.stale_manifest_factor)),
                ),
            ];
            if let Some((key, Some(value))) = mediastore_keys.into_iter().find(|(_, value)| value.is_some()) {
                return Err(only_for(key, value, Origin::MediaStore));
            }
            Ok(OriginConfig::MediaPackageV2(
                raw.origin
                    .check_package(&raw.event.name, raw.encoding.segment_length)?,
            ))
        }
    }
}

/// A key the origin kind needs is missing.
fn missing(key: &str, kind: Origin) -> Error {
    invalid(
        key,
        "nothing",
        format!("a value: [origin] kind = \"{kind}\" needs it"),
    )
}

/// Checks `[regions]`: two different Regions.
fn check_regions(raw_regions: &RawSites<String>) -> Result<[Region; 2], Error> {
    let region = |key: &str, code: &str| {
        Region::new(code).map_err(|error| invalid(key, format!("{code:?}"), error.to_string()))
    };
    let regions = [
        region("regions.primary", &raw_regions.primary)?,
        region("regions.backup", &raw_regions.backup)?,
    ];
    if regions[0] == regions[1] {
        return Err(invalid(
            "regions.backup",
            format!("{:?}", raw_regions.backup),
            "a Region other than regions.primary: the recipe needs two Regions",
        ));
    }
    Ok(regions)
}

impl RawContribution {
    /// Checks the `[contribution]` keys; returns the allowed CIDR, normalised.
    fn check(&self) -> Result<String, Error> {
        // The recipe contributes with Reliable TS (Zixi push); the plan's flows are built for it.
        let recipe_protocol = Protocol::ZixiPush;
        if self.protocol != recipe_protocol.as_str() {
            return Err(invalid(
                "contribution.protocol",
                format!("{:?}", self.protocol),
                format!(
                    "\"{recipe_protocol}\" (Reliable TS from the contribution encoder, as in the recipe)"
                ),
            ));
        }
        let cidr = check_cidr(&self.allowed_cidr)?;
        if !(1..=65535).contains(&self.ingest_port) {
            return Err(invalid(
                "contribution.ingest_port",
                self.ingest_port,
                "a TCP/UDP port, 1-65535 (Zixi push listens on 2088 by default)",
            ));
        }
        for (index, zone) in self.availability_zones.iter().enumerate() {
            if zone.len() != 1 || !zone.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(invalid(
                    &format!("contribution.availability_zones[{index}]"),
                    format!("{zone:?}"),
                    "one Availability Zone letter, such as \"a\" (appended to each Region's code)",
                ));
            }
        }
        if self.availability_zones[0] == self.availability_zones[1] {
            return Err(invalid(
                "contribution.availability_zones[1]",
                format!("{:?}", self.availability_zones[1]),
                "a zone other than the first: the two flows must be in different Availability Zones",
            ));
        }
        Ok(cidr)
    }
}

impl RawEncoding {
    /// Checks the `[encoding]` keys; returns the frame rate, the segment cadence and the ladder.
    fn check(&self) -> Result<(FrameRate, Cadence, Option<Vec<Rung>>), Error> {
        let frame_rate: FrameRate = self.frame_rate.parse().map_err(|error: hls_epoch::rate::Error| {
            invalid(
                "encoding.frame_rate",
                format!("{:?}", self.frame_rate),
                error.to_string(),
            )
        })?;
        let cadence = Cadence::from_medialive_segment_length(self.segment_length, frame_rate)
            .map_err(|error| invalid("encoding.segment_length", self.segment_length, error.to_string()))?;
        let ladder = match &self.ladder {
            None => None,
            Some(rungs) => Some(check_ladder(rungs)?),
        };
        Ok((frame_rate, cadence, ladder))
    }
}

impl RawPlayer {
    /// Checks the `[player]` keys; returns the player the failover budget assumes.
    fn check(&self, cadence: Cadence) -> Result<Player, Error> {
        if self.buffer_segments == 0 {
            return Err(invalid(
                "player.buffer_segments",
                0,
                format!(
                    "at least 1 segment: the media a viewer's player holds ahead of the play head ({} for a player at the HLS live edge)",
                    Player::LIVE_EDGE_SEGMENTS
                ),
            ));
        }
        Ok(Player::segments(self.buffer_segments, cadence))
    }
}

impl RawCloudFront {
    /// Checks the `[cloudfront]` timeouts, filling in the recommended ones left out (so that a
    /// config that spells out the recommended values hashes as one that leaves them out).
    fn check(&mut self, recommended: OriginTimeouts) -> Result<OriginTimeouts, Error> {
        let cloudfront = self;
        let connection_timeout = *cloudfront
            .connection_timeout
            .get_or_insert(recommended.connection_timeout.seconds());
        let connection_attempts = *cloudfront
            .connection_attempts
            .get_or_insert(recommended.connection_attempts.count());
        let read_timeout = *cloudfront
            .origin_read_timeout
            .get_or_insert(recommended.read_timeout.seconds());
        // Filled in, so that a config that spells out the recommended values hashes as one that
        // leaves them out.
        let timeouts = OriginTimeouts::new(connection_timeout, connection_attempts, read_timeout, None)
            .map_err(|error| {
                invalid(
                    "cloudfront",
                    format!(
                        "connection_timeout = {connection_timeout}, connection_attempts = {connection_attempts}, origin_read_timeout = {read_timeout}"
                    ),
                    error.to_string(),
                )
            })?;
        Ok(timeouts)
    }
}

/// A checked deployment config.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    raw: RawConfig,
    origin: OriginConfig,
    account: AccountId,
    regions: [Region; 2],
    cidr: String,
    frame_rate: FrameRate,
    cadence: Cadence,
    ladder: Option<Vec<Rung>>,
    timeouts: OriginTimeouts,
    recommended: OriginTimeouts,
    player: Player,
    allow_stall: bool,
}

/// The origin's settings, checked: `[origin]` and the keys of its kind.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum OriginConfig {
    /// The recipe's MediaStore containers.
    MediaStore(MediaStoreConfig),
    /// A MediaPackage v2 channel per Region.
    MediaPackageV2(MediaPackageConfig),
}

/// The MediaStore origin's settings: `event.path`, `event.user_agent_env`, `[containers]` and
/// `[lifecycle]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaStoreConfig {
    containers: [ContainerName; 2],
    pipelines: PipelineNames,
    user_agent_env: String,
    factor: Factor,
}

impl MediaStoreConfig {
    /// A site's container name.
    pub fn container(&self, site: Site) -> &ContainerName {
        &self.containers[site_index(site)]
    }

    /// The folder(s) the channel writes into, such as `live`.
    pub fn path(&self) -> &str {
        self.pipelines.path()
    }

    /// Where the two pipelines write: the event's path and the recipe's base names.
    pub fn pipelines(&self) -> &PipelineNames {
        &self.pipelines
    }

    /// The name of the environment variable that holds the `User-Agent` secret.
    pub fn user_agent_env(&self) -> &str {
        &self.user_agent_env
    }

    /// How many segment durations a rendition manifest may go unchanged before it is expired.
    pub fn stale_manifest_factor(&self) -> Factor {
        self.factor
    }
}

/// The MediaPackage v2 origin's settings (`[origin]` with `kind = "mediapackage-v2"`), the same in
/// both Regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaPackageConfig {
    names: OriginNames,
    manifest: ManifestName,
    segment_duration: u32,
    manifest_window: u32,
    startover_window: u32,
    container: ContainerType,
    media_quality: bool,
}

impl MediaPackageConfig {
    /// The channel group, channel and endpoint names (`origin.channel_group`, `origin.channel`,
    /// `origin.endpoint`; by default the event's name, `main` and `hls`).
    pub fn names(&self) -> &OriginNames {
        &self.names
    }

    /// Whether CloudFront selects between the Regions by media quality (`origin.media_quality`,
    /// true by default): the channels publish their scores and the endpoint policies allow `HEAD`.
    pub fn media_quality(&self) -> bool {
        self.media_quality
    }

    /// The description both Regions' documents are built from, for MediaLive segments of
    /// `input_segment_seconds`.
    pub fn pair_spec(&self, input_segment_seconds: u32) -> PairSpec {
        PairSpec {
            container: self.container.clone(),
            manifest_window_seconds: self.manifest_window,
            startover_window_seconds: self.startover_window,
            publish_mqcs: self.media_quality,
            ..PairSpec::new(
                self.names.clone(),
                self.manifest.clone(),
                self.segment_duration,
                input_segment_seconds,
            )
        }
    }
}

impl Config {
    /// Parses and checks a config file's text.
    pub fn from_toml(text: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| Error::Syntax {
            message: error.to_string().trim_end().to_owned(),
        })?;
        Config::check(raw)
    }

    fn check(mut raw: RawConfig) -> Result<Config, Error> {
        let account = raw.event.check()?;
        let regions = check_regions(&raw.regions)?;
        let cidr = raw.contribution.check()?;
        let (frame_rate, cadence, ladder) = raw.encoding.check()?;
        let origin = check_origin(&raw)?;
        let player = raw.player.check(cadence)?;
        let recommended = recommended_timeouts(cadence, player);
        let timeouts = raw.cloudfront.check(recommended)?;
        for (key, value) in &raw.tags {
            if key.is_empty() || key.len() > 128 || value.len() > 256 || key.starts_with("aws:") {
                return Err(invalid(
                    &format!("tags.{key}"),
                    format!("{value:?}"),
                    "a key of 1-128 characters not starting with \"aws:\" and a value of at most 256",
                ));
            }
        }
        Ok(Config {
            origin,
            account,
            regions,
            cidr,
            frame_rate,
            cadence,
            ladder,
            timeouts,
            recommended,
            player,
            allow_stall: raw.cloudfront.allow_stall,
            raw,
        })
    }

    /// The kind of origin each Region serves from (`[origin] kind`).
    pub fn origin(&self) -> Origin {
        match self.origin {
            OriginConfig::MediaStore(_) => Origin::MediaStore,
            OriginConfig::MediaPackageV2(_) => Origin::MediaPackageV2,
        }
    }

    /// The origin's settings.
    pub fn origin_config(&self) -> &OriginConfig {
        &self.origin
    }

    /// The MediaStore origin's settings, when the origin is MediaStore.
    pub fn mediastore(&self) -> Option<&MediaStoreConfig> {
        match &self.origin {
            OriginConfig::MediaStore(settings) => Some(settings),
            OriginConfig::MediaPackageV2(_) => None,
        }
    }

    /// The MediaPackage v2 origin's settings, when the origin is MediaPackage v2.
    pub fn mediapackage(&self) -> Option<&MediaPackageConfig> {
        match &self.origin {
            OriginConfig::MediaPackageV2(settings) => Some(settings),
            OriginConfig::MediaStore(_) => None,
        }
    }

    /// The event's name; every resource name starts with it.
    pub fn event(&self) -> &str {
        &self.raw.event.name
    }

    /// The AWS account.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The IAM role MediaLive assumes.
    pub fn medialive_role_arn(&self) -> &str {
        &self.raw.event.medialive_role_arn
    }

    /// A site's Region.
    pub fn region(&self, site: Site) -> &Region {
        &self.regions[site_index(site)]
    }

    /// The contribution's ingest port.
    pub fn ingest_port(&self) -> u16 {
        // Checked to be 1-65535 in `check`.
        u16::try_from(self.raw.contribution.ingest_port).unwrap_or(u16::MAX)
    }

    /// The CIDR block allowed to push the contribution.
    pub fn allowed_cidr(&self) -> &str {
        &self.cidr
    }

    /// The Availability Zone suffixes of flows A and B.
    pub fn availability_zones(&self) -> [&str; 2] {
        let [a, b] = &self.raw.contribution.availability_zones;
        [a, b]
    }

    /// The encodes' frame rate.
    pub fn frame_rate(&self) -> FrameRate {
        self.frame_rate
    }

    /// `SegmentLength` in whole seconds.
    pub fn segment_length(&self) -> u32 {
        self.raw.encoding.segment_length
    }

    /// The exact segment cadence.
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    /// The ladder, when the config sets one (medialive-template's default ladder otherwise).
    pub fn ladder(&self) -> Option<&[Rung]> {
        self.ladder.as_deref()
    }

    /// The origins' CloudFront timeouts: the `[cloudfront]` keys, each left out taking its value from
    /// [`Config::recommended_timeouts`].
    pub fn origin_timeouts(&self) -> OriginTimeouts {
        self.timeouts
    }

    /// origin-failover's recommended timeouts for the cadence and the player.
    pub fn recommended_timeouts(&self) -> OriginTimeouts {
        self.recommended
    }

    /// The viewers' player: `player.buffer_segments` segments of the cadence (by default
    /// [`Player::LIVE_EDGE_SEGMENTS`], a player at the HLS live edge).
    pub fn player(&self) -> Player {
        self.player
    }

    /// Whether a plan whose failover budget stalls the player is accepted (`cloudfront.allow_stall`);
    /// the plan then shows the stall as a warning.
    pub fn allow_stall(&self) -> bool {
        self.allow_stall
    }

    /// This config with stalls allowed whatever the file says, as a command's `--allow-stall` does.
    /// The hash does not change: the deployment is the same.
    pub fn allowing_stall(mut self) -> Config {
        self.allow_stall = true;
        self
    }

    /// Tags for every resource that takes tags (the event tag is added by the plan).
    pub fn tags(&self) -> &BTreeMap<String, String> {
        &self.raw.tags
    }

    /// SHA-256 (hex) of the config's checked content: equal configs give equal hashes whatever
    /// their comments, key order or formatting, or whether they spell out default values.
    /// `allow_stall` is left out: it decides whether a plan is accepted, not what it deploys.
    pub fn hash(&self) -> String {
        let canonical = serde_json::to_vec(&self.raw).unwrap_or_default();
        Sha256::digest(&canonical)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// Timeouts as the `[cloudfront]` keys that set them:
/// `connection_timeout = 2, connection_attempts = 1, origin_read_timeout = 2`.
pub(crate) fn cloudfront_keys(timeouts: OriginTimeouts) -> String {
    format!(
        "connection_timeout = {}, connection_attempts = {}, origin_read_timeout = {}",
        timeouts.connection_timeout.seconds(),
        timeouts.connection_attempts.count(),
        timeouts.read_timeout.seconds()
    )
}

fn site_index(site: Site) -> usize {
    match site {
        Site::Primary => 0,
        Site::Backup => 1,
    }
}

fn check_name(key: &str, name: &str) -> Result<(), Error> {
    // Resource names are built from it (flows, inputs, channels, a CloudFront caller reference):
    // keep it to what every one of those accepts, and free of dots (MediaConnect ARNs end with it).
    let ok = !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            key,
            format!("{name:?}"),
            "1-40 characters of A-Z, a-z, 0-9 and '-', not starting or ending with '-'",
        ))
    }
}

fn check_ladder(rungs: &[RawRung]) -> Result<Vec<Rung>, Error> {
    if rungs.is_empty() {
        return Err(invalid(
            "encoding.ladder",
            "[]",
            "at least one rung (or no `ladder` key for medialive-template's default ladder)",
        ));
    }
    let mut ladder = Vec::with_capacity(rungs.len());
    for (index, rung) in rungs.iter().enumerate() {
        let key = |field: &str| format!("encoding.ladder[{index}].{field}");
        // Open enums keep values MediaLive may add later; a person's config must use known ones.
        if let H264Profile::Other(value) = &rung.profile {
            return Err(invalid(
                &key("profile"),
                format!("{value:?}"),
                "an H.264 profile MediaLive knows: BASELINE, MAIN, HIGH, HIGH_10BIT, HIGH_422 or HIGH_422_10BIT",
            ));
        }
        if let H264Level::Other(value) = &rung.level {
            return Err(invalid(
                &key("level"),
                format!("{value:?}"),
                "an H.264 level as MediaLive spells it, such as H264_LEVEL_4_1",
            ));
        }
        for (field, value) in [
            ("width", rung.width),
            ("height", rung.height),
            ("video_bitrate", rung.video_bitrate),
            ("audio_bitrate", rung.audio_bitrate),
        ] {
            if value == 0 {
                return Err(invalid(&key(field), 0, "a positive number"));
            }
        }
        ladder.push(
            Rung::builder()
                .width(rung.width)
                .height(rung.height)
                .video_bitrate(rung.video_bitrate)
                .profile(rung.profile.clone())
                .level(rung.level.clone())
                .audio_bitrate(rung.audio_bitrate)
                .build(),
        );
    }
    Ok(ladder)
}

fn check_cidr(cidr: &str) -> Result<String, Error> {
    let refuse = || {
        invalid(
            "contribution.allowed_cidr",
            format!("{cidr:?}"),
            "an IPv4 CIDR block such as \"203.0.113.0/24\" (the contribution encoders' public addresses)",
        )
    };
    let (address, prefix) = cidr.split_once('/').ok_or_else(refuse)?;
    let address: IpAddr = address.parse().map_err(|_| refuse())?;
    let prefix: u8 = prefix.parse().map_err(|_| refuse())?;
    match address {
        IpAddr::V4(_) if prefix <= 32 => Ok(cidr.to_owned()),
        _ => Err(refuse()),
    }
}
