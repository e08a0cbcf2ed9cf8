"""Run the moto AWS emulator with the few fixes this project's integration tests need.

Usage: python scripts/emulator.py PORT

moto (pinned in scripts/test) emulates every AWS service the workflow calls on one port, but its
5.2.5 release has gaps that would make the AWS SDK for Rust fail or make the tests prove less than
they claim. Each fix below is as small as possible, names the gap it closes, and changes only
emulator behaviour the workflow relies on; everything else is moto as released.

Gaps fixed here:
  1. MediaStore sends a container's CreationTime as text ("11/24/2026, 00:00:00"); the service
     (and so the SDK) uses epoch seconds. CreateContainer/DescribeContainer/ListContainers replies
     fail to parse without this fix.
  2. MediaStore container endpoints are relative paths ("/name"); the service returns
     "https://<id>.data.mediastore.<region>.amazonaws.com". The fix returns that shape (the SDK
     clients are pointed at the emulator through AWS_ENDPOINT_URL, not at this host).
  3. MediaStore and MediaLive ARNs lack the Region and account; the fix adds them.
  4. MediaStore has no PutCorsPolicy/GetCorsPolicy/DeleteCorsPolicy; the fix stores the policy.
  5. MediaStore Data routes only single-segment object paths without dots, so "live/index.m3u8"
     is unreachable; the fix routes any path.
  6. MediaStore Data ListItems ignores its Path and returns every object with its full path as the
     name; the fix lists the direct children of Path (files by name, sub-folders as FOLDER items),
     as the service does, so "empty the container" has to walk folders like it must on AWS.
  7. CloudFront rejects a default cache behaviour whose TargetOriginId is an origin group's id,
     which is how an origin group is used; the fix accepts origin-group ids.
  8. CloudFront returns an empty RealtimeLogConfigArn for cache behaviours that have none, where
     the service leaves the field out; the fix leaves it out.
  9. MediaLive ListInputs never moves an input out of CREATING (only DescribeInput does), and an
     input never becomes ATTACHED when a channel uses it; the fix reports, in both calls, what the
     service does: DETACHED once created, ATTACHED (with its AttachedChannels) while a channel
     that is not deleted uses it. Flow and channel start/stop need no fix: moto moves a flow
     STARTING -> ACTIVE and STOPPING -> STANDBY, and a channel STARTING -> RUNNING and
     STOPPING -> IDLE, on the next DescribeFlow/DescribeChannel, which the SDK waiters call.

MediaPackage v2 and Origin Access Control (fixed in scripts/emulator_mediapackagev2.py). moto has
channel groups and channels; it already gives a group its egress domain
("<id>.egress.<id>.mediapackagev2.<region>.amazonaws.com"), an ARN with Region and account,
CreatedAt/ModifiedAt, an ETag and ListChannelGroups, refuses DeleteChannelGroup while the group has
channels, and has Create/Get/List/Delete of CloudFront origin access controls of every origin type:
  10. CreateChannelGroup and CreateChannel replace an existing group (with its channels, under a new
      egress domain) or channel of the same name; the service refuses with ConflictException.
  11. Channel groups and channels drop Description and tags, and channels have no CreatedAt or
      ModifiedAt; the fix keeps and returns them.
  12. Channels ignore InputType (always HLS), InputSwitchConfiguration, OutputHeaderConfiguration
      and OutputLockingMode; the fix keeps them (HLS by default; EPOCH_LOCKED by default on CMAF),
      returns them where the service model has them (GetChannel, ListChannels; CreateChannel leaves
      InputType out, as moto says the service does), and refuses the CMAF-only settings on an HLS
      channel with the service's ValidationException.
  13. A CMAF channel's ingest endpoints end in "/index", HLS ingest's URL; the service gives
      "https://<id>-<n>.ingest.<id>.mediapackagev2.<region>.amazonaws.com/in/v1/<group>/<n>/<channel>/",
      the CMAF Ingest destination MediaLive needs.
  14. No ListChannels (the server fails); the fix lists the group's channels.
  15. No origin endpoints; the fix adds Create/Get/List/Update/Delete with the fields the service
      model has: segment (its name and duration defaulted), startover window, HLS, LL-HLS and DASH
      manifests each with its Url on the group's egress domain
      ("https://<egress>/out/v1/<group>/<channel>/<endpoint>/<manifest>.m3u8"), force-error
      conditions (refused, as by the service, on a channel that is not CMAF or not epoch-locked),
      tags; ConflictException on a second create, ResourceNotFoundException for a missing group,
      channel or endpoint, an immutable ContainerType. Deletes of what is gone succeed: the model
      lists no ResourceNotFoundException for them.
  16. DeleteChannel removes a channel that still has origin endpoints; the service refuses with
      ConflictException. (Like the deletes of 15, deleting a channel whose group is gone succeeds.)
  17. No channel or origin endpoint policies; the fix stores the policy text Put* sends, Get* returns
      it or ResourceNotFoundException when there is none, Delete* removes it.
  18. CloudFront origins drop OriginAccessControlId; the fix keeps it.
  19. DeleteOriginAccessControl of a missing id fails with a server error, and one an origin still
      uses is deleted; the service answers NoSuchOriginAccessControl and OriginAccessControlInUse.

Known gaps left alone because the workflow's deploy calls do not need them: no DescribeObject
(the workflow reads objects with GetObject), no MediaLive schedule API (its callers are tested
with mocked SDK responses), and one MediaStore Data object space per Region rather than per
container (each Region holds one container in the tests). MediaPackage v2: no UpdateChannelGroup,
UpdateChannel, tagging calls, harvest jobs or Reset*State; ListChannels and ListOriginEndpoints
return one page; ETags are not checked (x-amzn-update-if-match), nor are the documents' limits
(names, segment and window lengths, policy grammar: the workflow checks those before it calls);
DASH manifests are kept as sent (with their Url), MSS manifests and CdnAuthConfiguration are
dropped. CloudFront does not check that an origin's OriginAccessControlId exists.
"""

import json
import sys
import time

from moto.cloudfront import models as cloudfront_models
from moto.mediastore import exceptions as mediastore_exceptions
from moto.mediastore import models as mediastore_models
from moto.mediastore import responses as mediastore_responses
from moto.mediastoredata import models as data_models
from moto.mediastoredata import responses as data_responses
from moto.mediastoredata import urls as data_urls
from moto.medialive import models as medialive_models
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

import emulator_mediapackagev2  # noqa: F401  (fixes 10-19 on import)

# 1, 2, 3: MediaStore containers shaped as the service returns them.
_original_create_container = mediastore_models.MediaStoreBackend.create_container


def _create_container(self, name, tags):
    container = _original_create_container(self, name, tags)
    container.creation_time = time.time()
    container.arn = (
        f"arn:{get_partition(self.region_name)}:mediastore:{self.region_name}:"
        f"{self.account_id}:container/{name}"
    )
    endpoint_id = mock_random.get_random_string(length=26, lower_case=True)
    container.endpoint = (
        f"https://{endpoint_id}.data.mediastore.{self.region_name}.amazonaws.com"
    )
    container.cors_policy = None
    return container


mediastore_models.MediaStoreBackend.create_container = _create_container

# 4: CORS policies.


def _put_cors_policy(self, container_name, cors_policy):
    if container_name not in self._containers:
        raise mediastore_exceptions.ResourceNotFoundException()
    self._containers[container_name].cors_policy = cors_policy


def _get_cors_policy(self, container_name):
    if container_name not in self._containers:
        raise mediastore_exceptions.ResourceNotFoundException()
    policy = getattr(self._containers[container_name], "cors_policy", None)
    if not policy:
        raise mediastore_exceptions.PolicyNotFoundException()
    return policy


def _delete_cors_policy(self, container_name):
    _get_cors_policy(self, container_name)
    self._containers[container_name].cors_policy = None


mediastore_models.MediaStoreBackend.put_cors_policy = _put_cors_policy
mediastore_models.MediaStoreBackend.get_cors_policy = _get_cors_policy
mediastore_models.MediaStoreBackend.delete_cors_policy = _delete_cors_policy


def _response_put_cors_policy(self):
    self.mediastore_backend.put_cors_policy(
        container_name=self._get_param("ContainerName"),
        cors_policy=self._get_param("CorsPolicy"),
    )
    return "{}"


def _response_get_cors_policy(self):
    policy = self.mediastore_backend.get_cors_policy(
        container_name=self._get_param("ContainerName")
    )
    return json.dumps({"CorsPolicy": policy})


def _response_delete_cors_policy(self):
    self.mediastore_backend.delete_cors_policy(
        container_name=self._get_param("ContainerName")
    )
    return "{}"


mediastore_responses.MediaStoreResponse.put_cors_policy = _response_put_cors_policy
mediastore_responses.MediaStoreResponse.get_cors_policy = _response_get_cors_policy
mediastore_responses.MediaStoreResponse.delete_cors_policy = _response_delete_cors_policy

# 3: MediaLive ARNs with Region and account.


def _with_regional_arn(original, kind):
    def create(self, *args, **kwargs):
        resource = original(self, *args, **kwargs)
        resource.arn = (
            f"arn:{get_partition(self.region_name)}:medialive:{self.region_name}:"
            f"{self.account_id}:{kind}:{resource.id}"
        )
        return resource

    return create


medialive_models.MediaLiveBackend.create_channel = _with_regional_arn(
    medialive_models.MediaLiveBackend.create_channel, "channel"
)
medialive_models.MediaLiveBackend.create_input = _with_regional_arn(
    medialive_models.MediaLiveBackend.create_input, "input"
)

# 5: any object path, nested and with dots. Must run before the server builds its routes.
data_urls.url_paths = {
    "{0}/$": data_urls.response.dispatch,
    "{0}/(?P<Path>.+)$": data_urls.response.dispatch,
}

# 6: ListItems lists the direct children of Path.


def _list_items(self, path=""):
    prefix = path.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    files, folders = [], []
    for obj in self._objects.values():
        key = obj.path.lstrip("/")
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        if "/" in rest:
            folder = rest.split("/", 1)[0]
            if folder not in folders:
                folders.append(folder)
        else:
            item = obj.to_dict()
            item["Name"] = rest
            item["ContentLength"] = len(obj.body)
            item["LastModified"] = time.time()
            del item["Path"]
            del item["ContentSHA256"]
            files.append(item)
    return files + [{"Name": folder, "Type": "FOLDER"} for folder in folders]


def _response_list_items(self):
    items = self.mediastoredata_backend.list_items(path=self._get_param("Path") or "")
    return json.dumps({"Items": items})


data_models.MediaStoreDataBackend.list_items = _list_items
data_responses.MediaStoreDataResponse.list_items = _response_list_items

# 7: a default cache behaviour may target an origin group.
_original_distribution_config_init = cloudfront_models.DistributionConfig.__init__


def _origin_group_ids(config):
    groups = (config.get("OriginGroups") or {}).get("Items") or []
    if isinstance(groups, dict):  # XML-shaped: {"OriginGroup": [...]} or a single group
        groups = groups.get("OriginGroup", [])
        groups = groups if isinstance(groups, list) else [groups]
    return [group.get("Id") for group in groups]


def _distribution_config_init(self, config):
    behaviour = config.get("DefaultCacheBehavior") or {}
    target = behaviour.get("TargetOriginId")
    origins = (config.get("Origins") or {}).get("Items") or []
    if target in _origin_group_ids(config) and origins:
        first = origins[0]
        first_id = first.get("Id") if isinstance(first, dict) else first.id
        behaviour["TargetOriginId"] = first_id
        _original_distribution_config_init(self, config)
        self.DefaultCacheBehavior.target_origin_id = target
    else:
        _original_distribution_config_init(self, config)


cloudfront_models.DistributionConfig.__init__ = _distribution_config_init

# 8: no RealtimeLogConfigArn unless one was set.
_original_behaviour_init = cloudfront_models.DefaultCacheBehaviour.__init__


def _behaviour_init(self, config):
    _original_behaviour_init(self, config)
    if not self.realtime_log_config_arn:
        self.realtime_log_config_arn = None


cloudfront_models.DefaultCacheBehaviour.__init__ = _behaviour_init


# 9: input states, in ListInputs too, with attachment to channels.


def _channels_using(backend, input_id):
    return [
        channel.id
        for channel in backend._channels.values()
        if channel.state not in ("DELETING", "DELETED")
        and any(
            (attachment or {}).get("InputId") == input_id
            for attachment in channel.input_attachments or []
        )
    ]


def _resolve_input(backend, an_input):
    an_input._resolve_transient_states()
    if an_input.state in ("DETACHED", "ATTACHED"):
        an_input.attached_channels = _channels_using(backend, an_input.id)
        an_input.state = "ATTACHED" if an_input.attached_channels else "DETACHED"
    return an_input


def _describe_input(self, input_id):
    return _resolve_input(self, self._inputs[input_id])


def _list_inputs(self):
    return [_resolve_input(self, an_input) for an_input in self._inputs.values()]


medialive_models.MediaLiveBackend.describe_input = _describe_input
medialive_models.MediaLiveBackend.list_inputs = _list_inputs


def main():
    from moto.server import main as moto_main

    if len(sys.argv) != 2:
        sys.exit("usage: emulator.py PORT")
    moto_main(["--host", "127.0.0.1", "--port", sys.argv[1]])


if __name__ == "__main__":
    main()
