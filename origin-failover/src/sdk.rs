//! Conversions between [`DistributionConfig`] and the AWS SDK's
//! `aws_sdk_cloudfront::types::DistributionConfig` (feature `aws-sdk`).
//!
//! The convention, the same in every document crate of this workspace: a document and its SDK form
//! convert with the standard traits, `TryFrom` (or `From` where nothing can fail) in both directions,
//! and every failure is one [`Error`]: the JSON path of the field, [`What`] is wrong with it, and the
//! cause as its `source` when another library refused it. Here a [`DistributionConfig`] converts to
//! the SDK's `DistributionConfig` and back (`TryFrom` both ways), and an [`OriginAccessControlConfig`]
//! converts to the SDK's `OriginAccessControlConfig` (`TryFrom`).
//!
//! The document keeps keys it does not type in `extra` maps; those the SDK can carry are converted (aliases,
//! default root object, custom error responses, price class, HTTP version, IPv6, web ACL, logging, viewer
//! certificate, restrictions, S3 origin settings, origin access control, Origin Shield, IP address type,
//! legacy cache settings, cache, origin-request and response-headers policies, and the disabled forms of
//! trusted signers, trusted key groups, gRPC and function associations that `GetDistributionConfig`
//! returns). Anything else is an error naming its JSON path ([`What::NotSent`], [`What::NotRead`]),
//! never dropped silently.

// The recipe uses legacy cache settings (`ForwardedValues`, TTLs on the behaviour), which the SDK marks
// deprecated in favour of cache policies but CloudFront still accepts and returns.
#![allow(deprecated)]

use aws_sdk_cloudfront::types as sdk;
use serde_json::{Map, Value, json};

use crate::access_control::OriginAccessControlConfig;
use crate::document::{
    CacheBehavior, CustomHeader, CustomOriginConfig, DistributionConfig, FailoverCriteria, List, Origin,
    OriginGroup, OriginGroupMember, RedactedHeaderValue,
};

hls_epoch::sdk_error!("Origins.Items[1].VpcOriginConfig");

/// The error of an SDK builder that refused the structure at `path`.
fn build<T>(path: &str) -> impl FnOnce(T) -> Error
where
    T: Into<aws_sdk_cloudfront::error::BuildError>,
{
    let path = path.to_owned();
    move |e| Error::refused(path, "the AWS SDK", e.into())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn i32_of(value: u32, path: &str) -> Result<i32, Error> {
    i32::try_from(value).map_err(|_| Error::value(path.to_owned(), value.to_string(), "at most 2147483647"))
}

fn count(len: usize) -> i32 {
    i32::try_from(len).unwrap_or(i32::MAX)
}

/// Keys of an `extra` map, taken one by one; whatever is left at the end is unsupported.
struct Fields {
    map: Map<String, Value>,
    path: String,
}

impl Fields {
    fn new(map: &Map<String, Value>, path: &str) -> Self {
        Self {
            map: map.clone(),
            path: path.to_owned(),
        }
    }

    fn of(value: Value, path: String) -> Result<Self, Error> {
        match value {
            Value::Object(map) => Ok(Self { map, path }),
            other => Err(Error::value(path, other.to_string(), "an object")),
        }
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    fn object(&mut self, key: &str) -> Result<Option<Fields>, Error> {
        let path = self.path(key);
        self.map.remove(key).map(|v| Fields::of(v, path)).transpose()
    }

    fn bool(&mut self, key: &str) -> Result<Option<bool>, Error> {
        match self.map.remove(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(Error::value(self.path(key), other.to_string(), "true or false")),
        }
    }

    fn string(&mut self, key: &str) -> Result<Option<String>, Error> {
        match self.map.remove(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::value(self.path(key), other.to_string(), "a string")),
        }
    }

    fn integer(&mut self, key: &str) -> Result<Option<i64>, Error> {
        match self.map.remove(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(other) => Err(Error::value(self.path(key), other.to_string(), "an integer")),
        }
    }

    fn i32(&mut self, key: &str) -> Result<Option<i32>, Error> {
        let path = self.path(key);
        self.integer(key)?
            .map(|v| i32::try_from(v).map_err(|_| Error::value(path, v.to_string(), "a 32-bit integer")))
            .transpose()
    }

    /// A `{"Quantity", "Items"}` list of strings.
    fn strings(&mut self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(mut list) = self.object(key)? else {
            return Ok(None);
        };
        let quantity = list.integer("Quantity")?.unwrap_or_default();
        let items = match list.map.remove("Items") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    other => Err(Error::value(list.path("Items[]"), other.to_string(), "a string")),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(Error::value(list.path("Items"), other.to_string(), "a list"));
            }
        };
        if usize::try_from(quantity).ok() != Some(items.len()) {
            return Err(Error::value(
                list.path("Quantity"),
                quantity.to_string(),
                "the number of Items",
            ));
        }
        list.finish()?;
        Ok(Some(items))
    }

    /// Whether a `{"Quantity": 0}` list is present; one with items is refused, since they are not carried.
    fn empty_list(&mut self, key: &str) -> Result<bool, Error> {
        let Some(mut list) = self.object(key)? else {
            return Ok(false);
        };
        if list.integer("Quantity")?.unwrap_or_default() != 0 || list.map.contains_key("Items") {
            return Err(Error::new(list.path("Items"), What::NotSent));
        }
        list.finish()?;
        Ok(true)
    }

    fn finish(self) -> Result<(), Error> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(key) => Err(Error::new(join(&self.path, key), What::NotSent)),
        }
    }
}

impl TryFrom<&DistributionConfig> for sdk::DistributionConfig {
    type Error = Error;

    /// The SDK's `DistributionConfig` for a document.
    fn try_from(config: &DistributionConfig) -> Result<Self, Error> {
        to_sdk(config)
    }
}

impl TryFrom<&sdk::DistributionConfig> for DistributionConfig {
    type Error = Error;

    /// A document from the SDK's `DistributionConfig` (as `GetDistributionConfig` returns it).
    fn try_from(config: &sdk::DistributionConfig) -> Result<Self, Error> {
        from_sdk(config)
    }
}

impl TryFrom<&OriginAccessControlConfig> for sdk::OriginAccessControlConfig {
    type Error = Error;

    /// The SDK's `OriginAccessControlConfig` for a document (`CreateOriginAccessControl`'s input). A
    /// key kept in the document's `extra` has no place in the SDK's type and is refused.
    fn try_from(config: &OriginAccessControlConfig) -> Result<Self, Error> {
        Fields::new(&config.extra, "OriginAccessControlConfig").finish()?;
        sdk::OriginAccessControlConfig::builder()
            .name(&config.name)
            .set_description(config.description.clone())
            .signing_protocol(sdk::OriginAccessControlSigningProtocols::from(
                config.signing_protocol.as_str(),
            ))
            .signing_behavior(sdk::OriginAccessControlSigningBehaviors::from(
                config.signing_behavior.as_str(),
            ))
            .origin_access_control_origin_type(sdk::OriginAccessControlOriginTypes::from(
                config.origin_access_control_origin_type.as_str(),
            ))
            .build()
            .map_err(build("OriginAccessControlConfig"))
    }
}

fn to_sdk(config: &DistributionConfig) -> Result<sdk::DistributionConfig, Error> {
    check_list("Origins", &config.origins)?;
    let mut origins = Vec::new();
    for (i, origin) in config.origins.as_slice().iter().enumerate() {
        origins.push(origin_to_sdk(origin, &format!("Origins.Items[{i}]"))?);
    }
    let mut builder = sdk::DistributionConfig::builder()
        .caller_reference(&config.caller_reference)
        .comment(&config.comment)
        .enabled(config.enabled)
        .origins(
            sdk::Origins::builder()
                .quantity(count(origins.len()))
                .set_items(Some(origins))
                .build()
                .map_err(build("Origins"))?,
        )
        .default_cache_behavior(default_behavior_to_sdk(&config.default_cache_behavior)?);
    if let Some(groups) = &config.origin_groups {
        check_list("OriginGroups", groups)?;
        let mut items = Vec::new();
        for (i, group) in groups.as_slice().iter().enumerate() {
            items.push(group_to_sdk(group, &format!("OriginGroups.Items[{i}]"))?);
        }
        let quantity = count(items.len());
        let items = (!items.is_empty()).then_some(items);
        builder = builder.origin_groups(
            sdk::OriginGroups::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build("OriginGroups"))?,
        );
    }
    if let Some(behaviors) = &config.cache_behaviors {
        check_list("CacheBehaviors", behaviors)?;
        let mut items = Vec::new();
        for (i, behavior) in behaviors.as_slice().iter().enumerate() {
            items.push(behavior_to_sdk(behavior, &format!("CacheBehaviors.Items[{i}]"))?);
        }
        let quantity = count(items.len());
        let items = (!items.is_empty()).then_some(items);
        builder = builder.cache_behaviors(
            sdk::CacheBehaviors::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build("CacheBehaviors"))?,
        );
    }
    let mut extra = Fields::new(&config.extra, "");
    if let Some(aliases) = extra.strings("Aliases")? {
        let quantity = count(aliases.len());
        let items = (!aliases.is_empty()).then_some(aliases);
        builder = builder.aliases(
            sdk::Aliases::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build("Aliases"))?,
        );
    }
    builder = builder.set_default_root_object(extra.string("DefaultRootObject")?);
    if let Some(mut responses) = extra.object("CustomErrorResponses")? {
        let mut items = Vec::new();
        if let Some(list) = responses.map.remove("Items") {
            let Value::Array(list) = list else {
                return Err(Error::value(responses.path("Items"), list.to_string(), "a list"));
            };
            for (i, item) in list.into_iter().enumerate() {
                let mut r = Fields::of(item, responses.path(&format!("Items[{i}]")))?;
                let code = r
                    .i32("ErrorCode")?
                    .ok_or_else(|| Error::value(r.path("ErrorCode"), "absent", "an HTTP status code"))?;
                let response = sdk::CustomErrorResponse::builder()
                    .error_code(code)
                    .set_response_page_path(r.string("ResponsePagePath")?)
                    .set_response_code(r.string("ResponseCode")?)
                    .set_error_caching_min_ttl(r.integer("ErrorCachingMinTTL")?);
                let path = r.path.clone();
                r.finish()?;
                items.push(response.build().map_err(build(&path))?);
            }
        }
        responses.integer("Quantity")?;
        responses.finish()?;
        let quantity = count(items.len());
        let items = (!items.is_empty()).then_some(items);
        builder = builder.custom_error_responses(
            sdk::CustomErrorResponses::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build("CustomErrorResponses"))?,
        );
    }
    builder = builder
        .set_price_class(
            extra
                .string("PriceClass")?
                .map(|s| sdk::PriceClass::from(s.as_str())),
        )
        .set_http_version(
            extra
                .string("HttpVersion")?
                .map(|s| sdk::HttpVersion::from(s.as_str())),
        )
        .set_is_ipv6_enabled(extra.bool("IsIPV6Enabled")?)
        .set_web_acl_id(extra.string("WebACLId")?);
    if let Some(mut logging) = extra.object("Logging")? {
        let config = sdk::LoggingConfig::builder()
            .set_enabled(logging.bool("Enabled")?)
            .set_include_cookies(logging.bool("IncludeCookies")?)
            .set_bucket(logging.string("Bucket")?)
            .set_prefix(logging.string("Prefix")?)
            .build();
        logging.finish()?;
        builder = builder.logging(config);
    }
    if let Some(mut cert) = extra.object("ViewerCertificate")? {
        let certificate = sdk::ViewerCertificate::builder()
            .set_cloud_front_default_certificate(cert.bool("CloudFrontDefaultCertificate")?)
            .set_iam_certificate_id(cert.string("IAMCertificateId")?)
            .set_acm_certificate_arn(cert.string("ACMCertificateArn")?)
            .set_ssl_support_method(
                cert.string("SSLSupportMethod")?
                    .map(|s| sdk::SslSupportMethod::from(s.as_str())),
            )
            .set_minimum_protocol_version(
                cert.string("MinimumProtocolVersion")?
                    .map(|s| sdk::MinimumProtocolVersion::from(s.as_str())),
            )
            .set_certificate(cert.string("Certificate")?)
            .set_certificate_source(
                cert.string("CertificateSource")?
                    .map(|s| sdk::CertificateSource::from(s.as_str())),
            )
            .build();
        cert.finish()?;
        builder = builder.viewer_certificate(certificate);
    }
    if let Some(mut restrictions) = extra.object("Restrictions")? {
        let mut restriction = sdk::Restrictions::builder();
        if let Some(mut geo) = restrictions.object("GeoRestriction")? {
            let kind = geo
                .string("RestrictionType")?
                .unwrap_or_else(|| "none".to_owned());
            let quantity = geo.i32("Quantity")?.unwrap_or_default();
            let items = match geo.map.remove("Items") {
                None => None,
                Some(items) => Some(serde_json::from_value::<Vec<String>>(items.clone()).map_err(|_| {
                    Error::value(geo.path("Items"), items.to_string(), "a list of country codes")
                })?),
            };
            let path = geo.path.clone();
            geo.finish()?;
            restriction = restriction.geo_restriction(
                sdk::GeoRestriction::builder()
                    .restriction_type(sdk::GeoRestrictionType::from(kind.as_str()))
                    .quantity(quantity)
                    .set_items(items)
                    .build()
                    .map_err(build(&path))?,
            );
        }
        restrictions.finish()?;
        builder = builder.restrictions(restriction.build());
    }
    extra.finish()?;
    builder.build().map_err(build("DistributionConfig"))
}

fn check_list<T>(path: &str, list: &List<T>) -> Result<(), Error> {
    if list.is_consistent() {
        Ok(())
    } else {
        Err(Error::value(
            join(path, "Quantity"),
            list.quantity.to_string(),
            "the number of Items",
        ))
    }
}

fn origin_to_sdk(origin: &Origin, path: &str) -> Result<sdk::Origin, Error> {
    let mut builder = sdk::Origin::builder()
        .id(&origin.id)
        .domain_name(&origin.domain_name)
        .set_origin_path(origin.origin_path.clone());
    if let Some(headers) = &origin.custom_headers {
        let headers_path = join(path, "CustomHeaders");
        check_list(&headers_path, headers)?;
        let mut items = Vec::new();
        for (i, h) in headers.as_slice().iter().enumerate() {
            items.push(
                sdk::OriginCustomHeader::builder()
                    .header_name(&h.header_name)
                    .header_value(h.header_value.expose())
                    .build()
                    .map_err(build(&format!("{headers_path}.Items[{i}]")))?,
            );
        }
        let quantity = count(items.len());
        let items = (!items.is_empty()).then_some(items);
        builder = builder.custom_headers(
            sdk::CustomHeaders::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build(&headers_path))?,
        );
    }
    if let Some(custom) = &origin.custom_origin_config {
        let custom_path = join(path, "CustomOriginConfig");
        let mut c = sdk::CustomOriginConfig::builder()
            .http_port(i32::from(custom.http_port))
            .https_port(i32::from(custom.https_port))
            .origin_protocol_policy(sdk::OriginProtocolPolicy::from(
                custom.origin_protocol_policy.as_str(),
            ));
        if let Some(protocols) = &custom.origin_ssl_protocols {
            let protocols_path = join(&custom_path, "OriginSslProtocols");
            check_list(&protocols_path, protocols)?;
            let items: Vec<sdk::SslProtocol> = protocols
                .as_slice()
                .iter()
                .map(|p| sdk::SslProtocol::from(p.as_str()))
                .collect();
            c = c.origin_ssl_protocols(
                sdk::OriginSslProtocols::builder()
                    .quantity(count(items.len()))
                    .set_items(Some(items))
                    .build()
                    .map_err(build(&protocols_path))?,
            );
        }
        if let Some(t) = custom.origin_read_timeout {
            c = c.origin_read_timeout(i32_of(t, &join(&custom_path, "OriginReadTimeout"))?);
        }
        if let Some(t) = custom.origin_keepalive_timeout {
            c = c.origin_keepalive_timeout(i32_of(t, &join(&custom_path, "OriginKeepaliveTimeout"))?);
        }
        let mut custom_extra = Fields::new(&custom.extra, &custom_path);
        c = c.set_ip_address_type(
            custom_extra
                .string("IpAddressType")?
                .map(|s| sdk::IpAddressType::from(s.as_str())),
        );
        custom_extra.finish()?;
        builder = builder.custom_origin_config(c.build().map_err(build(&custom_path))?);
    }
    if let Some(a) = origin.connection_attempts {
        builder = builder.connection_attempts(i32_of(a, &join(path, "ConnectionAttempts"))?);
    }
    if let Some(t) = origin.connection_timeout {
        builder = builder.connection_timeout(i32_of(t, &join(path, "ConnectionTimeout"))?);
    }
    if let Some(t) = origin.response_completion_timeout {
        builder = builder.response_completion_timeout(i32_of(t, &join(path, "ResponseCompletionTimeout"))?);
    }
    let mut extra = Fields::new(&origin.extra, path);
    builder = builder.set_origin_access_control_id(extra.string("OriginAccessControlId")?);
    if let Some(mut shield) = extra.object("OriginShield")? {
        let enabled = shield.bool("Enabled")?.unwrap_or(false);
        let region = shield.string("OriginShieldRegion")?;
        let shield_path = shield.path.clone();
        shield.finish()?;
        let shield = sdk::OriginShield::builder()
            .enabled(enabled)
            .set_origin_shield_region(region)
            .build();
        builder = builder.origin_shield(shield.map_err(build(&shield_path))?);
    }
    if let Some(mut s3) = extra.object("S3OriginConfig")? {
        let identity = s3.string("OriginAccessIdentity")?.unwrap_or_default();
        let read_timeout = s3.i32("OriginReadTimeout")?;
        s3.finish()?;
        builder = builder.s3_origin_config(
            sdk::S3OriginConfig::builder()
                .origin_access_identity(identity)
                .set_origin_read_timeout(read_timeout)
                .build(),
        );
    }
    extra.finish()?;
    builder.build().map_err(build(path))
}

fn group_to_sdk(group: &OriginGroup, path: &str) -> Result<sdk::OriginGroup, Error> {
    let codes_path = join(path, "FailoverCriteria.StatusCodes");
    check_list(&codes_path, &group.failover_criteria.status_codes)?;
    Fields::new(&group.failover_criteria.extra, &join(path, "FailoverCriteria")).finish()?;
    let codes: Vec<i32> = group
        .failover_criteria
        .status_codes
        .as_slice()
        .iter()
        .map(|&c| i32::from(c))
        .collect();
    let members_path = join(path, "Members");
    check_list(&members_path, &group.members)?;
    let mut members = Vec::new();
    for (i, m) in group.members.as_slice().iter().enumerate() {
        members.push(
            sdk::OriginGroupMember::builder()
                .origin_id(&m.origin_id)
                .build()
                .map_err(build(&format!("{members_path}.Items[{i}]")))?,
        );
    }
    Fields::new(&group.extra, path).finish()?;
    sdk::OriginGroup::builder()
        .id(&group.id)
        .failover_criteria(
            sdk::OriginGroupFailoverCriteria::builder()
                .status_codes(
                    sdk::StatusCodes::builder()
                        .quantity(count(codes.len()))
                        .set_items(Some(codes))
                        .build()
                        .map_err(build(&codes_path))?,
                )
                .build(),
        )
        .members(
            sdk::OriginGroupMembers::builder()
                .quantity(count(members.len()))
                .set_items(Some(members))
                .build()
                .map_err(build(&members_path))?,
        )
        .set_selection_criteria(
            group
                .selection_criteria
                .as_deref()
                .map(sdk::OriginGroupSelectionCriteria::from),
        )
        .build()
        .map_err(build(path))
}

/// Fills a `DefaultCacheBehavior` or `CacheBehavior` builder (they share every setter but `path_pattern`).
macro_rules! fill_behavior {
    ($builder:expr, $behavior:expr, $path:expr) => {{
        let behavior: &CacheBehavior = $behavior;
        let path: &str = $path;
        let mut builder = $builder
            .target_origin_id(&behavior.target_origin_id)
            .viewer_protocol_policy(sdk::ViewerProtocolPolicy::from(
                behavior.viewer_protocol_policy.as_str(),
            ))
            .set_min_ttl(behavior.min_ttl)
            .set_default_ttl(behavior.default_ttl)
            .set_max_ttl(behavior.max_ttl);
        if let Some(methods) = &behavior.allowed_methods {
            builder =
                builder.allowed_methods(allowed_methods_to_sdk(methods, &join(path, "AllowedMethods"))?);
        }
        let mut extra = Fields::new(&behavior.extra, path);
        builder = builder
            .set_compress(extra.bool("Compress")?)
            .set_smooth_streaming(extra.bool("SmoothStreaming")?)
            .set_cache_policy_id(extra.string("CachePolicyId")?)
            .set_origin_request_policy_id(extra.string("OriginRequestPolicyId")?)
            .set_response_headers_policy_id(extra.string("ResponseHeadersPolicyId")?)
            .set_field_level_encryption_id(extra.string("FieldLevelEncryptionId")?);
        if extra.empty_list("LambdaFunctionAssociations")? {
            let empty = sdk::LambdaFunctionAssociations::builder().quantity(0).build();
            builder = builder.lambda_function_associations(
                empty.map_err(build(&join(path, "LambdaFunctionAssociations")))?,
            );
        }
        if extra.empty_list("FunctionAssociations")? {
            let empty = sdk::FunctionAssociations::builder().quantity(0).build();
            builder =
                builder.function_associations(empty.map_err(build(&join(path, "FunctionAssociations")))?);
        }
        if let Some(mut groups) = extra.object("TrustedKeyGroups")? {
            let enabled = groups.bool("Enabled")?.unwrap_or(false);
            let items = groups.map.remove("Items");
            groups.integer("Quantity")?;
            let groups_path = groups.path.clone();
            if enabled || items.is_some() {
                return Err(Error::new(groups_path, What::NotSent));
            }
            groups.finish()?;
            let none = sdk::TrustedKeyGroups::builder()
                .enabled(false)
                .quantity(0)
                .build();
            builder = builder.trusted_key_groups(none.map_err(build(&groups_path))?);
        }
        if let Some(mut grpc) = extra.object("GrpcConfig")? {
            let grpc_path = grpc.path.clone();
            if grpc.bool("Enabled")?.unwrap_or(false) {
                return Err(Error::new(grpc_path, What::NotSent));
            }
            grpc.finish()?;
            let off = sdk::GrpcConfig::builder().enabled(false).build();
            builder = builder.grpc_config(off.map_err(build(&grpc_path))?);
        }
        if let Some(mut signers) = extra.object("TrustedSigners")? {
            let enabled = signers.bool("Enabled")?.unwrap_or(false);
            let items = signers.map.remove("Items");
            signers.integer("Quantity")?;
            let signers_path = signers.path.clone();
            if enabled || items.is_some() {
                return Err(Error::new(signers_path, What::NotSent));
            }
            signers.finish()?;
            builder = builder.trusted_signers(
                sdk::TrustedSigners::builder()
                    .enabled(false)
                    .quantity(0)
                    .build()
                    .map_err(build(&signers_path))?,
            );
        }
        if let Some(mut forwarded) = extra.object("ForwardedValues")? {
            builder = builder.forwarded_values(forwarded_to_sdk(&mut forwarded)?);
            forwarded.finish()?;
        }
        extra.finish()?;
        builder
    }};
}

fn default_behavior_to_sdk(behavior: &CacheBehavior) -> Result<sdk::DefaultCacheBehavior, Error> {
    let path = "DefaultCacheBehavior";
    if behavior.path_pattern.is_some() {
        return Err(Error::new(join(path, "PathPattern"), What::NotSent));
    }
    let builder = fill_behavior!(sdk::DefaultCacheBehavior::builder(), behavior, path);
    builder.build().map_err(build(path))
}

fn behavior_to_sdk(behavior: &CacheBehavior, path: &str) -> Result<sdk::CacheBehavior, Error> {
    let builder = fill_behavior!(
        sdk::CacheBehavior::builder().set_path_pattern(behavior.path_pattern.clone()),
        behavior,
        path
    );
    builder.build().map_err(build(path))
}

fn allowed_methods_to_sdk(methods: &List<String>, path: &str) -> Result<sdk::AllowedMethods, Error> {
    check_list(path, methods)?;
    let items: Vec<sdk::Method> = methods
        .as_slice()
        .iter()
        .map(|m| sdk::Method::from(m.as_str()))
        .collect();
    let mut builder = sdk::AllowedMethods::builder()
        .quantity(count(items.len()))
        .set_items(Some(items));
    let mut extra = Fields::new(&methods.extra, path);
    if let Some(cached) = extra.strings("CachedMethods")? {
        let items: Vec<sdk::Method> = cached.iter().map(|m| sdk::Method::from(m.as_str())).collect();
        builder = builder.cached_methods(
            sdk::CachedMethods::builder()
                .quantity(count(items.len()))
                .set_items(Some(items))
                .build()
                .map_err(build(&join(path, "CachedMethods")))?,
        );
    }
    extra.finish()?;
    builder.build().map_err(build(path))
}

fn forwarded_to_sdk(forwarded: &mut Fields) -> Result<sdk::ForwardedValues, Error> {
    let path = forwarded.path.clone();
    let mut builder = sdk::ForwardedValues::builder().set_query_string(forwarded.bool("QueryString")?);
    if let Some(mut cookies) = forwarded.object("Cookies")? {
        let forward = cookies.string("Forward")?.unwrap_or_else(|| "none".to_owned());
        let cookies_path = cookies.path.clone();
        if cookies.map.contains_key("WhitelistedNames") {
            return Err(Error::new(cookies.path("WhitelistedNames"), What::NotSent));
        }
        cookies.finish()?;
        builder = builder.cookies(
            sdk::CookiePreference::builder()
                .forward(sdk::ItemSelection::from(forward.as_str()))
                .build()
                .map_err(build(&cookies_path))?,
        );
    }
    if let Some(headers) = forwarded.strings("Headers")? {
        let quantity = count(headers.len());
        let items = (!headers.is_empty()).then_some(headers);
        builder = builder.headers(
            sdk::Headers::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build(&join(&path, "Headers")))?,
        );
    }
    if let Some(keys) = forwarded.strings("QueryStringCacheKeys")? {
        let quantity = count(keys.len());
        let items = (!keys.is_empty()).then_some(keys);
        builder = builder.query_string_cache_keys(
            sdk::QueryStringCacheKeys::builder()
                .quantity(quantity)
                .set_items(items)
                .build()
                .map_err(build(&join(&path, "QueryStringCacheKeys")))?,
        );
    }
    builder.build().map_err(build(&path))
}

fn from_sdk(config: &sdk::DistributionConfig) -> Result<DistributionConfig, Error> {
    let unsupported = |present: bool, path: &str| {
        if present {
            Err(Error::new(path.to_owned(), What::NotRead))
        } else {
            Ok(())
        }
    };
    unsupported(
        config
            .continuous_deployment_policy_id
            .as_deref()
            .is_some_and(|s| !s.is_empty()),
        "ContinuousDeploymentPolicyId",
    )?;
    unsupported(config.staging == Some(true), "Staging")?;
    unsupported(config.anycast_ip_list_id.is_some(), "AnycastIpListId")?;
    unsupported(config.tenant_config.is_some(), "TenantConfig")?;
    unsupported(config.connection_mode.is_some(), "ConnectionMode")?;
    unsupported(config.viewer_mtls_config.is_some(), "ViewerMtlsConfig")?;
    unsupported(
        config.connection_function_association.is_some(),
        "ConnectionFunctionAssociation",
    )?;
    unsupported(config.cache_tag_config.is_some(), "CacheTagConfig")?;

    let mut origins = Vec::new();
    for (i, o) in config
        .origins
        .as_ref()
        .map(|o| o.items.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        origins.push(origin_from_sdk(o, &format!("Origins.Items[{i}]"))?);
    }
    let origin_groups = match &config.origin_groups {
        None => None,
        Some(groups) => {
            let mut items = Vec::new();
            for (i, g) in groups.items.as_deref().unwrap_or_default().iter().enumerate() {
                let path = format!("OriginGroups.Items[{i}]");
                let codes = g
                    .failover_criteria
                    .as_ref()
                    .and_then(|c| c.status_codes.as_ref())
                    .map(|c| {
                        c.items
                            .iter()
                            .map(|&code| {
                                u16::try_from(code).map_err(|_| {
                                    Error::value(
                                        format!("{path}.FailoverCriteria.StatusCodes.Items"),
                                        code.to_string(),
                                        "an HTTP status code",
                                    )
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .transpose()?
                    .unwrap_or_default();
                let members = g
                    .members
                    .as_ref()
                    .map(|m| {
                        m.items
                            .iter()
                            .map(|m| OriginGroupMember {
                                origin_id: m.origin_id.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                items.push(OriginGroup {
                    id: g.id.clone(),
                    failover_criteria: FailoverCriteria {
                        status_codes: List::of(codes),
                        extra: Map::new(),
                    },
                    members: List::of(members),
                    selection_criteria: g.selection_criteria.as_ref().map(|s| s.as_str().to_owned()),
                    extra: Map::new(),
                });
            }
            Some(List::of(items))
        }
    };
    let default_cache_behavior = match &config.default_cache_behavior {
        Some(b) => default_behavior_from_sdk(b)?,
        None => {
            return Err(Error::value(
                "DefaultCacheBehavior",
                "absent",
                "a default cache behavior",
            ));
        }
    };
    let cache_behaviors = match &config.cache_behaviors {
        None => None,
        Some(list) => {
            let mut items = Vec::new();
            for (i, b) in list.items.as_deref().unwrap_or_default().iter().enumerate() {
                items.push(behavior_from_sdk(b, &format!("CacheBehaviors.Items[{i}]"))?);
            }
            Some(List::of(items))
        }
    };
    let mut extra = Map::new();
    if let Some(aliases) = &config.aliases {
        extra.insert(
            "Aliases".to_owned(),
            string_list(aliases.items.as_deref().unwrap_or_default()),
        );
    }
    if let Some(root) = &config.default_root_object {
        extra.insert("DefaultRootObject".to_owned(), json!(root));
    }
    if let Some(responses) = &config.custom_error_responses {
        let items: Vec<Value> = responses
            .items
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let mut item = Map::new();
                item.insert("ErrorCode".to_owned(), json!(r.error_code));
                if let Some(p) = &r.response_page_path {
                    item.insert("ResponsePagePath".to_owned(), json!(p));
                }
                if let Some(c) = &r.response_code {
                    item.insert("ResponseCode".to_owned(), json!(c));
                }
                if let Some(t) = r.error_caching_min_ttl {
                    item.insert("ErrorCachingMinTTL".to_owned(), json!(t));
                }
                Value::Object(item)
            })
            .collect();
        extra.insert("CustomErrorResponses".to_owned(), list_value(items));
    }
    if let Some(p) = &config.price_class {
        extra.insert("PriceClass".to_owned(), json!(p.as_str()));
    }
    if let Some(h) = &config.http_version {
        extra.insert("HttpVersion".to_owned(), json!(h.as_str()));
    }
    if let Some(v6) = config.is_ipv6_enabled {
        extra.insert("IsIPV6Enabled".to_owned(), json!(v6));
    }
    if let Some(acl) = &config.web_acl_id {
        extra.insert("WebACLId".to_owned(), json!(acl));
    }
    if let Some(l) = &config.logging {
        extra.insert(
            "Logging".to_owned(),
            json!({"Enabled": l.enabled, "IncludeCookies": l.include_cookies, "Bucket": l.bucket, "Prefix": l.prefix}),
        );
    }
    if let Some(c) = &config.viewer_certificate {
        let mut cert = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                cert.insert(key.to_owned(), v);
            }
        };
        put(
            "CloudFrontDefaultCertificate",
            c.cloud_front_default_certificate.map(Value::Bool),
        );
        put(
            "IAMCertificateId",
            c.iam_certificate_id.clone().map(Value::String),
        );
        put(
            "ACMCertificateArn",
            c.acm_certificate_arn.clone().map(Value::String),
        );
        put(
            "SSLSupportMethod",
            c.ssl_support_method.as_ref().map(|m| json!(m.as_str())),
        );
        put(
            "MinimumProtocolVersion",
            c.minimum_protocol_version.as_ref().map(|m| json!(m.as_str())),
        );
        put("Certificate", c.certificate.clone().map(Value::String));
        put(
            "CertificateSource",
            c.certificate_source.as_ref().map(|m| json!(m.as_str())),
        );
        extra.insert("ViewerCertificate".to_owned(), Value::Object(cert));
    }
    if let Some(r) = &config.restrictions {
        let mut restrictions = Map::new();
        if let Some(geo) = &r.geo_restriction {
            let mut g = Map::new();
            g.insert("RestrictionType".to_owned(), json!(geo.restriction_type.as_str()));
            g.insert("Quantity".to_owned(), json!(geo.quantity));
            if let Some(items) = &geo.items {
                g.insert("Items".to_owned(), json!(items));
            }
            restrictions.insert("GeoRestriction".to_owned(), Value::Object(g));
        }
        extra.insert("Restrictions".to_owned(), Value::Object(restrictions));
    }
    Ok(DistributionConfig {
        caller_reference: config.caller_reference.clone(),
        origins: List::of(origins),
        origin_groups,
        default_cache_behavior,
        cache_behaviors,
        comment: config.comment.clone(),
        enabled: config.enabled,
        extra,
    })
}

fn list_value(items: Vec<Value>) -> Value {
    if items.is_empty() {
        json!({"Quantity": 0})
    } else {
        json!({"Quantity": items.len(), "Items": items})
    }
}

fn string_list(items: &[String]) -> Value {
    list_value(items.iter().map(|s| json!(s)).collect())
}

fn u32_of(value: i32, path: &str) -> Result<u32, Error> {
    u32::try_from(value)
        .map_err(|_| Error::value(path.to_owned(), value.to_string(), "a non-negative number"))
}

fn origin_from_sdk(o: &sdk::Origin, path: &str) -> Result<Origin, Error> {
    if o.vpc_origin_config.is_some() {
        return Err(Error::new(join(path, "VpcOriginConfig"), What::NotRead));
    }
    let custom_headers = o.custom_headers.as_ref().map(|h| {
        List::of(
            h.items
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|h| CustomHeader {
                    header_name: h.header_name.clone(),
                    header_value: RedactedHeaderValue::new(h.header_value.clone()),
                })
                .collect(),
        )
    });
    let custom_origin_config = match &o.custom_origin_config {
        None => None,
        Some(c) => {
            let cpath = join(path, "CustomOriginConfig");
            if c.origin_mtls_config.is_some() {
                return Err(Error::new(join(&cpath, "OriginMtlsConfig"), What::NotRead));
            }
            let port = |p: i32, key: &str| {
                u16::try_from(p).map_err(|_| Error::value(join(&cpath, key), p.to_string(), "a TCP port"))
            };
            Some(CustomOriginConfig {
                http_port: port(c.http_port, "HTTPPort")?,
                https_port: port(c.https_port, "HTTPSPort")?,
                origin_protocol_policy: c.origin_protocol_policy.as_str().to_owned(),
                origin_ssl_protocols: c
                    .origin_ssl_protocols
                    .as_ref()
                    .map(|p| List::of(p.items.iter().map(|s| s.as_str().to_owned()).collect())),
                origin_read_timeout: c
                    .origin_read_timeout
                    .map(|t| u32_of(t, &join(&cpath, "OriginReadTimeout")))
                    .transpose()?,
                origin_keepalive_timeout: c
                    .origin_keepalive_timeout
                    .map(|t| u32_of(t, &join(&cpath, "OriginKeepaliveTimeout")))
                    .transpose()?,
                extra: c
                    .ip_address_type
                    .as_ref()
                    .map(|t| Map::from_iter([("IpAddressType".to_owned(), json!(t.as_str()))]))
                    .unwrap_or_default(),
            })
        }
    };
    let mut extra = Map::new();
    if let Some(shield) = &o.origin_shield {
        let mut s = Map::new();
        s.insert("Enabled".to_owned(), json!(shield.enabled));
        if let Some(region) = &shield.origin_shield_region {
            s.insert("OriginShieldRegion".to_owned(), json!(region));
        }
        extra.insert("OriginShield".to_owned(), Value::Object(s));
    }
    if let Some(id) = &o.origin_access_control_id {
        extra.insert("OriginAccessControlId".to_owned(), json!(id));
    }
    if let Some(s3) = &o.s3_origin_config {
        let mut s = Map::new();
        s.insert(
            "OriginAccessIdentity".to_owned(),
            json!(s3.origin_access_identity),
        );
        if let Some(t) = s3.origin_read_timeout {
            s.insert("OriginReadTimeout".to_owned(), json!(t));
        }
        extra.insert("S3OriginConfig".to_owned(), Value::Object(s));
    }
    Ok(Origin {
        id: o.id.clone(),
        domain_name: o.domain_name.clone(),
        origin_path: o.origin_path.clone(),
        custom_headers,
        custom_origin_config,
        connection_attempts: o
            .connection_attempts
            .map(|a| u32_of(a, &join(path, "ConnectionAttempts")))
            .transpose()?,
        connection_timeout: o
            .connection_timeout
            .map(|t| u32_of(t, &join(path, "ConnectionTimeout")))
            .transpose()?,
        response_completion_timeout: o
            .response_completion_timeout
            .map(|t| u32_of(t, &join(path, "ResponseCompletionTimeout")))
            .transpose()?,
        extra,
    })
}

/// Reads the members `DefaultCacheBehavior` and `CacheBehavior` share.
macro_rules! read_behavior {
    ($b:expr, $path:expr, $pattern:expr) => {{
        let b = $b;
        let path: &str = $path;
        if b.trusted_key_groups.as_ref().is_some_and(|g| g.enabled || g.quantity > 0) {
            return Err(Error::new(join(path, "TrustedKeyGroups"), What::NotRead));
        }
        if b.lambda_function_associations.as_ref().is_some_and(|l| l.quantity > 0) {
            return Err(Error::new(join(path, "LambdaFunctionAssociations"), What::NotRead));
        }
        if b.function_associations.as_ref().is_some_and(|l| l.quantity > 0) {
            return Err(Error::new(join(path, "FunctionAssociations"), What::NotRead));
        }
        if b.trusted_signers.as_ref().is_some_and(|s| s.enabled || s.quantity > 0) {
            return Err(Error::new(join(path, "TrustedSigners"), What::NotRead));
        }
        if b.realtime_log_config_arn.is_some() {
            return Err(Error::new(join(path, "RealtimeLogConfigArn"), What::NotRead));
        }
        if b.grpc_config.as_ref().is_some_and(|g| g.enabled) {
            return Err(Error::new(join(path, "GrpcConfig"), What::NotRead));
        }
        let mut extra = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                extra.insert(key.to_owned(), v);
            }
        };
        put("Compress", b.compress.map(Value::Bool));
        put("SmoothStreaming", b.smooth_streaming.map(Value::Bool));
        put("CachePolicyId", b.cache_policy_id.clone().map(Value::String));
        put("OriginRequestPolicyId", b.origin_request_policy_id.clone().map(Value::String));
        put("ResponseHeadersPolicyId", b.response_headers_policy_id.clone().map(Value::String));
        put("FieldLevelEncryptionId", b.field_level_encryption_id.clone().map(Value::String));
        put("TrustedSigners", b.trusted_signers.as_ref().map(|_| json!({"Enabled": false, "Quantity": 0})));
        put("TrustedKeyGroups", b.trusted_key_groups.as_ref().map(|_| json!({"Enabled": false, "Quantity": 0})));
        put("GrpcConfig", b.grpc_config.as_ref().map(|_| json!({"Enabled": false})));
        put("LambdaFunctionAssociations", b.lambda_function_associations.as_ref().map(|_| json!({"Quantity": 0})));
        put("FunctionAssociations", b.function_associations.as_ref().map(|_| json!({"Quantity": 0})));
        if let Some(f) = &b.forwarded_values {
            if f.cookies.as_ref().is_some_and(|c| c.whitelisted_names.is_some()) {
                return Err(Error::new(join(path, "ForwardedValues.Cookies.WhitelistedNames"), What::NotRead));
            }
            let mut fv = Map::new();
            fv.insert("QueryString".to_owned(), json!(f.query_string));
            if let Some(c) = &f.cookies {
                fv.insert("Cookies".to_owned(), json!({"Forward": c.forward.as_str()}));
            }
            if let Some(h) = &f.headers {
                fv.insert("Headers".to_owned(), string_list(h.items.as_deref().unwrap_or_default()));
            }
            if let Some(k) = &f.query_string_cache_keys {
                fv.insert("QueryStringCacheKeys".to_owned(), string_list(k.items.as_deref().unwrap_or_default()));
            }
            put("ForwardedValues", Some(Value::Object(fv)));
        }
        let allowed_methods = b.allowed_methods.as_ref().map(|m| {
            let mut list = List::of(m.items.iter().map(|x| x.as_str().to_owned()).collect());
            if let Some(c) = &m.cached_methods {
                list.extra.insert("CachedMethods".to_owned(), string_list(&c.items.iter().map(|x| x.as_str().to_owned()).collect::<Vec<_>>()));
            }
            list
        });
        CacheBehavior {
            path_pattern: $pattern,
            target_origin_id: b.target_origin_id.clone(),
            viewer_protocol_policy: b.viewer_protocol_policy.as_str().to_owned(),
            allowed_methods,
            min_ttl: b.min_ttl,
            default_ttl: b.default_ttl,
            max_ttl: b.max_ttl,
            extra,
        }
    }};
}

fn default_behavior_from_sdk(b: &sdk::DefaultCacheBehavior) -> Result<CacheBehavior, Error> {
    Ok(read_behavior!(b, "DefaultCacheBehavior", None))
}

fn behavior_from_sdk(b: &sdk::CacheBehavior, path: &str) -> Result<CacheBehavior, Error> {
    Ok(read_behavior!(b, path, Some(b.path_pattern.clone())))
}
