//! The `CreateInput` document's SDK form.

use aws_sdk_medialive::operation::create_input::CreateInputInput;
use aws_sdk_medialive::types as sdk;

use super::Error;
use crate::input::CreateInput;

impl TryFrom<&CreateInput> for CreateInputInput {
    type Error = Error;

    fn try_from(input: &CreateInput) -> Result<CreateInputInput, Error> {
        let flows = input
            .media_connect_flows
            .iter()
            .map(|flow| {
                sdk::MediaConnectFlowRequest::builder()
                    .flow_arn(&flow.flow_arn)
                    .build()
            })
            .collect();
        CreateInputInput::builder()
            .name(&input.name)
            .r#type(sdk::InputType::from(input.input_type.as_str()))
            .set_media_connect_flows(Some(flows))
            .role_arn(&input.role_arn)
            .set_tags(Some(input.tags.clone().into_iter().collect()))
            .build()
            .map_err(|error| Error::refused("$", "the AWS SDK", error))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn every_field_reaches_the_sdk() {
        let input = CreateInput::media_connect(
            "e-primary-input",
            "arn:aws:iam::111122223333:role/R",
            ["arn:a", "arn:b"],
            BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        );
        let sdk_input = CreateInputInput::try_from(&input).unwrap();
        assert_eq!(sdk_input.name.as_deref(), Some("e-primary-input"));
        assert_eq!(sdk_input.r#type, Some(sdk::InputType::Mediaconnect));
        let arns: Vec<_> = sdk_input
            .media_connect_flows
            .iter()
            .flatten()
            .filter_map(|flow| flow.flow_arn.as_deref())
            .collect();
        assert_eq!(arns, ["arn:a", "arn:b"]);
        assert_eq!(
            sdk_input.role_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/R")
        );
        assert_eq!(
            sdk_input.tags.and_then(|tags| tags.get("k").cloned()).as_deref(),
            Some("v")
        );
    }
}
