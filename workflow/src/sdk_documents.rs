//! The documents' SDK forms, through the document crates' `aws-sdk` features.
//!
//! The conversions themselves live in the document crates (one home per document); this module
//! only moves their results into the SDK's request builders.

use aws_sdk_medialive::operation::create_channel::builders::CreateChannelFluentBuilder;
use aws_sdk_medialive::operation::describe_channel::DescribeChannelOutput;
use medialive_template::Channel;
use origin_failover::document::DistributionConfig;

/// A `CreateChannel` call for `channel`, ready to send.
pub(crate) fn create_channel(
    client: &aws_sdk_medialive::Client,
    channel: &Channel,
) -> Result<CreateChannelFluentBuilder, medialive_template::sdk::Error> {
    let input = medialive_template::sdk::create_channel_input(channel)?;
    // The document crate refuses fields it does not model, so the fields below are all it sets.
    Ok(client
        .create_channel()
        .set_name(input.name)
        .set_channel_class(input.channel_class)
        .set_role_arn(input.role_arn)
        .set_input_attachments(input.input_attachments)
        .set_input_specification(input.input_specification)
        .set_destinations(input.destinations)
        .set_encoder_settings(input.encoder_settings)
        .set_log_level(input.log_level)
        .set_tags(input.tags))
}

/// The channel document of a `DescribeChannel` reply.
pub(crate) fn channel_from(
    output: &DescribeChannelOutput,
) -> Result<Channel, medialive_template::sdk::Error> {
    medialive_template::sdk::channel_from_describe_channel_output(output)
}

/// The SDK's `DistributionConfig` for a distribution config document.
pub(crate) fn distribution_config_to(
    config: &DistributionConfig,
) -> Result<aws_sdk_cloudfront::types::DistributionConfig, origin_failover::sdk::Error> {
    origin_failover::sdk::to_sdk(config)
}

/// The distribution config document of the SDK's `DistributionConfig`.
pub(crate) fn distribution_config_from(
    config: &aws_sdk_cloudfront::types::DistributionConfig,
) -> Result<DistributionConfig, origin_failover::sdk::Error> {
    origin_failover::sdk::from_sdk(config)
}
