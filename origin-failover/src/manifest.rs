//! The redundant master manifest MediaLive writes, predicted from a neutral description of the ladder,
//! and the static `index.m3u8` that the recipe publishes in both containers.

use std::collections::BTreeSet;

use hls_epoch::FrameRate;
use hls_epoch::naming::{STATIC_MASTER_PLAYLIST, rendition_playlist};
use m3u8_rs::{AlternativeMedia, AlternativeMediaType, MasterPlaylist, Resolution, VariantStream};
use medialive_template::{Pipeline, PipelineNames};

/// Why a manifest description was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value is not allowed.
    #[error("{field} = {value:?} is not allowed: {allowed}")]
    Invalid {
        /// The field (`renditions[2].name_modifier`).
        field: String,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: String,
    },
}

fn invalid(field: impl Into<String>, value: impl Into<String>, allowed: impl Into<String>) -> Error {
    Error::Invalid {
        field: field.into(),
        value: value.into(),
        allowed: allowed.into(),
    }
}

/// The audio rendition `GROUP-ID` pipeline `pipeline` writes for a group named `group` when redundant
/// manifests are on: the name, a hyphen and the pipeline index (`aac-audio-0`, `aac-audio-1`), as
/// MediaLive's user guide shows it. This keeps each player on one pipeline's audio and video together.
///
/// ```
/// use medialive_template::Pipeline;
/// use origin_failover::manifest::redundant_group_id;
/// assert_eq!(redundant_group_id("aac-audio", Pipeline::Backup), "aac-audio-1");
/// ```
pub fn redundant_group_id(group: &str, pipeline: Pipeline) -> String {
    format!("{group}-{}", pipeline.index())
}

/// One video output of the ladder (with its audio muxed in, or referring to an audio group).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rendition {
    name_modifier: String,
    bandwidth: u64,
    average_bandwidth: Option<u64>,
    resolution: Option<(u32, u32)>,
    frame_rate: Option<FrameRate>,
    codecs: String,
    audio_group: Option<String>,
}

impl Rendition {
    /// An output whose playlist is `<base><name_modifier>.m3u8`, announced with `BANDWIDTH` (bits/s)
    /// and `CODECS` (see [`crate::codecs`]).
    pub fn new(name_modifier: &str, bandwidth: u64, codecs: &str) -> Self {
        Self {
            name_modifier: name_modifier.to_owned(),
            bandwidth,
            average_bandwidth: None,
            resolution: None,
            frame_rate: None,
            codecs: codecs.to_owned(),
            audio_group: None,
        }
    }

    /// Sets `RESOLUTION`.
    pub fn with_resolution(mut self, width: u32, height: u32) -> Self {
        self.resolution = Some((width, height));
        self
    }

    /// Sets `FRAME-RATE`.
    pub fn with_frame_rate(mut self, rate: FrameRate) -> Self {
        self.frame_rate = Some(rate);
        self
    }

    /// Sets `AVERAGE-BANDWIDTH`.
    pub fn with_average_bandwidth(mut self, bits_per_second: u64) -> Self {
        self.average_bandwidth = Some(bits_per_second);
        self
    }

    /// Refers to an audio group (its name before the per-pipeline suffix).
    pub fn with_audio_group(mut self, group: &str) -> Self {
        self.audio_group = Some(group.to_owned());
        self
    }

    /// The name modifier.
    pub fn name_modifier(&self) -> &str {
        &self.name_modifier
    }

    /// `BANDWIDTH`.
    pub fn bandwidth(&self) -> u64 {
        self.bandwidth
    }

    /// `CODECS`.
    pub fn codecs(&self) -> &str {
        &self.codecs
    }

    /// `RESOLUTION`, if any.
    pub fn resolution(&self) -> Option<(u32, u32)> {
        self.resolution
    }

    /// `FRAME-RATE`, if any.
    pub fn frame_rate(&self) -> Option<FrameRate> {
        self.frame_rate
    }

    /// The audio group, if any.
    pub fn audio_group(&self) -> Option<&str> {
        self.audio_group.as_deref()
    }
}

/// An audio-only output listed as an `EXT-X-MEDIA` rendition of an audio group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AudioRendition {
    name_modifier: String,
    group: String,
    name: String,
    language: Option<String>,
    default: bool,
}

impl AudioRendition {
    /// An audio output `<base><name_modifier>.m3u8` in `group`, shown to viewers as `name`.
    pub fn new(name_modifier: &str, group: &str, name: &str) -> Self {
        Self {
            name_modifier: name_modifier.to_owned(),
            group: group.to_owned(),
            name: name.to_owned(),
            language: None,
            default: false,
        }
    }

    /// Sets `LANGUAGE`.
    pub fn with_language(mut self, language: &str) -> Self {
        self.language = Some(language.to_owned());
        self
    }

    /// Marks it the group's default (`DEFAULT=YES,AUTOSELECT=YES`).
    pub fn with_default(mut self, default: bool) -> Self {
        self.default = default;
        self
    }

    /// The name modifier.
    pub fn name_modifier(&self) -> &str {
        &self.name_modifier
    }

    /// The group, before the per-pipeline suffix.
    pub fn group(&self) -> &str {
        &self.group
    }
}

/// Everything the redundant master depends on: the pipelines' names and the ladder.
///
/// ```
/// use hls_epoch::FrameRate;
/// use medialive_template::PipelineNames;
/// use origin_failover::manifest::{MasterSpec, Rendition};
///
/// let names = PipelineNames::new("demo", "primary", "backup")?;
/// let spec = MasterSpec::new(
///     names,
///     vec![Rendition::new("_720p30", 3_128_000, "avc1.4d401f,mp4a.40.2")
///         .with_resolution(1280, 720)
///         .with_frame_rate(FrameRate::FPS_30)],
/// )?;
/// let index = spec.static_manifest();
/// assert!(index.starts_with("#EXTM3U\n"));
/// assert!(index.contains("primary_720p30.m3u8\n") && index.contains("backup_720p30.m3u8\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MasterSpec {
    names: PipelineNames,
    renditions: Vec<Rendition>,
    audio: Vec<AudioRendition>,
    version: usize,
}

impl MasterSpec {
    /// A ladder of at least one rendition with distinct name modifiers.
    pub fn new(names: PipelineNames, renditions: Vec<Rendition>) -> Result<Self, Error> {
        if renditions.is_empty() {
            return Err(invalid("renditions", "[]", "at least one rendition"));
        }
        let mut seen = BTreeSet::new();
        for (i, r) in renditions.iter().enumerate() {
            check_modifier(&format!("renditions[{i}].name_modifier"), &r.name_modifier)?;
            if !seen.insert(r.name_modifier.clone()) {
                return Err(invalid(
                    format!("renditions[{i}].name_modifier"),
                    &r.name_modifier,
                    "a name modifier no other output uses (outputs would overwrite each other)",
                ));
            }
            if r.bandwidth == 0 {
                return Err(invalid(
                    format!("renditions[{i}].bandwidth"),
                    "0",
                    "a positive number of bits per second",
                ));
            }
            if r.codecs.is_empty() || r.codecs.contains('"') {
                return Err(invalid(
                    format!("renditions[{i}].codecs"),
                    &r.codecs,
                    "RFC 6381 codes such as \"avc1.4d401f,mp4a.40.2\"",
                ));
            }
        }
        Ok(Self {
            names,
            renditions,
            audio: Vec::new(),
            version: 3,
        })
    }

    /// Adds audio-only renditions; every rendition's audio group must be defined by one of them.
    pub fn with_audio(mut self, audio: Vec<AudioRendition>) -> Result<Self, Error> {
        let mut modifiers: BTreeSet<&str> =
            self.renditions.iter().map(|r| r.name_modifier.as_str()).collect();
        for (i, a) in audio.iter().enumerate() {
            check_modifier(&format!("audio[{i}].name_modifier"), &a.name_modifier)?;
            if !modifiers.insert(&a.name_modifier) {
                return Err(invalid(
                    format!("audio[{i}].name_modifier"),
                    &a.name_modifier,
                    "a name modifier no other output uses",
                ));
            }
            check_name_part(&format!("audio[{i}].group"), &a.group)?;
        }
        for (i, r) in self.renditions.iter().enumerate() {
            if let Some(group) = &r.audio_group
                && !audio.iter().any(|a| &a.group == group)
            {
                return Err(invalid(
                    format!("renditions[{i}].audio_group"),
                    group,
                    "the group of one of the audio renditions",
                ));
            }
        }
        self.audio = audio;
        Ok(self)
    }

    /// Sets `#EXT-X-VERSION` (3 by default: TS segments, decimal durations).
    pub fn with_version(mut self, version: usize) -> Self {
        self.version = version;
        self
    }

    /// The pipelines' names.
    pub fn names(&self) -> &PipelineNames {
        &self.names
    }

    /// The object key of the static manifest beside the pipelines' masters (`demo/index.m3u8`).
    pub fn static_manifest_key(&self) -> String {
        self.names.key(STATIC_MASTER_PLAYLIST)
    }

    /// The video renditions.
    pub fn renditions(&self) -> &[Rendition] {
        &self.renditions
    }

    /// The audio renditions.
    pub fn audio(&self) -> &[AudioRendition] {
        &self.audio
    }

    /// The redundant master `pipeline` writes: its own renditions first, then the other pipeline's,
    /// audio groups suffixed per pipeline ([`redundant_group_id`]).
    pub fn predicted_master(&self, pipeline: Pipeline) -> MasterPlaylist {
        let order = [pipeline, pipeline.other()];
        let alternatives = order
            .iter()
            .flat_map(|&p| self.audio.iter().map(move |a| self.audio_media(a, p)))
            .collect();
        let variants = order
            .iter()
            .flat_map(|&p| self.renditions.iter().map(move |r| self.variant(r, p)))
            .collect();
        MasterPlaylist {
            version: Some(self.version),
            variants,
            alternatives,
            ..MasterPlaylist::default()
        }
    }

    /// The static manifest: a copy of the primary pipeline's master, as the recipe publishes it under
    /// [`STATIC_MASTER_PLAYLIST`] in both Regions' containers.
    pub fn static_master(&self) -> MasterPlaylist {
        self.predicted_master(Pipeline::Primary)
    }

    /// [`MasterSpec::static_master`] as text.
    pub fn static_manifest(&self) -> String {
        render(&self.static_master())
    }

    fn variant(&self, rendition: &Rendition, pipeline: Pipeline) -> VariantStream {
        VariantStream {
            uri: rendition_playlist(self.names.base(pipeline), &rendition.name_modifier),
            bandwidth: rendition.bandwidth,
            average_bandwidth: rendition.average_bandwidth,
            codecs: Some(rendition.codecs.clone()),
            resolution: rendition.resolution.map(|(w, h)| Resolution {
                width: u64::from(w),
                height: u64::from(h),
            }),
            frame_rate: rendition.frame_rate.map(frame_rate_attribute),
            audio: rendition
                .audio_group
                .as_deref()
                .map(|g| redundant_group_id(g, pipeline)),
            ..VariantStream::default()
        }
    }

    fn audio_media(&self, audio: &AudioRendition, pipeline: Pipeline) -> AlternativeMedia {
        AlternativeMedia {
            media_type: AlternativeMediaType::Audio,
            uri: Some(rendition_playlist(
                self.names.base(pipeline),
                &audio.name_modifier,
            )),
            group_id: redundant_group_id(&audio.group, pipeline),
            language: audio.language.clone(),
            name: audio.name.clone(),
            default: audio.default,
            autoselect: audio.default,
            ..AlternativeMedia::default()
        }
    }
}

fn check_modifier(field: &str, modifier: &str) -> Result<(), Error> {
    if modifier.is_empty() {
        return Err(invalid(
            field,
            modifier,
            "a non-empty name modifier such as \"_720p30\"",
        ));
    }
    check_name_part(field, modifier)
}

/// `FRAME-RATE` as HLS writes it: the exact rate rounded to three decimals (29.97 for 30000/1001).
/// The only floating point in the crate, at the boundary with the playlist library.
pub fn frame_rate_attribute(rate: FrameRate) -> f64 {
    let millis = (u64::from(rate.numerator()) * 2000 + u64::from(rate.denominator()))
        / (2 * u64::from(rate.denominator()));
    millis as f64 / 1000.0
}

/// A master playlist as text, written by m3u8-rs.
pub fn render(playlist: &MasterPlaylist) -> String {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail; the io::Result only exists for other writers.
    if playlist.write_to(&mut bytes).is_err() {
        bytes.clear();
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The pipelines' one naming rule ([`medialive_template::pipeline::is_name_part`]), for the parts of a
/// playlist name the manifest description adds.
fn check_name_part(field: &str, value: &str) -> Result<(), Error> {
    if medialive_template::pipeline::is_name_part(value) {
        Ok(())
    } else {
        Err(invalid(
            field,
            value,
            medialive_template::pipeline::NAME_PART_ALLOWED,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> MasterSpec {
        let names = PipelineNames::new("/demo/", "primary", "backup").unwrap();
        MasterSpec::new(
            names,
            vec![
                Rendition::new("_1080p", 6_128_000, "avc1.640028")
                    .with_resolution(1920, 1080)
                    .with_audio_group("aac"),
                Rendition::new("_360p", 928_000, "avc1.4d401e")
                    .with_resolution(640, 360)
                    .with_audio_group("aac"),
            ],
        )
        .unwrap()
        .with_audio(vec![
            AudioRendition::new("_audio", "aac", "English")
                .with_language("eng")
                .with_default(true),
        ])
        .unwrap()
    }

    #[test]
    fn own_renditions_first_and_suffixed_groups() {
        let backup = spec().predicted_master(Pipeline::Backup);
        let uris: Vec<&str> = backup.variants.iter().map(|v| v.uri.as_str()).collect();
        assert_eq!(
            uris,
            [
                "backup_1080p.m3u8",
                "backup_360p.m3u8",
                "primary_1080p.m3u8",
                "primary_360p.m3u8"
            ]
        );
        assert_eq!(backup.variants[0].audio.as_deref(), Some("aac-1"));
        assert_eq!(backup.variants[2].audio.as_deref(), Some("aac-0"));
        let groups: Vec<&str> = backup.alternatives.iter().map(|a| a.group_id.as_str()).collect();
        assert_eq!(groups, ["aac-1", "aac-0"]);
        assert_eq!(spec().static_manifest_key(), "demo/index.m3u8");
        assert_eq!(spec().names().master_key(Pipeline::Backup), "demo/backup.m3u8");
    }

    #[test]
    fn parses_back() {
        let text = spec().static_manifest();
        let parsed = m3u8_rs::parse_master_playlist_res(text.as_bytes()).unwrap();
        assert_eq!(parsed, spec().static_master());
    }

    #[test]
    fn refuses_bad_specs() {
        let names = PipelineNames::new("demo", "a", "b").unwrap();
        let twice = vec![
            Rendition::new("_1", 1, "avc1.4d401f"),
            Rendition::new("_1", 2, "avc1.4d401f"),
        ];
        let err = MasterSpec::new(names.clone(), twice).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("renditions[1].name_modifier = \"_1\""),
            "{err}"
        );
        let orphan = MasterSpec::new(
            names,
            vec![Rendition::new("_1", 1, "avc1.4d401f").with_audio_group("x")],
        )
        .unwrap();
        assert!(orphan.with_audio(vec![]).is_err());
    }

    #[test]
    fn frame_rates_round_to_milli() {
        assert_eq!(frame_rate_attribute(FrameRate::FPS_29_97).to_string(), "29.97");
        assert_eq!(frame_rate_attribute(FrameRate::FPS_23_976).to_string(), "23.976");
        assert_eq!(frame_rate_attribute(FrameRate::FPS_25).to_string(), "25");
    }
}
