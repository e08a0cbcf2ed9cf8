//! The cloud ports on AWS, with the AWS SDK for Rust: one module per service, each implementing
//! its port on [`AwsCloud`]'s handles.
//!
//! Clients come from aws-config's standard chain per Region, so `AWS_PROFILE`, the usual credential
//! sources and `AWS_ENDPOINT_URL` all work. MediaStore Data has a different endpoint per container:
//! its client is pointed at the container's data endpoint, unless an endpoint override is
//! configured (`AWS_ENDPOINT_URL` or the profile's `endpoint_url`), in which case every call goes
//! to the override, as an emulator needs.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region as SdkRegion, SdkConfig};
use aws_sdk_mediastore::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_smithy_async::future::pagination_stream::PaginationStream;
use mediastore_policy::DataEndpoint;

use crate::cloud::{Error, InRegion, Result};

mod cloudfront;
mod mediaconnect;
mod medialive;
mod mediapackage;
mod mediastore;
mod mediastore_data;
mod playback;

pub use playback::AsReader;

/// The longest the SDK waiters wait: a distribution can take half an hour to deploy.
const MAX_WAIT: Duration = Duration::from_secs(45 * 60);

/// CloudFront's API lives in one Region.
const CLOUDFRONT_REGION: &str = "us-east-1";

/// The retry policy for operating an event: the SDK's standard mode (exponential backoff with
/// jitter, a retry quota, and retries on throttling, 5xx and transient network errors) with 8
/// attempts instead of 3. Deploying both Regions at once sends bursts of control-plane calls, and
/// MediaLive and MediaConnect throttle them (`TooManyRequestsException`); 8 attempts with
/// backoff up to 20 s ride out about a minute of throttling, which is short next to a
/// distribution's twenty-minute deployment.
pub fn retry_policy() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(8)
        .with_max_backoff(Duration::from_secs(20))
}

/// The AWS SDK clients for the Regions of a deployment.
#[derive(Debug, Clone)]
pub struct AwsCloud {
    regions: BTreeMap<String, RegionClients>,
    cloudfront: aws_sdk_cloudfront::Client,
    /// The configuration of the global clients, for reading as a viewer.
    global: SdkConfig,
    /// The HTTPS connector playlists are read with.
    connector: Option<aws_smithy_runtime_api::client::http::SharedHttpConnector>,
}

#[derive(Debug, Clone)]
struct RegionClients {
    config: SdkConfig,
    mediastore: aws_sdk_mediastore::Client,
    mediaconnect: aws_sdk_mediaconnect::Client,
    medialive: aws_sdk_medialive::Client,
    mediapackage: aws_sdk_mediapackagev2::Client,
}

impl RegionClients {
    fn new(config: SdkConfig) -> Self {
        RegionClients {
            mediastore: aws_sdk_mediastore::Client::new(&config),
            mediaconnect: aws_sdk_mediaconnect::Client::new(&config),
            medialive: aws_sdk_medialive::Client::new(&config),
            mediapackage: aws_sdk_mediapackagev2::Client::new(&config),
            config,
        }
    }
}

impl AwsCloud {
    /// Loads the SDK configuration from the environment (aws-config's standard chain) for each
    /// Region, with the given retry policy: [`retry_policy()`] for real use,
    /// [`RetryConfig::disabled`] in tests so a fault shows at once.
    pub async fn from_env(regions: &[&str], retry: RetryConfig) -> AwsCloud {
        let load = |region: String| {
            let retry = retry.clone();
            async move {
                aws_config::defaults(BehaviorVersion::latest())
                    .region(SdkRegion::new(region))
                    .retry_config(retry)
                    .load()
                    .await
            }
        };
        let mut clients = BTreeMap::new();
        for region in regions {
            let config = load((*region).to_owned()).await;
            clients.insert((*region).to_owned(), RegionClients::new(config));
        }
        let global = load(CLOUDFRONT_REGION.to_owned()).await;
        AwsCloud {
            regions: clients,
            cloudfront: aws_sdk_cloudfront::Client::new(&global),
            connector: playback::connector(&global),
            global,
        }
    }

    /// Clients from SDK configurations made by the caller: one per Region (each with its
    /// Region set), and one for CloudFront's global API. Tests use it to point every client at an
    /// emulator without touching the environment.
    pub fn from_sdk_configs(regions: impl IntoIterator<Item = SdkConfig>, global: &SdkConfig) -> AwsCloud {
        // A config without a Region has no clients to hand out: calls in any Region then say
        // which Regions have clients.
        let regions = regions
            .into_iter()
            .filter_map(|config| {
                let region = config.region()?.to_string();
                Some((region, RegionClients::new(config)))
            })
            .collect();
        AwsCloud {
            regions,
            cloudfront: aws_sdk_cloudfront::Client::new(global),
            connector: playback::connector(global),
            global: global.clone(),
        }
    }

    fn region(&self, region: &str, operation: &'static str) -> Result<&RegionClients> {
        self.regions.get(region).ok_or_else(|| Error::Call {
            operation,
            region: region.to_owned(),
            message: format!(
                "no clients for this Region (loaded: {})",
                self.regions.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        })
    }

    fn data_client(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        operation: &'static str,
    ) -> Result<aws_sdk_mediastoredata::Client> {
        let clients = self.region(region, operation)?;
        let mut builder = aws_sdk_mediastoredata::config::Builder::from(&clients.config);
        if clients.config.endpoint_url().is_none() {
            builder = builder.endpoint_url(endpoint.to_string());
        }
        Ok(aws_sdk_mediastoredata::Client::from_conf(builder.build()))
    }
}

/// Turns an SDK error into the port's error, keeping the service's code and message.
fn call_error<E>(operation: &'static str, region: &str, error: E) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    Error::Call {
        operation,
        region: region.to_owned(),
        message: DisplayErrorContext(&error).to_string(),
    }
}

/// The error codes the services use for "no such thing" (moto's are included, as the emulator uses
/// a few of its own).
fn is_not_found(code: Option<&str>) -> bool {
    matches!(
        code,
        Some(
            "ContainerNotFoundException"
                | "ResourceNotFoundException"
                | "PolicyNotFoundException"
                | "CorsPolicyNotFoundException"
                | "ObjectNotFoundException"
                | "NotFoundException"
                | "NoSuchDistribution"
                | "NoSuchOriginAccessControl"
        )
    )
}

/// Where a reply came from, to name it when a field is missing or invalid.
#[derive(Clone, Copy)]
struct Reply<'a> {
    operation: &'static str,
    region: &'a str,
}

impl Reply<'_> {
    /// A field the workflow needs: missing is an error naming the call and the field.
    fn field<T>(self, value: Option<T>, field: &'static str) -> Result<T> {
        value.ok_or_else(|| Error::Incomplete {
            operation: self.operation,
            region: self.region.to_owned(),
            field,
        })
    }

    /// A string field the workflow records, owned.
    fn text(self, value: Option<&str>, field: &'static str) -> Result<String> {
        self.field(value, field).map(str::to_owned)
    }

    /// A required string field: the SDK reads a required member the reply left out as an empty
    /// string, so empty is missing.
    fn required<'v>(self, value: &'v str, field: &'static str) -> Result<&'v str> {
        self.field(Some(value).filter(|v| !v.is_empty()), field)
    }

    /// A field whose value the workflow cannot use, with why.
    fn invalid<E>(self, field: &'static str, source: E) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        Error::Invalid {
            operation: self.operation,
            region: self.region.to_owned(),
            field,
            source: Box::new(source),
        }
    }

    /// The result of a call on one resource: the service's "not found" means the resource is
    /// absent (`None`); any other failure is the port's error.
    fn found<T, E>(self, result: std::result::Result<T, E>) -> Result<Option<T>>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(self.failed(error)),
        }
    }

    /// Every page of a paginated call (or every item, from a paginator's `items()`), or the
    /// port's error.
    async fn pages<T, E>(self, pages: PaginationStream<std::result::Result<T, E>>) -> Result<Vec<T>>
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        pages.try_collect().await.map_err(|error| self.failed(error))
    }

    /// The SDK's error as the port's, keeping the service's code and message.
    fn failed<E>(self, error: E) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        call_error(self.operation, self.region, error)
    }
}

/// A document that cannot be turned into the SDK's types, or out of them.
fn document_error<E>(document: &'static str, error: E) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    Error::Document {
        document,
        source: Box::new(error),
    }
}

/// The end of an SDK waiter as the port's result: `what` in `region` became `target`, or why not.
fn waited<T, E>(
    result: std::result::Result<T, E>,
    what: &str,
    region: &str,
    target: &'static str,
) -> Result<()>
where
    E: std::error::Error + Send + Sync + 'static,
{
    result.map(|_| ()).map_err(|error| Error::Wait {
        what: what.to_owned(),
        region: region.to_owned(),
        target,
        message: DisplayErrorContext(&error).to_string(),
    })
}

crate::cloud::cloud_handles!(AwsCloud);

impl<'a> InRegion<'a, AwsCloud> {
    /// Names a call in this Region.
    fn reply(&self, operation: &'static str) -> Reply<'a> {
        Reply {
            operation,
            region: self.region,
        }
    }

    /// The Region's clients, for the call `reply` names.
    fn clients(&self, reply: Reply<'_>) -> Result<&'a RegionClients> {
        self.cloud.region(self.region, reply.operation)
    }
}
