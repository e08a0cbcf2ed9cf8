//! Epoch-locking validation: what in a channel would break epoch-locked, redundant, cross-Region HLS.
//!
//! [`Channel::validate`] checks a channel against the frame rate of its source and returns a [`Report`]
//! with one [`Finding`] per problem, each naming the JSON path to fix. Every cadence question (segment
//! frames, GOP alignment) is answered by [`hls_epoch`].
//!
//! ```
//! use medialive_template::{Channel, validation::Check};
//!
//! let channel = Channel::from_json(r#"{"ChannelClass": "STANDARD", "EncoderSettings": {
//!   "GlobalConfiguration": {"OutputLockingMode": "EPOCH_LOCKING"},
//!   "TimecodeConfig": {"Source": "ZEROBASED"}}}"#)?;
//! let report = channel.validate("25".parse()?);
//! let finding = &report.findings()[0];
//! assert_eq!(finding.check, Check::TimecodeWithoutUtc);
//! assert_eq!(finding.path, "$.EncoderSettings.TimecodeConfig.Source");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use hls_epoch::{Cadence, FrameRate, JamSyncTime, Seconds};

use crate::channel::ChannelClass;
use crate::destination::DestinationUrl;
use crate::encoder::{OutputLockingMode, TimecodeSource};
use crate::hls::{InputLossAction, Output};
use crate::video::{FramerateControl, GopError};
use crate::{Channel, EncoderSettings, H264Settings, HlsGroupSettings, Template, VideoDescription};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Works, but deserves a look (for example a segment that lasts 6.006 s, not 6 s).
    Warning,
    /// Breaks epoch locking, the redundant manifest or cross-Region failover.
    Error,
}

/// Which rule a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Check {
    /// `OutputLockingMode` is not `EPOCH_LOCKING`.
    EpochLockingOff,
    /// `CustomEpoch` or `JamSyncTime` is not a value MediaLive accepts.
    EpochSetting,
    /// A `JamSyncTime` is set but no encode runs at 29.97 or 59.94 fps, so it has no effect.
    JamSyncWithoutEffect,
    /// A video encode's `FramerateControl` is not `SPECIFIED`.
    FrameRateNotSpecified,
    /// A video encode converts the source's frame rate in a complex way (29.97 -> 30).
    ComplexFrameRateConversion,
    /// `SegmentLength` is not a whole number of frames at an encode's frame rate (or, in a MediaPackage v2
    /// or CMAF Ingest group, is missing or in a unit MediaLive does not know).
    SegmentNotWholeFrames,
    /// The GOP does not divide the segment (or cannot be read).
    GopNotAligned,
    /// An HLS group does not enable `RedundantManifest`.
    RedundantManifestOff,
    /// A redundant manifest on a channel that is not `STANDARD`.
    RedundantManifestNotStandard,
    /// A redundant manifest without exactly two destinations sharing scheme, host and path and differing in
    /// base name.
    RedundantManifestDestinations,
    /// A base name or modifier holds a date/time variable (`$dt$`, `$d$`, `$t$`).
    DateTimeVariable,
    /// An HLS group's `InputLossAction` is not `PAUSE_OUTPUT`.
    NoPauseOutput,
    /// The timecode source cannot carry UTC (missing, or `ZEROBASED`).
    TimecodeWithoutUtc,
    /// A MediaPackage v2 or CMAF Ingest group mixes integer and fractional video frame rates.
    MixedFrameRates,
    /// An HLS group writes to MediaPackage v2, whose channel then has `InputType` HLS.
    HlsIngestToMediaPackage,
    /// The two Regions' channels differ in an encoder or output setting.
    RegionsDiffer,
    /// The two Regions' channels name an output differently.
    OutputNamesDiffer,
    /// The two Regions' MediaPackage destinations do not name the same channel in different Regions, or
    /// their CMAF ingest URLs differ in more than the host.
    MediaPackageDestinations,
    /// A segment is longer than in the previous session.
    SegmentLengthGrew,
    /// A frame rate changed family, or to a rate that is not a whole multiple or divisor of the previous.
    FrameRateChanged,
    /// The epoch differs from the previous session's.
    EpochChanged,
}

/// One problem, where it is, and why it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The rule.
    pub check: Check,
    /// How bad it is.
    pub severity: Severity,
    /// The JSON path of the field to change (`$.EncoderSettings.TimecodeConfig.Source`).
    pub path: String,
    /// What is wrong, with the value found and what is allowed.
    pub explanation: String,
}

/// Every finding of a validation, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    /// All findings.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings of severity [`Severity::Error`].
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity == Severity::Error)
    }

    /// Whether no finding is an error.
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The findings of one rule.
    pub fn of(&self, check: Check) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.check == check)
    }

    pub(crate) fn push(
        &mut self,
        check: Check,
        severity: Severity,
        path: impl Into<String>,
        explanation: impl Into<String>,
    ) {
        self.findings.push(Finding {
            check,
            severity,
            path: path.into(),
            explanation: explanation.into(),
        });
    }
}

impl fmt::Display for Finding {
    /// `error at $.path: explanation`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity} at {}: {}", self.path, self.explanation)
    }
}

impl fmt::Display for Report {
    /// One finding per line, or `no findings`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("no findings");
        }
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl Channel {
    /// Checks the channel for epoch-locked, redundant, cross-Region HLS from a source at `source` fps.
    pub fn validate(&self, source: FrameRate) -> Report {
        let mut report = Report::default();
        match &self.encoder_settings {
            Some(settings) => check(&mut report, settings, "$.EncoderSettings", Some(self), source),
            None => report.push(
                Check::EpochLockingOff,
                Severity::Error,
                "$.EncoderSettings",
                "EncoderSettings is missing: a channel needs encoder settings with EPOCH_LOCKING",
            ),
        }
        report
    }
}

impl EncoderSettings {
    /// Checks an `EncoderSettings`-only document (paths start at `$`). The channel envelope's rules
    /// (channel class, destinations) are not checked, since such a document has none.
    pub fn validate(&self, source: FrameRate) -> Report {
        let mut report = Report::default();
        check(&mut report, self, "$", None, source);
        report
    }
}

impl Template {
    /// Checks whichever document this is; see [`Channel::validate`] and [`EncoderSettings::validate`].
    pub fn validate(&self, source: FrameRate) -> Report {
        match self {
            Template::Channel(channel) => channel.validate(source),
            Template::EncoderSettings(settings) => settings.validate(source),
        }
    }
}

fn check(
    report: &mut Report,
    settings: &EncoderSettings,
    prefix: &str,
    channel: Option<&Channel>,
    source: FrameRate,
) {
    check_global(report, settings, prefix);
    check_timecode(report, settings, prefix);
    let rates = check_encodes(report, settings, prefix, source);
    check_jam_sync(report, settings, prefix, &rates);
    for (g, group) in settings.output_groups.iter().flatten().enumerate() {
        let group_path = format!("{prefix}.OutputGroups[{g}]");
        if crate::cross_region::check_cmaf_group(report, settings, group, &group_path, prefix, source) {
            continue;
        }
        let Some(hls) = group.hls() else { continue };
        let hls_path = format!("{group_path}.OutputGroupSettings.HlsGroupSettings");
        check_hls_group(report, hls, &hls_path, channel);
        let mut seen_rates = BTreeSet::new();
        let mut seen_gops = BTreeSet::new();
        for (o, output) in group.outputs.iter().flatten().enumerate() {
            let output_path = format!("{group_path}.Outputs[{o}].OutputSettings.HlsOutputSettings");
            if let Some(hls_output) = output.hls() {
                for (field, value) in [
                    ("NameModifier", &hls_output.name_modifier),
                    ("SegmentModifier", &hls_output.segment_modifier),
                ] {
                    if let Some(value) = value {
                        check_names(report, &format!("{output_path}.{field}"), value);
                    }
                }
            }
            let Some(OutputVideo {
                index: v,
                codec_path,
                timing,
                rate,
            }) = output_video(settings, output, prefix, source)
            else {
                continue;
            };
            if seen_rates.insert((rate.numerator(), rate.denominator())) {
                check_segment(report, hls, &hls_path, rate);
            }
            let length = hls.effective_segment_length();
            if let Ok(cadence) = Cadence::from_medialive_segment_length(length, rate)
                && seen_gops.insert(v)
            {
                let segment = format!("SegmentLength {length} s");
                check_gop(report, cadence, &segment, &timing, &codec_path, rate);
            }
        }
    }
}

fn check_global(report: &mut Report, settings: &EncoderSettings, prefix: &str) {
    let path = format!("{prefix}.GlobalConfiguration.OutputLockingMode");
    let global = settings.global_configuration.as_ref();
    match global.and_then(|g| g.output_locking_mode.as_ref()) {
        Some(OutputLockingMode::EpochLocking) => {}
        other => report.push(
            Check::EpochLockingOff,
            Severity::Error,
            path,
            format!(
                "OutputLockingMode is {}: expected EPOCH_LOCKING, so that both pipelines in both Regions number segments from the same epoch",
                other.map_or("missing".to_owned(), |m| m.to_string())
            ),
        ),
    }
    let epoch = global
        .and_then(|g| g.output_locking_settings.as_ref())
        .and_then(|s| s.epoch_locking_settings.as_ref());
    if let Some(epoch) = epoch {
        let base = format!("{prefix}.GlobalConfiguration.OutputLockingSettings.EpochLockingSettings");
        if let Err(err) = epoch.custom_epoch() {
            report.push(
                Check::EpochSetting,
                Severity::Error,
                format!("{base}.CustomEpoch"),
                err.to_string(),
            );
        }
        if let Err(err) = epoch.jam_sync_time() {
            report.push(
                Check::EpochSetting,
                Severity::Error,
                format!("{base}.JamSyncTime"),
                err.to_string(),
            );
        }
    }
}

fn check_jam_sync(report: &mut Report, settings: &EncoderSettings, prefix: &str, rates: &[FrameRate]) {
    let jam = settings
        .global_configuration
        .as_ref()
        .and_then(|g| g.output_locking_settings.as_ref())
        .and_then(|s| s.epoch_locking_settings.as_ref())
        .and_then(|e| e.jam_sync_time().ok().flatten());
    if let Some(jam) = jam
        && !rates.iter().any(|rate| JamSyncTime::applies_to(*rate))
    {
        report.push(
            Check::JamSyncWithoutEffect,
            Severity::Warning,
            format!("{prefix}.GlobalConfiguration.OutputLockingSettings.EpochLockingSettings.JamSyncTime"),
            format!("JamSyncTime {jam} has no effect: MediaLive jam-syncs only 29.97 and 59.94 fps encodes, and this channel has none"),
        );
    }
}

fn check_timecode(report: &mut Report, settings: &EncoderSettings, prefix: &str) {
    let config_path = format!("{prefix}.TimecodeConfig");
    let Some(config) = &settings.timecode_config else {
        report.push(
            Check::TimecodeWithoutUtc,
            Severity::Error,
            config_path,
            "TimecodeConfig is missing: epoch locking needs Source EMBEDDED (UTC timecode from the source) or SYSTEMCLOCK",
        );
        return;
    };
    match &config.source {
        Some(TimecodeSource::Embedded | TimecodeSource::SystemClock) => {}
        other => report.push(
            Check::TimecodeWithoutUtc,
            Severity::Error,
            format!("{config_path}.Source"),
            format!(
                "timecode source {} cannot carry UTC: expected EMBEDDED (UTC timecode within 2 minutes of real time) or SYSTEMCLOCK",
                other.as_ref().map_or("missing".to_owned(), |s| s.to_string())
            ),
        ),
    }
}

/// Checks every video encode's frame-rate control and conversion; returns the encodes' rates.
fn check_encodes(
    report: &mut Report,
    settings: &EncoderSettings,
    prefix: &str,
    source: FrameRate,
) -> Vec<FrameRate> {
    let mut rates = Vec::new();
    for (v, description) in settings.video_descriptions.iter().flatten().enumerate() {
        let Some((codec_path, timing)) = timing(description, &format!("{prefix}.VideoDescriptions[{v}]"))
        else {
            continue;
        };
        match timing.specified_frame_rate() {
            None => {
                let control = timing
                    .framerate_control
                    .as_ref()
                    .map_or("missing".to_owned(), |c| c.to_string());
                let detail = if timing.framerate_control == Some(FramerateControl::Specified) {
                    format!(
                        "FramerateControl is SPECIFIED but FramerateNumerator/FramerateDenominator are {:?}/{:?}",
                        timing.framerate_numerator, timing.framerate_denominator
                    )
                } else {
                    format!("FramerateControl is {control}")
                };
                report.push(
                    Check::FrameRateNotSpecified,
                    Severity::Error,
                    format!("{codec_path}.FramerateControl"),
                    format!("{detail}: epoch locking needs SPECIFIED with a numerator and denominator on every video encode, such as {}/{} for this source", source.numerator(), source.denominator()),
                );
                rates.push(source);
            }
            Some(rate) => {
                if !source.converts_simply_to(rate) {
                    report.push(
                        Check::ComplexFrameRateConversion,
                        Severity::Error,
                        format!("{codec_path}.FramerateNumerator"),
                        format!(
                            "encoding the {source} fps source at {rate} fps ({}/{}) is a complex frame-rate conversion, which breaks epoch locking: use {source} fps or a whole multiple or divisor of it",
                            rate.numerator(),
                            rate.denominator()
                        ),
                    );
                }
                rates.push(rate);
            }
        }
    }
    rates
}

/// The codec settings that carry timing (`H264Settings`, or `H265Settings`/`Mpeg2Settings`/`Av1Settings`,
/// which use the same key names), with their path; `None` for a frame capture. A description without
/// codec settings is an H.264 encode with MediaLive's defaults, which follow the source's frame rate.
/// The video an output encodes: its description's index, the H.264 settings' JSON path and timing,
/// and the frame rate (the source's unless the settings specify one).
pub(crate) struct OutputVideo {
    pub(crate) index: usize,
    pub(crate) codec_path: String,
    pub(crate) timing: H264Settings,
    pub(crate) rate: FrameRate,
}

/// The video description `output` names, looked up in `settings` (at JSON path `prefix`); `None` for an
/// audio-only output, a dangling name or a codec other than H.264.
pub(crate) fn output_video(
    settings: &EncoderSettings,
    output: &Output,
    prefix: &str,
    source: FrameRate,
) -> Option<OutputVideo> {
    let name = output.video_description_name.as_ref()?;
    let (index, description) = settings
        .video_descriptions
        .iter()
        .flatten()
        .enumerate()
        .find(|(_, d)| d.name.as_deref() == Some(name))?;
    let (codec_path, timing) = timing(description, &format!("{prefix}.VideoDescriptions[{index}]"))?;
    let rate = timing.specified_frame_rate().unwrap_or(source);
    Some(OutputVideo {
        index,
        codec_path,
        timing,
        rate,
    })
}

pub(crate) fn timing(description: &VideoDescription, path: &str) -> Option<(String, H264Settings)> {
    let h264_path = format!("{path}.CodecSettings.H264Settings");
    let Some(codec) = description.codec_settings.as_ref() else {
        return Some((h264_path, H264Settings::default()));
    };
    if let Some(h264) = &codec.h264_settings {
        return Some((h264_path, h264.clone()));
    }
    codec
        .extra
        .iter()
        .find(|(key, _)| key.as_str() != "FrameCaptureSettings")
        .and_then(|(key, value)| {
            let settings: H264Settings = serde_json::from_value(value.clone()).ok()?;
            Some((format!("{path}.CodecSettings.{key}"), settings))
        })
}

fn check_segment(report: &mut Report, hls: &HlsGroupSettings, hls_path: &str, rate: FrameRate) {
    let path = format!("{hls_path}.SegmentLength");
    let length = hls.effective_segment_length();
    match Cadence::from_medialive_segment_length(length, rate) {
        Err(err) => report.push(
            Check::SegmentNotWholeFrames,
            Severity::Error,
            path,
            err.to_string(),
        ),
        Ok(cadence) => {
            if Cadence::from_duration(Seconds::whole(u64::from(length)), rate).is_err() {
                report.push(
                    Check::SegmentNotWholeFrames,
                    Severity::Warning,
                    path,
                    format!(
                        "SegmentLength {length} s is not a whole number of frames at {rate} fps: MediaLive makes {cadence}, so segments last {} s, not {length} s; keep this exact duration in lifecycle and failover timing",
                        cadence.duration()
                    ),
                );
            }
        }
    }
}

/// Checks that the encode's GOP divides the segment `cadence` (written as `segment`, such as
/// `SegmentLength 6 s`).
pub(crate) fn check_gop(
    report: &mut Report,
    cadence: Cadence,
    segment: &str,
    timing: &H264Settings,
    codec_path: &str,
    rate: FrameRate,
) {
    let path = format!("{codec_path}.GopSize");
    match timing.gop() {
        Err(GopError::Missing) => report.push(
            Check::GopNotAligned,
            Severity::Warning,
            path,
            format!("GopSize is missing, so alignment with the {}-frame segment cannot be checked: set a GOP that divides it", cadence.frames()),
        ),
        Err(err) => report.push(Check::GopNotAligned, Severity::Error, path, err.to_string()),
        Ok(gop) => {
            if let Err(err) = cadence.gops_per_segment(gop) {
                report.push(Check::GopNotAligned, Severity::Error, path, format!("at {rate} fps with {segment}: {err}"));
            }
        }
    }
}

fn check_hls_group(report: &mut Report, hls: &HlsGroupSettings, hls_path: &str, channel: Option<&Channel>) {
    if hls.input_loss_action != Some(InputLossAction::PauseOutput) {
        report.push(
            Check::NoPauseOutput,
            Severity::Error,
            format!("{hls_path}.InputLossAction"),
            format!(
                "InputLossAction is {}: expected PAUSE_OUTPUT, so a pipeline that loses its input stops writing instead of serving slate, and players and the CDN fail over",
                hls.input_loss_action.as_ref().map_or("missing (EMIT_OUTPUT)".to_owned(), |a| a.to_string())
            ),
        );
    }
    if !hls.is_redundant_manifest() {
        report.push(
            Check::RedundantManifestOff,
            Severity::Warning,
            format!("{hls_path}.RedundantManifest"),
            format!(
                "RedundantManifest is {}: the recipe enables it so each pipeline's master also lists the other pipeline's renditions",
                hls.redundant_manifest.as_ref().map_or("missing (DISABLED)".to_owned(), |r| r.to_string())
            ),
        );
    }
    let Some(channel) = channel else { return };
    let ref_path = format!("{hls_path}.Destination.DestinationRefId");
    let id = hls
        .destination
        .as_ref()
        .and_then(|d| d.destination_ref_id.as_deref());
    let found = id.and_then(|id| {
        channel
            .destinations
            .iter()
            .flatten()
            .enumerate()
            .find(|(_, d)| d.id.as_deref() == Some(id))
    });
    // Base names are checked whether or not the manifest is redundant.
    if let Some((d, entry)) = found {
        for (s, setting) in entry.settings.iter().flatten().enumerate() {
            if let Some(url) = &setting.url {
                let base = url
                    .parse::<DestinationUrl>()
                    .map(|u| u.base().to_owned())
                    .unwrap_or_else(|_| url.clone());
                check_names(report, &format!("$.Destinations[{d}].Settings[{s}].Url"), &base);
            }
        }
    }
    if !hls.is_redundant_manifest() {
        return;
    }
    if let Some(class) = &channel.channel_class
        && *class != ChannelClass::Standard
    {
        report.push(
            Check::RedundantManifestNotStandard,
            Severity::Error,
            "$.ChannelClass",
            format!("ChannelClass is {class}: a redundant manifest needs STANDARD (two pipelines)"),
        );
    }
    let Some((d, entry)) = found else {
        report.push(
            Check::RedundantManifestDestinations,
            Severity::Error,
            ref_path,
            format!("DestinationRefId {:?} names no entry of Destinations: a redundant manifest needs two destinations", id.unwrap_or("")),
        );
        return;
    };
    let settings = entry.settings.as_deref().unwrap_or_default();
    if settings.len() != 2 {
        report.push(
            Check::RedundantManifestDestinations,
            Severity::Error,
            format!("$.Destinations[{d}].Settings"),
            format!(
                "{} destinations: a redundant manifest needs exactly two, one per pipeline",
                settings.len()
            ),
        );
        return;
    }
    let urls: Vec<Option<DestinationUrl>> = settings
        .iter()
        .map(|s| s.url.as_deref().and_then(|u| u.parse().ok()))
        .collect();
    let [Some(a), Some(b)] = urls.as_slice() else {
        let s = urls.iter().position(Option::is_none).unwrap_or(0);
        report.push(
            Check::RedundantManifestDestinations,
            Severity::Error,
            format!("$.Destinations[{d}].Settings[{s}].Url"),
            format!(
                "{:?} is not a <scheme>://<host>/[<path>/]<base> URL",
                settings[s].url.as_deref().unwrap_or("")
            ),
        );
        return;
    };
    let path_b = format!("$.Destinations[{d}].Settings[1].Url");
    if (a.scheme(), a.host(), a.path()) != (b.scheme(), b.host(), b.path()) {
        report.push(
            Check::RedundantManifestDestinations,
            Severity::Error,
            path_b.clone(),
            format!("destinations {a} and {b} differ in more than the base name: a redundant manifest needs the same scheme, host and path"),
        );
    }
    if a.base() == b.base() {
        report.push(
            Check::RedundantManifestDestinations,
            Severity::Error,
            path_b,
            format!("both destinations use base name {:?}: the pipelines would overwrite each other; use different base names (\"primary\" and \"backup\")", a.base()),
        );
    }
}

fn check_names(report: &mut Report, path: &str, value: &str) {
    for variable in date_time_variables(value) {
        report.push(
            Check::DateTimeVariable,
            Severity::Error,
            path,
            format!("{value:?} holds {variable}, which changes with the date or time: epoch-locked names must be the same in every pipeline and Region"),
        );
    }
}

/// The MediaLive variable identifiers that resolve to the date or time (`$dt$`, `$d$`, `$t$`, with or
/// without a `%0n` padding modifier) found in `text`, in order. `$$` is an escaped `$`.
///
/// ```
/// use medialive_template::validation::date_time_variables;
/// assert_eq!(date_time_variables("primary_$dt$"), ["$dt$"]);
/// assert_eq!(date_time_variables("_$h$p$f$"), Vec::<String>::new());
/// assert_eq!(date_time_variables("cost$$dt$"), Vec::<String>::new());
/// ```
pub fn date_time_variables(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        let after = &rest[start + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            rest = escaped;
            continue;
        }
        let Some(end) = after.find('$') else { break };
        let identifier = &after[..end];
        let name = identifier.split('%').next().unwrap_or(identifier);
        if matches!(name, "dt" | "d" | "t") {
            found.push(format!("${identifier}$"));
        }
        rest = &after[end + 1..];
    }
    found
}
