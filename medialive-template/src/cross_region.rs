//! Cross-Region rules for channels that feed MediaPackage v2 (AWS's cross-Region failover pattern):
//! the encoders in both Regions must produce the same segments with the same names, so that either
//! Region's MediaPackage endpoint can answer any request.
//!
//! - Within one channel ([`Channel::validate`] applies these to every MediaPackage v2 and CMAF Ingest
//!   group): the segment is a whole number of frames at every encode, the GOP divides it, and the video
//!   frame rates are all fractional or all integer.
//! - Between the two Regions' channels ([`cross_region`]): identical `EncoderSettings` (output names,
//!   encodes, output group settings), MediaPackage destinations naming the same channel group, channel
//!   and ingest endpoint in another Region, CMAF Ingest destinations with the same path; and no HLS
//!   output group writing to MediaPackage v2 (a channel with HLS input does not align segments across
//!   Regions).
//! - Between one session of a channel and the next ([`next_session`]): the segment never grows, a
//!   frame rate changes only to a whole multiple or divisor of the same family, and the epoch never
//!   changes. Otherwise MediaPackage sees sequence numbers go back and refuses the ingest.
//!
//! ```
//! use medialive_template::cross_region::{self, CrossRegionReport};
//! use medialive_template::validation::Check;
//! use medialive_template::Channel;
//!
//! let east = Channel::from_json(r#"{"EncoderSettings": {"OutputGroups": [{"Outputs": [{"OutputName": "1080p"}]}]}}"#)?;
//! let west = Channel::from_json(r#"{"EncoderSettings": {"OutputGroups": [{"Outputs": [{"OutputName": "hd"}]}]}}"#)?;
//! let report: CrossRegionReport = cross_region::cross_region(&east, &west, "25".parse()?);
//! let finding = report.between.of(Check::OutputNamesDiffer).next().ok_or("no finding")?;
//! assert_eq!(finding.path, "$.EncoderSettings.OutputGroups[0].Outputs[0].OutputName");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use hls_epoch::{Cadence, FrameRate};
use serde_json::Value;

use crate::destination::DestinationUrl;
use crate::diff::{Change, TemplateDiff};
use crate::media_package::SegmentLength;
use crate::validation::{Check, OutputVideo, Report, Severity, check_gop, output_video, timing};
use crate::{Channel, EncoderSettings, OutputGroup};

/// What the cross-Region check found: each Region's channel on its own, and between them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CrossRegionReport {
    /// The primary Region's channel ([`Channel::validate`] plus the MediaPackage ingest rules).
    pub primary: Report,
    /// The backup Region's channel, checked the same way.
    pub backup: Report,
    /// Every difference between the two channels that breaks failover; paths are in both documents.
    pub between: Report,
}

impl CrossRegionReport {
    /// Whether no finding anywhere is an error.
    pub fn is_ok(&self) -> bool {
        self.primary.is_ok() && self.backup.is_ok() && self.between.is_ok()
    }
}

impl fmt::Display for CrossRegionReport {
    /// Three sections: `primary:`, `backup:` and `between the Regions:`, each one finding per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "primary:\n{}\nbackup:\n{}\nbetween the Regions:\n{}",
            self.primary, self.backup, self.between
        )
    }
}

/// Checks the two Regions' channels for cross-Region failover through MediaPackage v2, each against a
/// source at `source` fps. What may differ: the envelope (`Name`, `RoleArn`, `ChannelClass`, inputs,
/// tags), `MediaPackageRegionName` and the host of CMAF Ingest URLs.
pub fn cross_region(primary: &Channel, backup: &Channel, source: FrameRate) -> CrossRegionReport {
    let mut report = CrossRegionReport {
        primary: primary.validate(source),
        backup: backup.validate(source),
        between: Report::default(),
    };
    check_hls_ingest(&mut report.primary, primary);
    check_hls_ingest(&mut report.backup, backup);
    check_encoder_settings(&mut report.between, primary, backup);
    check_destinations(&mut report.between, primary, backup);
    report
}

/// Checks `next` as the next session of a channel that ran as `previous` into the same MediaPackage
/// channel: no segment grows, no frame rate changes family or to a rate that is not a whole multiple
/// or divisor of the previous one, and the epoch stays.
pub fn next_session(previous: &Channel, next: &Channel) -> Report {
    let mut report = Report::default();
    let (Some(before), Some(after)) = (&previous.encoder_settings, &next.encoder_settings) else {
        return report;
    };
    for (g, (old, new)) in groups(before).zip(groups(after)).enumerate() {
        let (Some((_, old_length)), Some((path, new_length))) = (segment_of(old), segment_of(new)) else {
            continue;
        };
        let (Ok(old_ms), Ok(new_ms)) = (old_length.millis(), new_length.millis()) else {
            continue;
        };
        if new_ms > old_ms {
            report.push(
                Check::SegmentLengthGrew,
                Severity::Error,
                format!("$.EncoderSettings.OutputGroups[{g}].OutputGroupSettings.{path}.SegmentLength"),
                format!(
                    "the segment grows from {old_ms} ms to {new_ms} ms: MediaPackage needs a segment that never grows between sessions (keep {old_ms} ms or less)"
                ),
            );
        }
    }
    for (v, description) in after.video_descriptions.iter().flatten().enumerate() {
        let Some(old) = before
            .video_descriptions
            .iter()
            .flatten()
            .find(|d| d.name.is_some() && d.name == description.name)
        else {
            continue;
        };
        let (Some((_, old)), Some((codec_path, new))) = (
            timing(old, "$"),
            timing(description, &format!("$.EncoderSettings.VideoDescriptions[{v}]")),
        ) else {
            continue;
        };
        let (Some(from), Some(to)) = (old.specified_frame_rate(), new.specified_frame_rate()) else {
            continue;
        };
        if from != to && (from.is_integer() != to.is_integer() || !whole_multiples(from, to)) {
            report.push(
                Check::FrameRateChanged,
                Severity::Error,
                format!("{codec_path}.FramerateNumerator"),
                format!(
                    "the frame rate changes from {from} to {to} fps: between sessions it may change only to a whole multiple or divisor of the same family (such as 25 <-> 50 or 29.97 <-> 59.94)"
                ),
            );
        }
    }
    let epoch = |settings: &EncoderSettings| {
        settings
            .global_configuration
            .as_ref()
            .and_then(|g| g.output_locking_settings.as_ref())
            .and_then(|s| s.epoch_locking_settings.as_ref())
            .and_then(|e| e.custom_epoch.clone())
    };
    let (old_epoch, new_epoch) = (epoch(before), epoch(after));
    if old_epoch != new_epoch {
        let shown = |e: &Option<String>| e.clone().unwrap_or_else(|| "the Unix epoch".to_owned());
        report.push(
            Check::EpochChanged,
            Severity::Error,
            "$.EncoderSettings.GlobalConfiguration.OutputLockingSettings.EpochLockingSettings.CustomEpoch",
            format!(
                "the epoch changes from {} to {}: it must stay {} for as long as the MediaPackage channel receives this event",
                shown(&old_epoch),
                shown(&new_epoch),
                shown(&old_epoch)
            ),
        );
    }
    report
}

/// Whether one rate is a whole multiple of the other (25 and 50, 29.97 and 59.94).
fn whole_multiples(a: FrameRate, b: FrameRate) -> bool {
    let (an, ad) = (u64::from(a.numerator()), u64::from(a.denominator()));
    let (bn, bd) = (u64::from(b.numerator()), u64::from(b.denominator()));
    // a / b = (an * bd) / (ad * bn); a whole ratio either way.
    let (x, y) = (an * bd, ad * bn);
    x.is_multiple_of(y) || y.is_multiple_of(x)
}

/// The output groups, in order.
fn groups(settings: &EncoderSettings) -> impl Iterator<Item = &OutputGroup> {
    settings.output_groups.iter().flatten()
}

/// A group's segment length, when it is a MediaPackage v2 or CMAF Ingest group that sets one, with the
/// key path of its settings under `OutputGroupSettings`.
fn segment_of(group: &OutputGroup) -> Option<(&'static str, SegmentLength)> {
    let (key, segment) = cmaf_segment_of(group)?;
    Some((key, segment?))
}

/// The key path of a MediaPackage v2 or CMAF Ingest group's settings under `OutputGroupSettings`, and
/// its segment length if set; `None` for other groups.
fn cmaf_segment_of(group: &OutputGroup) -> Option<(&'static str, Option<SegmentLength>)> {
    if let Some(v2) = group
        .media_package()
        .and_then(|m| m.mediapackage_v2_group_settings.as_ref())
    {
        return Some((
            "MediaPackageGroupSettings.MediapackageV2GroupSettings",
            v2.segment(),
        ));
    }
    group
        .cmaf_ingest()
        .map(|c| ("CmafIngestGroupSettings", c.segment()))
}

/// The checks [`Channel::validate`] applies to a MediaPackage v2 or CMAF Ingest group: segment length
/// set and a whole number of frames, GOPs that divide it, frame rates all fractional or all integer.
/// Returns `false` for other groups.
pub(crate) fn check_cmaf_group(
    report: &mut Report,
    settings: &EncoderSettings,
    group: &OutputGroup,
    group_path: &str,
    prefix: &str,
    source: FrameRate,
) -> bool {
    let Some((key, segment)) = cmaf_segment_of(group) else {
        return false;
    };
    let settings_path = format!("{group_path}.OutputGroupSettings.{key}");
    let length_path = format!("{settings_path}.SegmentLength");
    let Some(segment) = segment else {
        report.push(
            Check::SegmentNotWholeFrames,
            Severity::Error,
            length_path,
            "SegmentLength is missing: set it, so that both Regions' channels and MediaPackage's endpoint agree on the segment (the endpoint's must be a whole multiple of it)",
        );
        return true;
    };
    let mut rates: Vec<(String, FrameRate)> = Vec::new();
    for output in group.outputs.iter().flatten() {
        let Some(OutputVideo {
            codec_path,
            timing,
            rate,
            ..
        }) = output_video(settings, output, prefix, source)
        else {
            continue;
        };
        if !rates.iter().any(|(_, r)| *r == rate) {
            check_cmaf_segment(report, &segment, &length_path, rate);
        }
        // Outputs that share a video description share its GOP: check it once.
        if !rates.iter().any(|(path, _)| *path == codec_path)
            && let Ok(cadence) = segment.cadence(rate)
        {
            let written = format!("SegmentLength {} {}", segment.length, segment.units);
            check_gop(report, cadence, &written, &timing, &codec_path, rate);
        }
        rates.push((codec_path, rate));
    }
    if let Some((_, first)) = rates.first()
        && let Some((path, other)) = rates.iter().find(|(_, r)| r.is_integer() != first.is_integer())
    {
        let kind = |r: &FrameRate| if r.is_integer() { "integer" } else { "fractional" };
        report.push(
            Check::MixedFrameRates,
            Severity::Error,
            format!("{path}.FramerateNumerator"),
            format!(
                "{other} fps is {} but {first} fps in the same group is {}: MediaPackage's cross-Region failover needs the group's video frame rates all integer (such as 25 and 50) or all fractional (such as 29.97 and 59.94)",
                kind(other),
                kind(first)
            ),
        );
    }
    true
}

fn check_cmaf_segment(report: &mut Report, segment: &SegmentLength, path: &str, rate: FrameRate) {
    let duration = match segment.duration() {
        Ok(duration) => duration,
        Err(err) => {
            report.push(
                Check::SegmentNotWholeFrames,
                Severity::Error,
                path,
                err.to_string(),
            );
            return;
        }
    };
    match segment.cadence(rate) {
        Err(err) => report.push(
            Check::SegmentNotWholeFrames,
            Severity::Error,
            path,
            err.to_string(),
        ),
        Ok(cadence) => {
            if Cadence::from_duration(duration, rate).is_err() {
                report.push(
                    Check::SegmentNotWholeFrames,
                    Severity::Warning,
                    path,
                    format!(
                        "SegmentLength {} {} is not a whole number of frames at {rate} fps: MediaLive makes {cadence}, so segments last {} s, not {} s; keep this exact duration in failover timing",
                        segment.length,
                        segment.units,
                        cadence.duration(),
                        duration
                    ),
                );
            }
        }
    }
}

/// HLS output groups writing to a MediaPackage v2 ingest URL need a channel with `InputType` HLS,
/// which does not align segments across Regions.
fn check_hls_ingest(report: &mut Report, channel: &Channel) {
    let Some(settings) = &channel.encoder_settings else {
        return;
    };
    for (g, group) in groups(settings).enumerate() {
        let Some(id) = group
            .hls()
            .and_then(|h| h.destination.as_ref())
            .and_then(|d| d.destination_ref_id.as_deref())
        else {
            continue;
        };
        for (d, entry) in channel.destinations.iter().flatten().enumerate() {
            if entry.id.as_deref() != Some(id) {
                continue;
            }
            for (s, setting) in entry.settings.iter().flatten().enumerate() {
                let Some(url) = setting.url.as_deref() else {
                    continue;
                };
                let Ok(parsed) = url.parse::<DestinationUrl>() else {
                    continue;
                };
                if parsed.host().contains(".mediapackagev2.") {
                    report.push(
                        Check::HlsIngestToMediaPackage,
                        Severity::Error,
                        format!("$.Destinations[{d}].Settings[{s}].Url"),
                        format!(
                            "{url:?} sends HLS to MediaPackage v2 (from $.EncoderSettings.OutputGroups[{g}]), which needs a channel with InputType HLS: cross-Region failover needs CMAF ingest, through a MediaPackage output group in v2 mode or a CMAF Ingest output group"
                        ),
                    );
                }
            }
        }
    }
}

fn check_encoder_settings(report: &mut Report, primary: &Channel, backup: &Channel) {
    let value = |c: &Channel| {
        c.encoder_settings
            .as_ref()
            .and_then(|s| serde_json::to_value(s).ok())
            .unwrap_or(Value::Null)
    };
    let diff = TemplateDiff::between_values(&value(primary), &value(backup));
    for (path, change) in diff.entries() {
        let path = format!("$.EncoderSettings{}", path.trim_start_matches('$'));
        let (before, after) = match change {
            Change::Added { after } => ("absent".to_owned(), after.to_string()),
            Change::Removed { before } => (before.to_string(), "absent".to_owned()),
            Change::Changed { before, after } => (before.to_string(), after.to_string()),
        };
        let (check, what) = if path.ends_with(".OutputName") {
            (Check::OutputNamesDiffer, "output names")
        } else {
            (Check::RegionsDiffer, "encoder and output settings")
        };
        report.push(
            check,
            Severity::Error,
            path,
            format!(
                "{before} in the primary Region's channel, {after} in the backup's: {what} must be identical in both Regions, so that both MediaPackage channels receive the same segments under the same names"
            ),
        );
    }
}

fn check_destinations(report: &mut Report, primary: &Channel, backup: &Channel) {
    let Some(settings) = &primary.encoder_settings else {
        return;
    };
    for group in groups(settings) {
        let media_package = group.media_package().and_then(|m| m.destination.as_ref());
        let cmaf = group.cmaf_ingest().and_then(|c| c.destination.as_ref());
        let Some(id) = media_package
            .or(cmaf)
            .and_then(|d| d.destination_ref_id.as_deref())
        else {
            continue;
        };
        let find = |c: &Channel| {
            c.destinations
                .iter()
                .flatten()
                .enumerate()
                .find(|(_, d)| d.id.as_deref() == Some(id))
                .map(|(d, entry)| (d, entry.clone()))
        };
        let (Some((d, a)), Some((_, b))) = (find(primary), find(backup)) else {
            continue;
        };
        for (s, (x, y)) in a
            .media_package_settings
            .iter()
            .flatten()
            .zip(b.media_package_settings.iter().flatten())
            .enumerate()
        {
            let path = format!("$.Destinations[{d}].MediaPackageSettings[{s}]");
            for (field, p, q) in [
                ("ChannelGroup", &x.channel_group, &y.channel_group),
                ("ChannelName", &x.channel_name, &y.channel_name),
            ] {
                if p != q {
                    report.push(
                        Check::MediaPackageDestinations,
                        Severity::Error,
                        format!("{path}.{field}"),
                        format!(
                            "{} in the primary Region's channel, {} in the backup's: the MediaPackage channel group and channel must have the same names in both Regions (the playback path is made of them)",
                            shown(p.as_deref()),
                            shown(q.as_deref())
                        ),
                    );
                }
            }
            if x.channel_endpoint_id != y.channel_endpoint_id {
                report.push(
                    Check::MediaPackageDestinations,
                    Severity::Error,
                    format!("{path}.ChannelEndpointId"),
                    format!(
                        "{} in the primary Region's channel, {} in the backup's: a pipeline writes to the same ingest endpoint in both Regions",
                        shown(x.channel_endpoint_id.as_ref().map(|e| e.as_str())),
                        shown(y.channel_endpoint_id.as_ref().map(|e| e.as_str()))
                    ),
                );
            }
            if x.media_package_region_name == y.media_package_region_name {
                report.push(
                    Check::MediaPackageDestinations,
                    Severity::Error,
                    format!("{path}.MediaPackageRegionName"),
                    format!(
                        "{} in both Regions' channels: each Region's channel writes to the MediaPackage channel in its own Region, so the Region names must differ (and be set, since absent means the MediaLive channel's own Region)",
                        shown(x.media_package_region_name.as_deref())
                    ),
                );
            }
        }
        for (s, (x, y)) in a
            .settings
            .iter()
            .flatten()
            .zip(b.settings.iter().flatten())
            .enumerate()
        {
            let path_of = |url: &Option<String>| {
                url.as_deref()
                    .and_then(|u| u.strip_prefix("https://"))
                    .and_then(|u| u.split_once('/'))
                    .map(|(_, path)| path.to_owned())
            };
            let (p, q) = (path_of(&x.url), path_of(&y.url));
            if p != q {
                report.push(
                    Check::MediaPackageDestinations,
                    Severity::Error,
                    format!("$.Destinations[{d}].Settings[{s}].Url"),
                    format!(
                        "ingest path {} in the primary Region's channel, {} in the backup's: the CMAF ingest URLs may differ only in their host (identical channel group and channel names give identical paths)",
                        shown(p.as_deref()),
                        shown(q.as_deref())
                    ),
                );
            }
        }
    }
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "absent".to_owned(), |v| format!("{v:?}"))
}
