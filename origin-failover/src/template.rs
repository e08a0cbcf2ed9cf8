//! The master-manifest description read from a MediaLive channel template.

use medialive_template::audio::AacProfile;
use medialive_template::rendition::{
    AudioCodec, AudioRendition as TemplateAudio, HlsGroupView, HlsOutputView, VideoCodec,
};
use medialive_template::video::{H264Level, H264Profile};
use medialive_template::{Channel, EncoderSettings};

use crate::codecs::{avc1, mp4a};
use medialive_template::PipelineNames;

use crate::manifest::{self, AudioRendition, MasterSpec, Rendition};

/// Why a template does not give a predictable redundant master.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The template's HLS groups could not be resolved.
    #[error(transparent)]
    Template(#[from] medialive_template::rendition::Error),
    /// No HLS output group has `RedundantManifest: ENABLED`.
    #[error(
        "{path}: no HLS output group has RedundantManifest ENABLED: the static manifest copies a redundant master, which lists both pipelines"
    )]
    NotRedundant {
        /// Where the groups are (`$.EncoderSettings.OutputGroups`).
        path: String,
    },
    /// The group does not have two destinations that share everything but the base name.
    #[error("{path}: {reason}")]
    Destinations {
        /// The group's JSON path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A value the prediction needs is absent or not predictable.
    #[error("{path} is {value}: {needed}")]
    Unpredictable {
        /// The JSON path.
        path: String,
        /// The value found (or `absent`).
        value: String,
        /// What the prediction needs.
        needed: String,
    },
    /// The resulting description was refused.
    #[error(transparent)]
    Spec(#[from] manifest::Error),
    /// The destinations' path or base names break the pipelines' naming rule.
    #[error(transparent)]
    Names(#[from] medialive_template::pipeline::Error),
}

fn unpredictable(path: impl Into<String>, value: impl Into<String>, needed: impl Into<String>) -> Error {
    Error::Unpredictable {
        path: path.into(),
        value: value.into(),
        needed: needed.into(),
    }
}

/// The `BANDWIDTH` MediaLive announces for a rendition: the video's peak bit rate (`MaxBitrate` when set,
/// else `Bitrate`) plus every muxed audio encode's bit rate.
///
/// MediaLive does not document its figure (a measured value may add container overhead), so this is
/// the one place that assumes it; [`crate::staleness::Tolerance`] allows for the drift.
pub fn medialive_bandwidth(video_bps: u64, audio_bps: &[u64]) -> u64 {
    video_bps + audio_bps.iter().sum::<u64>()
}

impl MasterSpec {
    /// The description of the first HLS output group with a redundant manifest in `channel`.
    ///
    /// ```
    /// use medialive_template::LiveHlsChannel;
    /// use mediastore_policy::DataEndpoint;
    /// use origin_failover::manifest::MasterSpec;
    ///
    /// let channel = LiveHlsChannel::builder()
    ///     .name("live")
    ///     .input_id("1234567")
    ///     .destination(DataEndpoint::from_host("abcd.data.mediastore.us-east-1.amazonaws.com")?)
    ///     .pipelines(medialive_template::PipelineNames::recipe("live")?)
    ///     .build()
    ///     .channel()?;
    /// let spec = MasterSpec::from_template(&channel)?;
    /// assert_eq!(spec.static_manifest_key(), "live/index.m3u8");
    /// assert!(spec.static_manifest().contains("backup_1080p30.m3u8"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_template(channel: &Channel) -> Result<Self, Error> {
        let groups = channel.hls_output_groups()?;
        let group = groups
            .iter()
            .find(|g| g.redundant_manifest)
            .ok_or_else(|| Error::NotRedundant {
                path: "$.EncoderSettings.OutputGroups".to_owned(),
            })?;
        let names = names_of(group)?;
        Self::from_group(group, names)
    }

    /// The description of an `EncoderSettings`-only document's first redundant HLS group, with the
    /// pipelines' names given (such a document has no destinations).
    pub fn from_encoder_settings(settings: &EncoderSettings, names: PipelineNames) -> Result<Self, Error> {
        let groups = settings.hls_output_groups()?;
        let group = groups
            .iter()
            .find(|g| g.redundant_manifest)
            .ok_or_else(|| Error::NotRedundant {
                path: "$.OutputGroups".to_owned(),
            })?;
        Self::from_group(group, names)
    }

    /// The description of one resolved HLS group, with the pipelines' names.
    pub fn from_group(group: &HlsGroupView, names: PipelineNames) -> Result<Self, Error> {
        let mut audio = Vec::new();
        let mut tracks = Vec::new();
        for output in group.outputs.iter().filter(|o| o.audio_only) {
            let [track] = output.audio.as_slice() else {
                return Err(unpredictable(
                    format!("{}.AudioDescriptionNames", output.path),
                    format!("{} entries", output.audio.len()),
                    "an audio-only output carries exactly one audio description",
                ));
            };
            let path = format!("{}.AudioDescriptionNames[0]", output.path);
            let group_id = track
                .audio_group_id
                .clone()
                .unwrap_or_else(|| "program_audio".to_owned());
            // MediaLive marks the first audio rendition of each group as the default.
            let first_of_group = !audio.iter().any(|a: &AudioRendition| a.group() == group_id);
            audio.push(
                AudioRendition::new(&output.name_modifier, &group_id, &track.description_name)
                    .with_default(first_of_group),
            );
            tracks.push(GroupTrack {
                group: group_id,
                codec: audio_codec(track, &path)?,
                bitrate: track
                    .bitrate
                    .ok_or_else(|| unpredictable(path, "without Bitrate", "a bit rate, for BANDWIDTH"))?,
            });
        }
        let mut renditions = Vec::new();
        for output in group.outputs.iter().filter(|o| !o.audio_only) {
            renditions.push(rendition(output, &tracks)?);
        }
        let spec = MasterSpec::new(names, renditions)?;
        Ok(if audio.is_empty() {
            spec
        } else {
            spec.with_audio(audio)?
        })
    }
}

/// An audio-only output, as the video renditions that refer to its group see it.
struct GroupTrack {
    group: String,
    codec: String,
    bitrate: u64,
}

fn names_of(group: &HlsGroupView) -> Result<PipelineNames, Error> {
    let destinations_error = |reason: &str| Error::Destinations {
        path: group.path.clone(),
        reason: reason.to_owned(),
    };
    let [a, b] = group.destinations.as_slice() else {
        return Err(destinations_error(
            "a redundant manifest needs exactly two destinations, one per pipeline",
        ));
    };
    if a.scheme() != b.scheme() || a.host() != b.host() || a.path() != b.path() {
        return Err(destinations_error(
            "the two destinations must share protocol, host and path and differ only in base name",
        ));
    }
    Ok(PipelineNames::new(a.path(), a.base(), b.base())?)
}

/// A video output's entry. With an audio group (and no muxed audio), `CODECS` also lists the group's audio
/// codecs and `BANDWIDTH` adds its largest bit rate, as RFC 8216 requires of a variant with renditions.
fn rendition(output: &HlsOutputView, tracks: &[GroupTrack]) -> Result<Rendition, Error> {
    let mut codecs = Vec::new();
    let mut bandwidth = 0;
    let mut resolution = None;
    let mut frame_rate = None;
    if let Some(video) = &output.video {
        let path = format!("{}.VideoDescriptionName", output.path);
        if video.codec != Some(VideoCodec::H264) {
            let codec = video
                .codec
                .as_ref()
                .map_or("no codec settings".to_owned(), ToString::to_string);
            return Err(unpredictable(
                path,
                codec,
                "H264Settings: only H.264 CODECS are predicted",
            ));
        }
        let peak = video.max_bitrate.or(video.bitrate).ok_or_else(|| {
            unpredictable(
                &path,
                "without Bitrate or MaxBitrate",
                "a bit rate, for BANDWIDTH",
            )
        })?;
        // MediaLive's defaults: MAIN, and the level chosen by the encoder.
        let profile = video.profile.clone().unwrap_or(H264Profile::Main);
        if profile.idc_and_constraints().is_none() {
            return Err(unpredictable(&path, profile.to_string(), "a known H.264 profile"));
        }
        let level = match video.level.as_ref().filter(|l| l.idc().is_some()) {
            Some(level) => level.clone(),
            None => {
                let (Some(w), Some(h), Some(rate)) = (video.width, video.height, video.frame_rate) else {
                    return Err(unpredictable(
                        path,
                        "H264_LEVEL_AUTO with the source's size or frame rate",
                        "a Level, or Width, Height and a SPECIFIED frame rate to derive one",
                    ));
                };
                H264Level::lowest_for(w, h, rate, u64::from(peak), &profile).ok_or_else(|| {
                    unpredictable(
                        &path,
                        format!("{w}x{h} at {rate} fps"),
                        "a size H.264 levels admit",
                    )
                })?
            }
        };
        let code = avc1(&profile, &level).ok_or_else(|| {
            unpredictable(
                &path,
                format!("{profile} at {level}"),
                "a known H.264 profile and level",
            )
        })?;
        codecs.push(code);
        bandwidth = u64::from(peak);
        if let (Some(w), Some(h)) = (video.width, video.height) {
            resolution = Some((w, h));
        }
        frame_rate = video.frame_rate;
    }
    let group = output
        .audio_rendition_sets
        .as_deref()
        .and_then(|sets| sets.split(',').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_owned)
        .or_else(|| {
            output
                .audio
                .is_empty()
                .then(|| tracks.first().map(|t| t.group.clone()))
                .flatten()
        })
        .filter(|g| tracks.iter().any(|t| &t.group == g));
    let mut audio_bps = Vec::new();
    for (i, track) in output.audio.iter().enumerate() {
        codecs.push(audio_codec(
            track,
            &format!("{}.AudioDescriptionNames[{i}]", output.path),
        )?);
        audio_bps.push(track.bitrate.ok_or_else(|| {
            unpredictable(
                format!("{}.AudioDescriptionNames[{i}]", output.path),
                "without Bitrate",
                "a bit rate, for BANDWIDTH",
            )
        })?);
    }
    if let Some(group) = &group
        && output.audio.is_empty()
    {
        let members = tracks.iter().filter(|t| &t.group == group);
        for track in members.clone() {
            if !codecs.contains(&track.codec) {
                codecs.push(track.codec.clone());
            }
        }
        audio_bps.extend(members.map(|t| t.bitrate).max());
    }
    let mut rendition = Rendition::new(
        &output.name_modifier,
        medialive_bandwidth(bandwidth, &audio_bps),
        &codecs.join(","),
    );
    if let Some((w, h)) = resolution {
        rendition = rendition.with_resolution(w, h);
    }
    if let Some(rate) = frame_rate {
        rendition = rendition.with_frame_rate(rate);
    }
    if let Some(group) = group {
        rendition = rendition.with_audio_group(&group);
    }
    Ok(rendition)
}

fn audio_codec(track: &TemplateAudio, path: &str) -> Result<String, Error> {
    match &track.codec {
        // MediaLive's default AAC profile is LC.
        Some(AudioCodec::Aac) => {
            let profile = track.profile.clone().unwrap_or(AacProfile::Lc);
            mp4a(&profile)
                .ok_or_else(|| unpredictable(path, profile.to_string(), "an AAC profile of LC, HEV1 or HEV2"))
        }
        Some(AudioCodec::Ac3) => Ok("ac-3".to_owned()),
        Some(AudioCodec::Eac3) | Some(AudioCodec::Eac3Atmos) => Ok("ec-3".to_owned()),
        other => Err(unpredictable(
            path,
            other
                .as_ref()
                .map_or("no codec settings".to_owned(), ToString::to_string),
            "AacSettings, Ac3Settings or Eac3Settings: other codecs have no predictable CODECS",
        )),
    }
}
