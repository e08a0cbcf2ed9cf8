//! [`Cloud`] on AWS, with the AWS SDK for Rust.
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
use aws_sdk_cloudfront::client::Waiters as _;
use aws_sdk_cloudfront::types::{Tag, Tags};
use aws_sdk_mediaconnect::client::Waiters as _;
use aws_sdk_mediaconnect::operation::create_flow::CreateFlowInput;
use aws_sdk_medialive::client::Waiters as _;
use aws_sdk_medialive::operation::create_input::CreateInputInput;
use aws_sdk_mediastore::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_mediastoredata::primitives::ByteStream;
use medialive_template::Channel;
use medialive_template::Pipeline;
use medialive_template::contribution::CreateFlow;
use medialive_template::input::CreateInput;
use medialive_template::schedule::PauseStateAction;
use mediastore_policy::{CorsPolicy, DataEndpoint};
use origin_failover::document::DistributionConfig;

use crate::cloud::{
    ChannelTarget, Cloud, Container, Distribution, Error, Flow, FlowTarget, Item, MediaLiveResource, Result,
};

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
}

#[derive(Debug, Clone)]
struct RegionClients {
    config: SdkConfig,
    mediastore: aws_sdk_mediastore::Client,
    mediaconnect: aws_sdk_mediaconnect::Client,
    medialive: aws_sdk_medialive::Client,
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
            clients.insert(
                (*region).to_owned(),
                RegionClients {
                    mediastore: aws_sdk_mediastore::Client::new(&config),
                    mediaconnect: aws_sdk_mediaconnect::Client::new(&config),
                    medialive: aws_sdk_medialive::Client::new(&config),
                    config,
                },
            );
        }
        let global = load(CLOUDFRONT_REGION.to_owned()).await;
        AwsCloud {
            regions: clients,
            cloudfront: aws_sdk_cloudfront::Client::new(&global),
        }
    }

    /// Clients from SDK configurations made by the caller: one per Region (each with its
    /// Region set), and one for CloudFront's global API. Tests use it to point every client at an
    /// emulator without touching the environment.
    pub fn from_sdk_configs(regions: impl IntoIterator<Item = SdkConfig>, global: &SdkConfig) -> AwsCloud {
        let regions = regions
            .into_iter()
            .map(|config| {
                let region = config.region().map(|r| r.to_string()).unwrap_or_default();
                (
                    region,
                    RegionClients {
                        mediastore: aws_sdk_mediastore::Client::new(&config),
                        mediaconnect: aws_sdk_mediaconnect::Client::new(&config),
                        medialive: aws_sdk_medialive::Client::new(&config),
                        config,
                    },
                )
            })
            .collect();
        AwsCloud {
            regions,
            cloudfront: aws_sdk_cloudfront::Client::new(global),
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
        )
    )
}

fn incomplete(operation: &'static str, region: &str, field: &'static str) -> Error {
    Error::Incomplete {
        operation,
        region: region.to_owned(),
        field,
    }
}

fn waited<E: std::error::Error + Send + Sync + 'static>(
    what: String,
    region: &str,
    target: &'static str,
    error: E,
) -> Error {
    Error::Wait {
        what,
        region: region.to_owned(),
        target,
        message: DisplayErrorContext(&error).to_string(),
    }
}

fn container_from(
    operation: &'static str,
    region: &str,
    container: &aws_sdk_mediastore::types::Container,
) -> Result<Container> {
    Ok(Container {
        name: container
            .name()
            .ok_or_else(|| incomplete(operation, region, "Container.Name"))?
            .to_owned(),
        arn: container
            .arn()
            .ok_or_else(|| incomplete(operation, region, "Container.ARN"))?
            .to_owned(),
        status: container
            .status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        endpoint: container
            .endpoint()
            .map(DataEndpoint::parse)
            .transpose()
            .map_err(|source| Error::Invalid {
                operation,
                region: region.to_owned(),
                field: "Container.Endpoint",
                source: Box::new(source),
            })?,
    })
}

impl Cloud for AwsCloud {
    async fn describe_container(&self, region: &str, name: &str) -> Result<Option<Container>> {
        const OP: &str = "mediastore:DescribeContainer";
        let client = &self.region(region, OP)?.mediastore;
        match client.describe_container().container_name(name).send().await {
            Ok(output) => match output.container() {
                Some(container) => container_from(OP, region, container).map(Some),
                None => Err(incomplete(OP, region, "Container")),
            },
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn list_containers(&self, region: &str) -> Result<Vec<Container>> {
        const OP: &str = "mediastore:ListContainers";
        let client = &self.region(region, OP)?.mediastore;
        let mut containers = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = client
                .list_containers()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, region, error))?;
            for container in output.containers() {
                containers.push(container_from(OP, region, container)?);
            }
            token = output.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() {
                return Ok(containers);
            }
        }
    }

    async fn create_container(
        &self,
        region: &str,
        name: &str,
        tags: &BTreeMap<String, String>,
    ) -> Result<Container> {
        const OP: &str = "mediastore:CreateContainer";
        let client = &self.region(region, OP)?.mediastore;
        let tags: Vec<aws_sdk_mediastore::types::Tag> = tags
            .iter()
            .map(|(key, value)| {
                aws_sdk_mediastore::types::Tag::builder()
                    .key(key)
                    .value(value)
                    .build()
            })
            .collect::<std::result::Result<_, _>>()
            .map_err(|error| call_error(OP, region, error))?;
        let output = client
            .create_container()
            .container_name(name)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|error| call_error(OP, region, error))?;
        container_from(
            OP,
            region,
            output
                .container()
                .ok_or_else(|| incomplete(OP, region, "Container"))?,
        )
    }

    async fn delete_container(&self, region: &str, name: &str) -> Result<bool> {
        const OP: &str = "mediastore:DeleteContainer";
        let client = &self.region(region, OP)?.mediastore;
        match client.delete_container().container_name(name).send().await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn container_policy(&self, region: &str, name: &str) -> Result<Option<String>> {
        const OP: &str = "mediastore:GetContainerPolicy";
        let client = &self.region(region, OP)?.mediastore;
        match client.get_container_policy().container_name(name).send().await {
            Ok(output) => Ok(Some(output.policy().to_owned())),
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn put_container_policy(&self, region: &str, name: &str, policy: &str) -> Result<()> {
        const OP: &str = "mediastore:PutContainerPolicy";
        let client = &self.region(region, OP)?.mediastore;
        client
            .put_container_policy()
            .container_name(name)
            .policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn lifecycle_policy(&self, region: &str, name: &str) -> Result<Option<String>> {
        const OP: &str = "mediastore:GetLifecyclePolicy";
        let client = &self.region(region, OP)?.mediastore;
        match client.get_lifecycle_policy().container_name(name).send().await {
            Ok(output) => Ok(Some(output.lifecycle_policy().to_owned())),
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn put_lifecycle_policy(&self, region: &str, name: &str, policy: &str) -> Result<()> {
        const OP: &str = "mediastore:PutLifecyclePolicy";
        let client = &self.region(region, OP)?.mediastore;
        client
            .put_lifecycle_policy()
            .container_name(name)
            .lifecycle_policy(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn cors_policy(&self, region: &str, name: &str) -> Result<Option<CorsPolicy>> {
        const OP: &str = "mediastore:GetCorsPolicy";
        let client = &self.region(region, OP)?.mediastore;
        match client.get_cors_policy().container_name(name).send().await {
            Ok(output) => CorsPolicy::from_sdk_output(&output)
                .map(Some)
                .map_err(|error| Error::Document {
                    document: "CORS policy",
                    source: Box::new(error),
                }),
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn put_cors_policy(&self, region: &str, name: &str, policy: &CorsPolicy) -> Result<()> {
        const OP: &str = "mediastore:PutCorsPolicy";
        let client = &self.region(region, OP)?.mediastore;
        let rules = policy.to_sdk().map_err(|error| Error::Document {
            document: "CORS policy",
            source: Box::new(error),
        })?;
        client
            .put_cors_policy()
            .container_name(name)
            .set_cors_policy(Some(rules))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn put_object(
        &self,
        region: &str,
        endpoint: &DataEndpoint,
        path: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<()> {
        const OP: &str = "mediastore-data:PutObject";
        let client = self.data_client(region, endpoint, OP)?;
        client
            .put_object()
            .path(path)
            .content_type(content_type)
            .body(ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn get_object(&self, region: &str, endpoint: &DataEndpoint, path: &str) -> Result<Option<Vec<u8>>> {
        const OP: &str = "mediastore-data:GetObject";
        let client = self.data_client(region, endpoint, OP)?;
        match client.get_object().path(path).send().await {
            Ok(output) => {
                let bytes = output
                    .body
                    .collect()
                    .await
                    .map_err(|error| call_error(OP, region, error))?;
                Ok(Some(bytes.into_bytes().to_vec()))
            }
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn list_items(&self, region: &str, endpoint: &DataEndpoint, folder: &str) -> Result<Vec<Item>> {
        const OP: &str = "mediastore-data:ListItems";
        let client = self.data_client(region, endpoint, OP)?;
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = client
                .list_items()
                .set_path((!folder.is_empty()).then(|| folder.to_owned()))
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, region, error))?;
            for item in output.items() {
                let name = item
                    .name()
                    .ok_or_else(|| incomplete(OP, region, "Items[].Name"))?
                    .to_owned();
                match item.r#type() {
                    Some(aws_sdk_mediastoredata::types::ItemType::Folder) => items.push(Item::Folder(name)),
                    _ => items.push(Item::Object(name)),
                }
            }
            token = output.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() {
                return Ok(items);
            }
        }
    }

    async fn delete_object(&self, region: &str, endpoint: &DataEndpoint, path: &str) -> Result<bool> {
        const OP: &str = "mediastore-data:DeleteObject";
        let client = self.data_client(region, endpoint, OP)?;
        match client.delete_object().path(path).send().await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn list_flows(&self, region: &str) -> Result<Vec<Flow>> {
        const OP: &str = "mediaconnect:ListFlows";
        let client = &self.region(region, OP)?.mediaconnect;
        let mut flows = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = client
                .list_flows()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, region, error))?;
            for flow in output.flows() {
                flows.push(Flow {
                    name: flow.name().unwrap_or_default().to_owned(),
                    arn: flow.flow_arn().unwrap_or_default().to_owned(),
                    availability_zone: flow.availability_zone().unwrap_or_default().to_owned(),
                    status: flow.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                });
            }
            token = output.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() {
                return Ok(flows);
            }
        }
    }

    async fn create_flow(&self, region: &str, request: &CreateFlow) -> Result<Flow> {
        const OP: &str = "mediaconnect:CreateFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        let input = CreateFlowInput::try_from(request).map_err(|error| Error::Document {
            document: "flow",
            source: Box::new(error),
        })?;
        // medialive-template's document sets only these fields.
        let output = client
            .create_flow()
            .set_name(input.name)
            .set_availability_zone(input.availability_zone)
            .set_source(input.source)
            .send()
            .await
            .map_err(|error| call_error(OP, region, error))?;
        let flow = output.flow().ok_or_else(|| incomplete(OP, region, "Flow"))?;
        Ok(Flow {
            name: flow.name().unwrap_or_default().to_owned(),
            arn: flow.flow_arn().unwrap_or_default().to_owned(),
            availability_zone: flow.availability_zone().unwrap_or_default().to_owned(),
            status: flow.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        })
    }

    async fn describe_flow(&self, region: &str, arn: &str) -> Result<Option<Flow>> {
        const OP: &str = "mediaconnect:DescribeFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        match client.describe_flow().flow_arn(arn).send().await {
            Ok(output) => {
                let flow = output.flow().ok_or_else(|| incomplete(OP, region, "Flow"))?;
                Ok(Some(Flow {
                    name: flow.name().unwrap_or_default().to_owned(),
                    arn: flow.flow_arn().unwrap_or_default().to_owned(),
                    availability_zone: flow.availability_zone().unwrap_or_default().to_owned(),
                    status: flow.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                }))
            }
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn start_flow(&self, region: &str, arn: &str) -> Result<()> {
        const OP: &str = "mediaconnect:StartFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        client
            .start_flow()
            .flow_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn stop_flow(&self, region: &str, arn: &str) -> Result<()> {
        const OP: &str = "mediaconnect:StopFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        client
            .stop_flow()
            .flow_arn(arn)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn delete_flow(&self, region: &str, arn: &str) -> Result<bool> {
        const OP: &str = "mediaconnect:DeleteFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        match client.delete_flow().flow_arn(arn).send().await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn wait_flow(&self, region: &str, arn: &str, target: FlowTarget) -> Result<()> {
        const OP: &str = "mediaconnect:DescribeFlow";
        let client = &self.region(region, OP)?.mediaconnect;
        let what = format!("flow {arn}");
        match target {
            FlowTarget::Active => client
                .wait_until_flow_active()
                .flow_arn(arn)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "ACTIVE", error)),
            FlowTarget::Standby => client
                .wait_until_flow_standby()
                .flow_arn(arn)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "STANDBY", error)),
            FlowTarget::Deleted => client
                .wait_until_flow_deleted()
                .flow_arn(arn)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "deleted", error)),
        }
    }

    async fn list_inputs(&self, region: &str) -> Result<Vec<MediaLiveResource>> {
        const OP: &str = "medialive:ListInputs";
        let client = &self.region(region, OP)?.medialive;
        let mut inputs = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = client
                .list_inputs()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, region, error))?;
            for input in output.inputs() {
                inputs.push(MediaLiveResource {
                    name: input.name().unwrap_or_default().to_owned(),
                    id: input.id().unwrap_or_default().to_owned(),
                    arn: input.arn().unwrap_or_default().to_owned(),
                    state: input.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                });
            }
            token = output.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() {
                return Ok(inputs);
            }
        }
    }

    async fn create_input(&self, region: &str, request: &CreateInput) -> Result<MediaLiveResource> {
        const OP: &str = "medialive:CreateInput";
        let client = &self.region(region, OP)?.medialive;
        let input = CreateInputInput::try_from(request).map_err(|error| Error::Document {
            document: "input",
            source: Box::new(error),
        })?;
        // medialive-template's document sets only these fields.
        let output = client
            .create_input()
            .set_name(input.name)
            .set_type(input.r#type)
            .set_media_connect_flows(input.media_connect_flows)
            .set_role_arn(input.role_arn)
            .set_tags(input.tags)
            .send()
            .await
            .map_err(|error| call_error(OP, region, error))?;
        let input = output.input().ok_or_else(|| incomplete(OP, region, "Input"))?;
        Ok(MediaLiveResource {
            name: input.name().unwrap_or_default().to_owned(),
            id: input
                .id()
                .ok_or_else(|| incomplete(OP, region, "Input.Id"))?
                .to_owned(),
            arn: input.arn().unwrap_or_default().to_owned(),
            state: input.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        })
    }

    async fn delete_input(&self, region: &str, id: &str) -> Result<bool> {
        const OP: &str = "medialive:DeleteInput";
        let client = &self.region(region, OP)?.medialive;
        match client.delete_input().input_id(id).send().await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn wait_input_deleted(&self, region: &str, id: &str) -> Result<()> {
        const OP: &str = "medialive:DescribeInput";
        let client = &self.region(region, OP)?.medialive;
        client
            .wait_until_input_deleted()
            .input_id(id)
            .wait(MAX_WAIT)
            .await
            .map(|_| ())
            .map_err(|error| waited(format!("input {id}"), region, "DELETED", error))
    }

    async fn list_channels(&self, region: &str) -> Result<Vec<MediaLiveResource>> {
        const OP: &str = "medialive:ListChannels";
        let client = &self.region(region, OP)?.medialive;
        let mut channels = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = client
                .list_channels()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, region, error))?;
            for channel in output.channels() {
                channels.push(MediaLiveResource {
                    name: channel.name().unwrap_or_default().to_owned(),
                    id: channel.id().unwrap_or_default().to_owned(),
                    arn: channel.arn().unwrap_or_default().to_owned(),
                    state: channel.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                });
            }
            token = output.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            if token.is_none() {
                return Ok(channels);
            }
        }
    }

    async fn create_channel(&self, region: &str, channel: &Channel) -> Result<MediaLiveResource> {
        const OP: &str = "medialive:CreateChannel";
        let client = &self.region(region, OP)?.medialive;
        let output = crate::sdk_documents::create_channel(client, channel)
            .map_err(|error| Error::Document {
                document: "channel",
                source: Box::new(error),
            })?
            .send()
            .await
            .map_err(|error| call_error(OP, region, error))?;
        let created = output
            .channel()
            .ok_or_else(|| incomplete(OP, region, "Channel"))?;
        Ok(MediaLiveResource {
            name: created.name().unwrap_or_default().to_owned(),
            id: created
                .id()
                .ok_or_else(|| incomplete(OP, region, "Channel.Id"))?
                .to_owned(),
            arn: created.arn().unwrap_or_default().to_owned(),
            state: created.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        })
    }

    async fn describe_channel(&self, region: &str, id: &str) -> Result<Option<(MediaLiveResource, Channel)>> {
        const OP: &str = "medialive:DescribeChannel";
        let client = &self.region(region, OP)?.medialive;
        match client.describe_channel().channel_id(id).send().await {
            Ok(output) => {
                let resource = MediaLiveResource {
                    name: output.name().unwrap_or_default().to_owned(),
                    id: output.id().unwrap_or_default().to_owned(),
                    arn: output.arn().unwrap_or_default().to_owned(),
                    state: output.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                };
                let channel =
                    crate::sdk_documents::channel_from(&output).map_err(|error| Error::Document {
                        document: "channel",
                        source: Box::new(error),
                    })?;
                Ok(Some((resource, channel)))
            }
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn start_channel(&self, region: &str, id: &str) -> Result<()> {
        const OP: &str = "medialive:StartChannel";
        let client = &self.region(region, OP)?.medialive;
        client
            .start_channel()
            .channel_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn stop_channel(&self, region: &str, id: &str) -> Result<()> {
        const OP: &str = "medialive:StopChannel";
        let client = &self.region(region, OP)?.medialive;
        client
            .stop_channel()
            .channel_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn set_paused_pipelines(
        &self,
        region: &str,
        channel_id: &str,
        action_name: &str,
        paused: &[Pipeline],
    ) -> Result<()> {
        const OP: &str = "medialive:BatchUpdateSchedule";
        let client = &self.region(region, OP)?.medialive;
        let action = PauseStateAction::pause(action_name, paused);
        client
            .batch_update_schedule()
            .channel_id(channel_id)
            .creates(aws_sdk_medialive::types::BatchScheduleActionCreateRequest::from(
                &action,
            ))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| call_error(OP, region, error))
    }

    async fn delete_channel(&self, region: &str, id: &str) -> Result<bool> {
        const OP: &str = "medialive:DeleteChannel";
        let client = &self.region(region, OP)?.medialive;
        match client.delete_channel().channel_id(id).send().await {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, region, error)),
        }
    }

    async fn wait_channel(&self, region: &str, id: &str, target: ChannelTarget) -> Result<()> {
        const OP: &str = "medialive:DescribeChannel";
        let client = &self.region(region, OP)?.medialive;
        let what = format!("channel {id}");
        match target {
            ChannelTarget::Created => client
                .wait_until_channel_created()
                .channel_id(id)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "IDLE", error)),
            ChannelTarget::Running => client
                .wait_until_channel_running()
                .channel_id(id)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "RUNNING", error)),
            ChannelTarget::Stopped => client
                .wait_until_channel_stopped()
                .channel_id(id)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "IDLE", error)),
            ChannelTarget::Deleted => client
                .wait_until_channel_deleted()
                .channel_id(id)
                .wait(MAX_WAIT)
                .await
                .map(|_| ())
                .map_err(|error| waited(what, region, "DELETED", error)),
        }
    }

    async fn list_distributions(&self) -> Result<Vec<Distribution>> {
        const OP: &str = "cloudfront:ListDistributions";
        let mut distributions = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let output = self
                .cloudfront
                .list_distributions()
                .set_marker(marker.clone())
                .send()
                .await
                .map_err(|error| call_error(OP, "global", error))?;
            let Some(list) = output.distribution_list() else {
                return Ok(distributions);
            };
            for summary in list.items() {
                distributions.push(Distribution {
                    id: summary.id().to_owned(),
                    arn: summary.arn().to_owned(),
                    domain_name: summary.domain_name().to_owned(),
                    status: summary.status().to_owned(),
                    enabled: summary.enabled(),
                });
            }
            marker = list.next_marker().filter(|m| !m.is_empty()).map(str::to_owned);
            if !list.is_truncated() || marker.is_none() {
                return Ok(distributions);
            }
        }
    }

    async fn distribution_config(&self, id: &str) -> Result<Option<(DistributionConfig, String)>> {
        const OP: &str = "cloudfront:GetDistributionConfig";
        match self.cloudfront.get_distribution_config().id(id).send().await {
            Ok(output) => {
                let etag = output
                    .e_tag()
                    .ok_or_else(|| incomplete(OP, "global", "ETag"))?
                    .to_owned();
                let config = output
                    .distribution_config()
                    .ok_or_else(|| incomplete(OP, "global", "DistributionConfig"))?;
                let config = crate::sdk_documents::distribution_config_from(config).map_err(|error| {
                    Error::Document {
                        document: "distribution config",
                        source: Box::new(error),
                    }
                })?;
                Ok(Some((config, etag)))
            }
            Err(error) if is_not_found(error.code()) => Ok(None),
            Err(error) => Err(call_error(OP, "global", error)),
        }
    }

    async fn create_distribution(
        &self,
        config: &DistributionConfig,
        tags: &BTreeMap<String, String>,
    ) -> Result<Distribution> {
        const OP: &str = "cloudfront:CreateDistributionWithTags";
        let config =
            crate::sdk_documents::distribution_config_to(config).map_err(|error| Error::Document {
                document: "distribution config",
                source: Box::new(error),
            })?;
        let tags: Vec<Tag> = tags
            .iter()
            .map(|(key, value)| Tag::builder().key(key).value(value).build())
            .collect::<std::result::Result<_, _>>()
            .map_err(|error| call_error(OP, "global", error))?;
        let config_with_tags = aws_sdk_cloudfront::types::DistributionConfigWithTags::builder()
            .distribution_config(config)
            .tags(Tags::builder().set_items(Some(tags)).build())
            .build();
        let output = self
            .cloudfront
            .create_distribution_with_tags()
            .distribution_config_with_tags(config_with_tags)
            .send()
            .await
            .map_err(|error| call_error(OP, "global", error))?;
        let created = output
            .distribution()
            .ok_or_else(|| incomplete(OP, "global", "Distribution"))?;
        Ok(Distribution {
            id: created.id().to_owned(),
            arn: created.arn().to_owned(),
            domain_name: created.domain_name().to_owned(),
            status: created.status().to_owned(),
            enabled: created.distribution_config().map(|c| c.enabled()).unwrap_or(true),
        })
    }

    async fn update_distribution(&self, id: &str, config: &DistributionConfig, etag: &str) -> Result<String> {
        const OP: &str = "cloudfront:UpdateDistribution";
        let config =
            crate::sdk_documents::distribution_config_to(config).map_err(|error| Error::Document {
                document: "distribution config",
                source: Box::new(error),
            })?;
        let output = self
            .cloudfront
            .update_distribution()
            .id(id)
            .if_match(etag)
            .distribution_config(config)
            .send()
            .await
            .map_err(|error| call_error(OP, "global", error))?;
        output
            .e_tag()
            .map(str::to_owned)
            .ok_or_else(|| incomplete(OP, "global", "ETag"))
    }

    async fn delete_distribution(&self, id: &str, etag: &str) -> Result<bool> {
        const OP: &str = "cloudfront:DeleteDistribution";
        match self
            .cloudfront
            .delete_distribution()
            .id(id)
            .if_match(etag)
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(error) if is_not_found(error.code()) => Ok(false),
            Err(error) => Err(call_error(OP, "global", error)),
        }
    }

    async fn wait_distribution_deployed(&self, id: &str) -> Result<()> {
        self.cloudfront
            .wait_until_distribution_deployed()
            .id(id)
            .wait(MAX_WAIT)
            .await
            .map(|_| ())
            .map_err(|error| waited(format!("distribution {id}"), "global", "Deployed", error))
    }
}
