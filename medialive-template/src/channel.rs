//! The channel document: the `CreateChannel` request envelope (name, class, role, inputs, destinations)
//! around the [`EncoderSettings`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::EncoderSettings;
use crate::casing;
use crate::media_package::MediaPackageOutputDestinationSettings;

hls_epoch::open_enum! {
    /// `ChannelClass`: how many pipelines the channel runs.
    ChannelClass {
        /// Two pipelines (A and B); needed for a redundant manifest.
        Standard = "STANDARD",
        /// One pipeline.
        SinglePipeline = "SINGLE_PIPELINE",
    }
}

hls_epoch::open_enum! {
    /// `LogLevel` of the channel's CloudWatch logs.
    LogLevel {
        /// Errors only.
        Error = "ERROR",
        /// Warnings and errors.
        Warning = "WARNING",
        /// Informational messages too.
        Info = "INFO",
        /// Debug messages too.
        Debug = "DEBUG",
        /// No logs.
        Disabled = "DISABLED",
    }
}

hls_epoch::open_enum! {
    /// `InputSpecification.Codec` of the input the channel expects.
    InputCodec {
        /// MPEG-2.
        Mpeg2 = "MPEG2",
        /// H.264 / AVC.
        Avc = "AVC",
        /// H.265 / HEVC.
        Hevc = "HEVC",
    }
}

hls_epoch::open_enum! {
    /// `InputSpecification.MaximumBitrate` of the input the channel expects.
    InputMaximumBitrate {
        /// Up to 10 Mbit/s.
        Max10Mbps = "MAX_10_MBPS",
        /// Up to 20 Mbit/s.
        Max20Mbps = "MAX_20_MBPS",
        /// Up to 50 Mbit/s.
        Max50Mbps = "MAX_50_MBPS",
    }
}

hls_epoch::open_enum! {
    /// `InputSpecification.Resolution` of the input the channel expects.
    InputResolution {
        /// Below 720 lines.
        Sd = "SD",
        /// 720 to 1080 lines.
        Hd = "HD",
        /// Above 1080 lines.
        Uhd = "UHD",
    }
}

/// The MediaLive channel document: the `CreateChannel` request as the AWS CLI and SDKs spell it.
///
/// Keys this crate does not model (for example `Vpc`, `Maintenance`, or the `Arn`, `Id` and `State` of a
/// `DescribeChannel` reply) are kept in [`Channel::extra`] and written back unchanged.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Channel {
    /// `Name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `ChannelClass` (MediaLive's default is `STANDARD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_class: Option<ChannelClass>,
    /// `RoleArn`: the IAM role MediaLive assumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `InputAttachments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_attachments: Option<Vec<InputAttachment>>,
    /// `InputSpecification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_specification: Option<InputSpecification>,
    /// `Destinations`, referenced by output groups through their `DestinationRefId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<OutputDestination>>,
    /// `EncoderSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_settings: Option<EncoderSettings>,
    /// `LogLevel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<LogLevel>,
    /// `Tags`: user keys, never case-converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// Every other key of the document, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of `InputAttachments`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputAttachment {
    /// `InputId`: the MediaLive input, which is Region-specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_id: Option<String>,
    /// `InputAttachmentName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_attachment_name: Option<String>,
    /// `InputSettings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_settings: Option<InputSettings>,
    /// Every other key (`AutomaticInputFailoverSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `InputAttachments[].InputSettings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputSettings {
    /// `AudioSelectors`, referenced by audio descriptions' `AudioSelectorName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_selectors: Option<Vec<AudioSelector>>,
    /// Every other key (`CaptionSelectors`, `SourceEndBehavior`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of `AudioSelectors`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AudioSelector {
    /// `Name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every other key (`SelectorSettings`), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `InputSpecification`: the kind of input the channel is priced and provisioned for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InputSpecification {
    /// `Codec`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec: Option<InputCodec>,
    /// `MaximumBitrate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_bitrate: Option<InputMaximumBitrate>,
    /// `Resolution`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<InputResolution>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An entry of `Destinations`: one destination per output group, with one setting per pipeline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputDestination {
    /// `Id`, matched by an output group's `Destination.DestinationRefId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Settings`: pipeline A's destination first, then pipeline B's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<OutputDestinationSettings>>,
    /// `MediaPackageSettings`: pipeline A's MediaPackage channel first, then pipeline B's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_package_settings: Option<Vec<MediaPackageOutputDestinationSettings>>,
    /// Every other key (`MultiplexSettings`, `SrtSettings`, ...), kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One pipeline's destination.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OutputDestinationSettings {
    /// `Url`, such as `mediastoressl://<data-endpoint-host>/<path>/<base>`; see
    /// [`DestinationUrl`](crate::DestinationUrl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `Username`, for destinations that authenticate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `PasswordParam`: the Systems Manager parameter holding the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_param: Option<String>,
    /// `StreamName`, for RTMP destinations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_name: Option<String>,
    /// Every other key, kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a template file holds: a whole channel, or only its `EncoderSettings` (as encoding profiles are
/// often published).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Template {
    /// A `CreateChannel` document (or a `DescribeChannel` reply).
    Channel(Box<Channel>),
    /// An `EncoderSettings` object with no channel envelope around it.
    EncoderSettings(Box<EncoderSettings>),
}

/// Why a document could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not JSON, or a modeled field has a value of the wrong type.
    #[error("channel document is not valid")]
    Json {
        /// The parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The document is not a JSON object.
    #[error("channel document at $ is {found}: expected a JSON object")]
    NotAnObject {
        /// The kind of JSON value found.
        found: &'static str,
    },
}

impl From<serde_json::Error> for Error {
    fn from(source: serde_json::Error) -> Self {
        Error::Json { source }
    }
}

/// The `EncoderSettings` keys that mark an envelope-less document.
const ENCODER_SETTINGS_KEYS: [&str; 4] = [
    "OutputGroups",
    "VideoDescriptions",
    "AudioDescriptions",
    "TimecodeConfig",
];

impl Template {
    /// Reads a document in the CLI/SDK form (PascalCase keys). A top-level object that has no
    /// `EncoderSettings` key but has `OutputGroups`, `VideoDescriptions`, `AudioDescriptions` or
    /// `TimecodeConfig` is an envelope-less [`Template::EncoderSettings`]; anything else is a channel.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        Self::from_value(serde_json::from_str(text)?)
    }

    /// Like [`Template::from_json`], from a parsed value.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let object = value.as_object().ok_or(Error::NotAnObject {
            found: kind_of(&value),
        })?;
        let envelope_less = !object.contains_key("EncoderSettings")
            && ENCODER_SETTINGS_KEYS.iter().any(|key| object.contains_key(*key));
        Ok(if envelope_less {
            Template::EncoderSettings(Box::new(serde_json::from_value(value)?))
        } else {
            Template::Channel(Box::new(serde_json::from_value(value)?))
        })
    }

    /// Reads a document in the REST form (camelCase keys); see [`casing`].
    pub fn from_rest_json(text: &str) -> Result<Self, Error> {
        let value: Value = serde_json::from_str(text)?;
        Self::from_value(casing::from_rest(&value))
    }

    /// The document in the CLI/SDK form.
    pub fn to_value(&self) -> Result<Value, Error> {
        Ok(match self {
            Template::Channel(channel) => serde_json::to_value(channel)?,
            Template::EncoderSettings(settings) => serde_json::to_value(settings)?,
        })
    }

    /// The document in the REST form.
    pub fn to_rest_value(&self) -> Result<Value, Error> {
        Ok(casing::to_rest(&self.to_value()?))
    }

    /// The encoder settings, wherever they sit in the document.
    pub fn encoder_settings(&self) -> Option<&EncoderSettings> {
        match self {
            Template::Channel(channel) => channel.encoder_settings.as_ref(),
            Template::EncoderSettings(settings) => Some(settings),
        }
    }

    /// The channel, if the document has its envelope.
    pub fn channel(&self) -> Option<&Channel> {
        match self {
            Template::Channel(channel) => Some(channel),
            Template::EncoderSettings(_) => None,
        }
    }
}

impl Channel {
    /// Reads a channel in the CLI/SDK form (PascalCase keys).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let value: Value = serde_json::from_str(text)?;
        Self::from_value(value)
    }

    /// Reads a channel in the REST form (camelCase keys); see [`casing`].
    pub fn from_rest_json(text: &str) -> Result<Self, Error> {
        let value: Value = serde_json::from_str(text)?;
        Self::from_value(casing::from_rest(&value))
    }

    fn from_value(value: Value) -> Result<Self, Error> {
        if !value.is_object() {
            return Err(Error::NotAnObject {
                found: kind_of(&value),
            });
        }
        Ok(serde_json::from_value(value)?)
    }

    /// The channel in the CLI/SDK form.
    pub fn to_value(&self) -> Result<Value, Error> {
        Ok(serde_json::to_value(self)?)
    }

    /// The channel as pretty-printed JSON in the CLI/SDK form, ready for `--cli-input-json`.
    pub fn to_json_pretty(&self) -> Result<String, Error> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// The channel in the REST form (camelCase keys).
    pub fn to_rest_value(&self) -> Result<Value, Error> {
        Ok(casing::to_rest(&self.to_value()?))
    }

    /// The keys a `DescribeChannel` reply adds that describe the running channel, not its template;
    /// `CreateChannel` refuses them.
    pub const STATUS_KEYS: [&'static str; 6] = [
        "Arn",
        "Id",
        "State",
        "EgressEndpoints",
        "PipelineDetails",
        "PipelinesRunningCount",
    ];

    /// The channel without the [`Channel::STATUS_KEYS`] of a `DescribeChannel` reply, ready to be created
    /// again (in another Region, say); every other key is kept.
    ///
    /// ```
    /// use medialive_template::Channel;
    ///
    /// let described = Channel::from_json(r#"{"Arn": "arn:aws:medialive:us-east-1:1:channel:2", "Id": "2",
    ///     "State": "IDLE", "Name": "live", "Vpc": {"SubnetIds": ["subnet-1"]}}"#)?;
    /// let template = described.without_status_keys();
    /// assert_eq!(template.to_value()?, serde_json::json!({"Name": "live", "Vpc": {"SubnetIds": ["subnet-1"]}}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_status_keys(&self) -> Channel {
        let mut channel = self.clone();
        for key in Self::STATUS_KEYS {
            channel.extra.remove(key);
        }
        channel
    }
}

impl From<Channel> for Template {
    fn from(channel: Channel) -> Self {
        Template::Channel(Box::new(channel))
    }
}

impl From<EncoderSettings> for Template {
    fn from(settings: EncoderSettings) -> Self {
        Template::EncoderSettings(Box::new(settings))
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
