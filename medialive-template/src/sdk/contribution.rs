//! The `CreateFlow` document's SDK form (MediaConnect).

use aws_sdk_mediaconnect::operation::create_flow::CreateFlowInput;
use aws_sdk_mediaconnect::types::{Protocol, SetSourceRequest};

use super::Error;
use crate::contribution::{CreateFlow, FlowSource};

impl From<&FlowSource> for SetSourceRequest {
    fn from(source: &FlowSource) -> SetSourceRequest {
        SetSourceRequest::builder()
            .name(&source.name)
            .description(&source.description)
            .protocol(Protocol::from(source.protocol.as_str()))
            .ingest_port(i32::from(source.ingest_port))
            .whitelist_cidr(&source.whitelist_cidr)
            .build()
    }
}

impl TryFrom<&CreateFlow> for CreateFlowInput {
    type Error = Error;

    fn try_from(flow: &CreateFlow) -> Result<CreateFlowInput, Error> {
        CreateFlowInput::builder()
            .name(&flow.name)
            .availability_zone(&flow.availability_zone)
            .source(SetSourceRequest::from(&flow.source))
            .build()
            .map_err(|error| Error::refused("$", "the AWS SDK", error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reaches_the_sdk() {
        let flow = crate::contribution::sample_flow();
        let input = CreateFlowInput::try_from(&flow).unwrap();
        assert_eq!(input.name.as_deref(), Some("e-primary-a"));
        assert_eq!(input.availability_zone.as_deref(), Some("us-east-1a"));
        let source = input.source.unwrap();
        assert_eq!(source.name.as_deref(), Some("e-primary-a-source"));
        assert_eq!(source.description.as_deref(), Some("d"));
        assert_eq!(source.protocol, Some(Protocol::ZixiPush));
        assert_eq!(source.ingest_port, Some(2088));
        assert_eq!(source.whitelist_cidr.as_deref(), Some("10.0.0.0/8"));
    }
}
