"""MediaPackage v2 and CloudFront Origin Access Control as a MediaPackage v2 deployment calls them.

Fixes 10-19 of scripts/emulator.py, which imports this module and lists every gap in its docstring.
moto 5.2.5 models MediaPackage v2 channel groups and channels only; what the service does beyond
that (from botocore's service model, which moto brings along, and the MediaPackage v2 API reference)
is added here, each change named after the gap it closes.
"""

import json
from datetime import datetime

from moto.cloudfront import exceptions as cloudfront_exceptions
from moto.cloudfront import models as cloudfront_models
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, EmptyResult
from moto.mediapackagev2 import responses, urls
from moto.moto_api._internal import mock_random

Response = responses.mediapackagev2Response


class _Conflict(ServiceException):
    """409, with the model's ConflictExceptionType (RESOURCE_ALREADY_EXISTS, RESOURCE_IN_USE)."""

    code = "ConflictException"

    def __init__(self, message, kind):
        super().__init__(message)
        self.conflict_exception_type = kind


class _NotFound(ServiceException):
    """404, with the model's ResourceTypeNotFound (CHANNEL_GROUP, CHANNEL, ORIGIN_ENDPOINT)."""

    code = "ResourceNotFoundException"

    def __init__(self, message, kind):
        super().__init__(message)
        self.resource_type_not_found = kind


class _Invalid(ServiceException):
    """400, with the model's ValidationExceptionType."""

    code = "ValidationException"

    def __init__(self, message, kind):
        super().__init__(message)
        self.validation_exception_type = kind


def _body(response):
    """The request's JSON body with its wire keys (`tags` is lowercase on Create*Channel*)."""
    try:
        return json.loads(response.body or "{}")
    except ValueError:
        return {}


def _group(response):
    name = response._get_param("ChannelGroupName")
    group = response.mediapackagev2_backend.channel_groups.get(name)
    if group is None:
        raise _NotFound(f"channel group {name} does not exist", "CHANNEL_GROUP")
    return group


def _channel(response):
    group = _group(response)
    name = response._get_param("ChannelName")
    channel = group.channels.get(name)
    if channel is None:
        raise _NotFound(f"channel {name} does not exist in {group.channel_group_name}", "CHANNEL")
    return channel


def _endpoints(channel):
    if not hasattr(channel, "origin_endpoints"):
        channel.origin_endpoints = {}
    return channel.origin_endpoints


def _endpoint(response):
    channel = _channel(response)
    name = response._get_param("OriginEndpointName")
    endpoint = _endpoints(channel).get(name)
    if endpoint is None:
        raise _NotFound(
            f"origin endpoint {name} does not exist on {channel.channel_name}", "ORIGIN_ENDPOINT"
        )
    return endpoint


# 10, 11: a second create of a name is refused; description and tags are kept.


def _create_channel_group(self):
    body = _body(self)
    name = body.get("ChannelGroupName")
    if name in self.mediapackagev2_backend.channel_groups:
        raise _Conflict(f"channel group {name} already exists", "RESOURCE_ALREADY_EXISTS")
    group = self.mediapackagev2_backend.create_channel_group(channel_group_name=name)
    group.description = body.get("Description")
    group.tags = body.get("tags") or {}
    return ActionResult(result=group)


# 10-13: channels as the service keeps them.
_CMAF_ONLY = {
    "InputSwitchConfiguration": "ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_INPUT_SWITCHING",
    "OutputHeaderConfiguration": "ONLY_CMAF_INPUT_TYPE_ALLOW_MQCS_OUTPUT_CONFIGURATION",
    "OutputLockingMode": "ONLY_CMAF_INPUT_TYPE_ALLOW_OUTPUT_LOCKING_MODE",
}


def _create_channel(self):
    body = _body(self)
    group = _group(self)
    name = body.get("ChannelName")
    if name in group.channels:
        raise _Conflict(f"channel {name} already exists", "RESOURCE_ALREADY_EXISTS")
    input_type = body.get("InputType") or "HLS"
    if input_type != "CMAF":
        for key, kind in _CMAF_ONLY.items():
            if key in body:
                raise _Invalid(f"{key} is valid only when InputType is CMAF", kind)
    channel = group.create_channel(name)
    channel.created_at = channel.modified_at = datetime.now()
    channel.description = body.get("Description")
    channel.tags = body.get("tags") or {}
    channel.input_type = input_type
    if input_type == "CMAF":
        channel.input_switch_configuration = body.get(
            "InputSwitchConfiguration", channel.input_switch_configuration
        )
        channel.output_header_configuration = body.get(
            "OutputHeaderConfiguration", channel.output_header_configuration
        )
        channel.output_locking_mode = body.get("OutputLockingMode") or "EPOCH_LOCKED"
        # 13: a CMAF Ingest destination is the channel's path ending in "/"; "index" is HLS ingest's.
        for endpoint in channel.ingest_endpoints:
            endpoint["Url"] = endpoint["Url"].removesuffix("index")
    return ActionResult(result=channel)


# 14: ListChannels.


def _list_channels(self):
    return ActionResult(result={"Items": list(_group(self).channels.values())})


# 16: a channel with origin endpoints cannot be deleted.


def _delete_channel(self):
    try:
        channel = _channel(self)
    except _NotFound:  # deletes of what is gone succeed (see 15)
        return EmptyResult()
    if _endpoints(channel):
        raise _Conflict(
            f"channel {channel.channel_name} has origin endpoints: delete them first",
            "RESOURCE_IN_USE",
        )
    channel.group.channels.pop(channel.channel_name)
    return EmptyResult()


# 15: origin endpoints.


class OriginEndpoint:
    """An origin endpoint; the serializer reads the attributes the service model names."""

    def __init__(self, channel, group, name, body):
        self.arn = f"{channel.arn}/originEndpoint/{name}"
        self.channel_group_name = group.channel_group_name
        self.channel_name = channel.channel_name
        self.origin_endpoint_name = name
        self.container_type = body.get("ContainerType")
        self.created_at = datetime.now()
        self.tags = body.get("Tags") or {}
        self.policy = None
        self.configure(channel, group, body)

    def configure(self, channel, group, body):
        """The settings a create or an update sends (an update replaces them all)."""
        force = body.get("ForceEndpointErrorConfiguration")
        if force and force.get("EndpointErrorConditions"):
            if channel.input_type != "CMAF":
                raise _Invalid(
                    "ForceEndpointErrorConfiguration is valid only on a CMAF channel",
                    "ONLY_CMAF_INPUT_TYPE_ALLOW_FORCE_ENDPOINT_ERROR_CONFIGURATION",
                )
            if getattr(channel, "output_locking_mode", None) == "NON_EPOCH_LOCKED":
                raise _Invalid(
                    "ForceEndpointErrorConfiguration needs an epoch-locked channel",
                    "NON_EPOCH_LOCKED_WITH_FORCE_ENDPOINT_ERROR_CONFIGURATION",
                )
        # The service fills the segment's name and duration when they are left out.
        self.segment = {"SegmentDurationSeconds": 6, "SegmentName": "segment"}
        self.segment.update(body.get("Segment") or {})
        self.description = body.get("Description")
        self.startover_window_seconds = body.get("StartoverWindowSeconds")
        self.force_endpoint_error_configuration = force
        base = (
            f"https://{group.egress_domain}/out/v1/{group.channel_group_name}/"
            f"{channel.channel_name}/{self.origin_endpoint_name}"
        )

        def with_urls(key, extension):
            return [
                dict(manifest, Url=f"{base}/{manifest['ManifestName']}.{extension}")
                for manifest in body.get(key) or []
            ]

        self.hls_manifests = with_urls("HlsManifests", "m3u8")
        self.low_latency_hls_manifests = with_urls("LowLatencyHlsManifests", "m3u8")
        self.dash_manifests = with_urls("DashManifests", "mpd")
        self.modified_at = datetime.now()
        self.e_tag = mock_random.get_random_hex(10)


def _create_origin_endpoint(self):
    body = _body(self)
    group, channel = _group(self), _channel(self)
    name = body.get("OriginEndpointName")
    if name in _endpoints(channel):
        raise _Conflict(f"origin endpoint {name} already exists", "RESOURCE_ALREADY_EXISTS")
    endpoint = OriginEndpoint(channel, group, name, body)
    _endpoints(channel)[name] = endpoint
    return ActionResult(result=endpoint)


def _get_origin_endpoint(self):
    return ActionResult(result=_endpoint(self))


def _list_origin_endpoints(self):
    return ActionResult(result={"Items": list(_endpoints(_channel(self)).values())})


def _update_origin_endpoint(self):
    body = _body(self)
    endpoint = _endpoint(self)
    if body.get("ContainerType") != endpoint.container_type:
        raise _Invalid("ContainerType cannot change", "CONTAINER_TYPE_IMMUTABLE")
    endpoint.configure(_channel(self), _group(self), body)
    return ActionResult(result=endpoint)


def _delete_origin_endpoint(self):
    # The model lists no ResourceNotFoundException for deletes: deleting what is gone succeeds.
    try:
        channel = _channel(self)
    except _NotFound:
        return EmptyResult()
    _endpoints(channel).pop(self._get_param("OriginEndpointName"), None)
    return EmptyResult()


# 17: channel and origin endpoint policies, kept as the text sent.


def _policy_of(resource, names):
    if not getattr(resource, "policy", None):
        raise _NotFound(f"{names} has no policy", None)
    return resource.policy


def _put_channel_policy(self):
    _channel(self).policy = _body(self).get("Policy")
    return EmptyResult()


def _get_channel_policy(self):
    channel = _channel(self)
    policy = _policy_of(channel, f"channel {channel.channel_name}")
    return ActionResult(
        result={
            "ChannelGroupName": channel.channel_group_name,
            "ChannelName": channel.channel_name,
            "Policy": policy,
        }
    )


def _delete_channel_policy(self):
    try:
        _channel(self).policy = None
    except _NotFound:
        pass
    return EmptyResult()


def _put_origin_endpoint_policy(self):
    _endpoint(self).policy = _body(self).get("Policy")
    return EmptyResult()


def _get_origin_endpoint_policy(self):
    endpoint = _endpoint(self)
    policy = _policy_of(endpoint, f"origin endpoint {endpoint.origin_endpoint_name}")
    return ActionResult(
        result={
            "ChannelGroupName": endpoint.channel_group_name,
            "ChannelName": endpoint.channel_name,
            "OriginEndpointName": endpoint.origin_endpoint_name,
            "Policy": policy,
        }
    )


def _delete_origin_endpoint_policy(self):
    try:
        _endpoint(self).policy = None
    except _NotFound:
        pass
    return EmptyResult()


Response.create_channel_group = _create_channel_group
Response.create_channel = _create_channel
Response.list_channels = _list_channels
Response.delete_channel = _delete_channel
Response.create_origin_endpoint = _create_origin_endpoint
Response.get_origin_endpoint = _get_origin_endpoint
Response.list_origin_endpoints = _list_origin_endpoints
Response.update_origin_endpoint = _update_origin_endpoint
Response.delete_origin_endpoint = _delete_origin_endpoint
Response.put_channel_policy = _put_channel_policy
Response.get_channel_policy = _get_channel_policy
Response.delete_channel_policy = _delete_channel_policy
Response.put_origin_endpoint_policy = _put_origin_endpoint_policy
Response.get_origin_endpoint_policy = _get_origin_endpoint_policy
Response.delete_origin_endpoint_policy = _delete_origin_endpoint_policy

# 14, 15, 17: routes for the channel's policy, its origin endpoints and theirs. Must run before the
# server builds its routes.
_CHANNEL = "{0}/channelGroup/(?P<ChannelGroupName>[^/]+)/channel/(?P<ChannelName>[^/]+)"
_ENDPOINT = _CHANNEL + "/originEndpoint/(?P<OriginEndpointName>[^/]+)"
urls.url_paths.update(
    {
        _CHANNEL + "/policy$": Response.dispatch,
        _CHANNEL + "/originEndpoint$": Response.dispatch,
        _ENDPOINT + "$": Response.dispatch,
        _ENDPOINT + "/policy$": Response.dispatch,
    }
)

# 18: an origin keeps its OriginAccessControlId.
_original_origin_init = cloudfront_models.Origin.__init__


def _origin_init(self, origin):
    _original_origin_init(self, origin)
    self.origin_access_control_id = origin.get("OriginAccessControlId") or None


cloudfront_models.Origin.__init__ = _origin_init

# 19: deleting a missing origin access control, or one an origin uses.


def _delete_origin_access_control(self, control_id):
    self.get_origin_access_control(control_id)
    for distribution in self.distributions.values():
        for origin in distribution.distribution_config.Origins["Items"]:
            if getattr(origin, "origin_access_control_id", None) == control_id:
                raise cloudfront_exceptions.CloudFrontException(
                    "OriginAccessControlInUse",
                    f"distribution {distribution.distribution_id} uses origin access control {control_id}",
                )
    self.origin_access_controls.pop(control_id)


cloudfront_models.CloudFrontBackend.delete_origin_access_control = _delete_origin_access_control
