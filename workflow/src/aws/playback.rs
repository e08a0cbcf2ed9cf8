//! Playback on AWS: HTTPS GETs with the SDK's own HTTPS connector, signed with Signature
//! Version 4 for `mediapackagev2` when the deploying account reads.
//!
//! With an endpoint override (`AWS_ENDPOINT_URL`, as an emulator needs) every request goes to the
//! override with its path kept, as MediaStore Data calls do.

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::ProvideCredentials as _;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::http::{HttpConnector as _, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use super::{AwsCloud, call_error};
use crate::cloud::playback::{Fetched, Playback, Reader};
use crate::cloud::{Error, HasPlayback, Result};

/// The service name MediaPackage v2 egress requests are signed for.
const SIGNING_NAME: &str = "mediapackagev2";

/// The operation named in errors.
const OPERATION: &str = "mediapackagev2:GetObject";

/// How long a connection and a read may take: a playlist answers in well under a second, and a
/// player would have given up long before.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The SDK's default HTTPS connector (hyper 1 and rustls), with playback's timeouts.
pub(super) fn connector(config: &aws_config::SdkConfig) -> Option<SharedHttpConnector> {
    let settings = HttpConnectorSettings::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .build();
    aws_smithy_http_client::default_connector(&settings, config.sleep_impl())
}

/// [`AwsCloud`] reading as one [`Reader`].
#[derive(Debug, Clone, Copy)]
pub struct AsReader<'a> {
    cloud: &'a AwsCloud,
    reader: Reader<'a>,
}

impl HasPlayback for AwsCloud {
    type Playback<'a> = AsReader<'a>;
    fn playback<'a>(&'a self, reader: Reader<'a>) -> AsReader<'a> {
        AsReader { cloud: self, reader }
    }
}

impl AsReader<'_> {
    fn region(&self) -> &str {
        match self.reader {
            Reader::Viewer => "global",
            Reader::Account { region } => region,
        }
    }

    fn failed(&self, message: impl Into<String>) -> Error {
        Error::Call {
            operation: OPERATION,
            region: self.region().to_owned(),
            message: message.into(),
        }
    }

    /// `url` with its scheme and host replaced by the endpoint override, if one is configured.
    fn target(&self, url: &str) -> Result<String> {
        let config = match self.reader {
            Reader::Viewer => &self.cloud.global,
            Reader::Account { region } => &self.cloud.region(region, OPERATION)?.config,
        };
        let Some(endpoint) = config.endpoint_url() else {
            return Ok(url.to_owned());
        };
        let path = url
            .strip_prefix("https://")
            .and_then(|rest| rest.find('/').map(|slash| &rest[slash..]))
            .ok_or_else(|| self.failed(format!("{url:?} is not an https:// URL with a path")))?;
        Ok(format!("{}{path}", endpoint.trim_end_matches('/')))
    }

    /// The SigV4 headers for a GET of `url` in `region`, from the Region's credential chain and
    /// time source.
    async fn signature(&self, region: &str, url: &str) -> Result<Vec<(String, String)>> {
        let config = &self.cloud.region(region, OPERATION)?.config;
        let provider = config
            .credentials_provider()
            .ok_or_else(|| self.failed("no credentials are configured to sign the request"))?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|error| call_error(OPERATION, region, error))?;
        let identity: Identity = credentials.into();
        // The configured time source, else the SDK's default, as its own clients sign with.
        let now = config.time_source().unwrap_or_default().now();
        signed_headers(&identity, region, now, url).map_err(|message| self.failed(message))
    }
}

/// The headers that sign a GET of `url` for MediaPackage v2 in `region` at `time`.
fn signed_headers(
    identity: &Identity,
    region: &str,
    time: SystemTime,
    url: &str,
) -> std::result::Result<Vec<(String, String)>, String> {
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(SIGNING_NAME)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|error| format!("the signing parameters are incomplete: {error}"))?
        .into();
    let request = SignableRequest::new("GET", url, std::iter::empty(), SignableBody::Bytes(&[]))
        .map_err(|error| format!("{url:?} cannot be signed: {error}"))?;
    let (instructions, _) = sign(request, &params)
        .map_err(|error| format!("{url:?} cannot be signed: {error}"))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect())
}

impl Playback for AsReader<'_> {
    async fn get(&self, url: &str) -> Result<Fetched> {
        let target = self.target(url)?;
        let mut request = HttpRequest::new(SdkBody::empty());
        request
            .set_uri(target.as_str())
            .map_err(|error| self.failed(format!("{target:?} is not a URL: {error}")))?;
        if let Reader::Account { region } = self.reader {
            for (name, value) in self.signature(region, &target).await? {
                request.headers_mut().insert(name, value);
            }
        }
        let connector = self
            .cloud
            .connector
            .as_ref()
            .ok_or_else(|| self.failed("this build has no HTTPS connector"))?;
        let response = connector
            .call(request)
            .await
            .map_err(|error| call_error(OPERATION, self.region(), error))?;
        let status = response.status().as_u16();
        let bytes = ByteStream::new(response.into_body())
            .collect()
            .await
            .map_err(|error| call_error(OPERATION, self.region(), error))?
            .to_vec();
        Ok(Fetched { status, body: bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;

    #[test]
    fn a_signed_get_names_the_service_region_and_day() {
        let identity: Identity = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test").into();
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        let headers = signed_headers(
            &identity,
            "us-west-2",
            time,
            "https://abc.egress.def.mediapackagev2.us-west-2.amazonaws.com/out/v1/g/c/e/index.m3u8",
        )
        .unwrap();
        let authorization = &headers
            .iter()
            .find(|(name, _)| name == "authorization")
            .unwrap()
            .1;
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261118/us-west-2/mediapackagev2/aws4_request"
            ),
            "{authorization}"
        );
        assert!(
            authorization.contains("SignedHeaders=host;x-amz-date"),
            "{authorization}"
        );
        assert!(
            headers
                .iter()
                .any(|(name, value)| name == "x-amz-date" && value == "20261118T110640Z")
        );
    }
}
