//! `AudioDescriptions`: one audio encode each, with its AAC settings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

hls_epoch::open_enum! {
    /// `AacSettings.CodingMode`: the channel layout.
    AacCodingMode {
        /// Receiver-mixed audio description.
        AdReceiverMix = "AD_RECEIVER_MIX",
        /// Mono.
        CodingMode1_0 = "CODING_MODE_1_0",
        /// Dual mono.
        CodingMode1_1 = "CODING_MODE_1_1",
        /// Stereo.
        CodingMode2_0 = "CODING_MODE_2_0",
        /// 5.1 surround.
        CodingMode5_1 = "CODING_MODE_5_1",
    }
}

hls_epoch::open_enum! {
    /// `AacSettings.Profile`.
    AacProfile {
        /// AAC-LC.
        Lc = "LC",
        /// HE-AAC v1.
        Hev1 = "HEV1",
        /// HE-AAC v2.
        Hev2 = "HEV2",
    }
}

impl AacProfile {
    /// The MPEG-4 audio object type (2 for AAC-LC, 5 for HE-AAC, 29 for HE-AACv2), as the
    /// `mp4a.40.<type>` code names it; `None` for a profile this crate does not know.
    pub fn object_type(&self) -> Option<u8> {
        match self {
            Self::Lc => Some(2),
            Self::Hev1 => Some(5),
            Self::Hev2 => Some(29),
            Self::Other(_) => None,
        }
    }
}

hls_epoch::open_enum! {
    /// `AacSettings.RateControlMode`.
    AacRateControlMode {
        /// Constant bitrate.
        Cbr = "CBR",
        /// Variable bitrate.
        Vbr = "VBR",
    }
}

/// An entry of `AudioDescriptions`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioDescription {
    /// `Name`, referenced by outputs' `AudioDescriptionNames`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `AudioSelectorName`: the input audio it encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_selector_name: Option<String>,
    /// `CodecSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec_settings: Option<AudioCodecSettings>,
    /// Every other key (`LanguageCode`, `AudioTypeControl`, `StreamName`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `AudioDescription.CodecSettings`: one codec's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioCodecSettings {
    /// `AacSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aac_settings: Option<AacSettings>,
    /// Every other codec (`Ac3Settings`, `Eac3Settings`, `PassThroughSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `AacSettings`. `Bitrate` and `SampleRate` are JSON numbers in MediaLive's model (doubles), kept exactly
/// as written; [`AacSettings::bitrate_bps`] and [`AacSettings::sample_rate_hz`] read them as whole numbers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AacSettings {
    /// `Bitrate` in bits per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<Number>,
    /// `SampleRate` in Hz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<Number>,
    /// `CodingMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coding_mode: Option<AacCodingMode>,
    /// `Profile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<AacProfile>,
    /// `RateControlMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_control_mode: Option<AacRateControlMode>,
    /// Every other key (`RawFormat`, `Spec`, `InputType`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AacSettings {
    /// `Bitrate` as whole bits per second; `None` when absent or not a whole non-negative number.
    pub fn bitrate_bps(&self) -> Option<u64> {
        self.bitrate.as_ref().and_then(whole)
    }

    /// `SampleRate` as whole Hz; `None` when absent or not a whole non-negative number.
    pub fn sample_rate_hz(&self) -> Option<u64> {
        self.sample_rate.as_ref().and_then(whole)
    }
}

/// A JSON number as a whole non-negative integer, read from its text (`96000` and `96000.0` both count).
fn whole(number: &Number) -> Option<u64> {
    if let Some(value) = number.as_u64() {
        return Some(value);
    }
    let seconds: hls_epoch::Seconds = number.to_string().parse().ok()?;
    (seconds.denominator() == 1).then_some(seconds.numerator())
}

impl AudioDescription {
    /// The AAC settings, if this is an AAC encode.
    pub fn aac(&self) -> Option<&AacSettings> {
        self.codec_settings.as_ref()?.aac_settings.as_ref()
    }
}
