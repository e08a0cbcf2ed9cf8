//! The state file: what `apply` created or adopted, so `teardown` (and a re-run) can find it.
//!
//! The file is JSON, rewritten atomically after every step (a temporary file in the same folder,
//! flushed to disk, then renamed over the old one), so a crash mid-deploy leaves either the
//! previous state or the new one, never half of one. It never holds the `User-Agent` secret.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use mediastore_policy::DataEndpoint;
use serde::{Deserialize, Serialize};

use medialive_template::Pipeline;
use origin_failover::Site;
use origin_failover::origin_kind::EgressDomain;

use crate::cloud::cloudfront::Distribution;
use crate::cloud::mediaconnect::Flow;
use crate::cloud::medialive::MediaLiveResource;
use crate::cloud::mediapackage;
use crate::cloud::mediastore::Container;
use crate::resource::{self, Kind, Resource};

/// The version of the state file's layout.
pub const FORMAT_VERSION: u32 = 1;

/// Why the state file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading, writing or renaming failed.
    #[error("cannot read or write state file {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a state file this version understands.
    #[error("state file {path} is not valid")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// There is no state file: nothing has been deployed.
    #[error("state file {path} does not exist: run apply first")]
    NotDeployed {
        /// The file.
        path: PathBuf,
    },
    /// The state file records no container endpoint for a Region.
    #[error("the state file records no container endpoint for the {site} Region: run apply first")]
    NoEndpoint {
        /// The Region's role.
        site: Site,
    },
    /// The state file records no MediaPackage v2 channel group for a Region.
    #[error("the state file records no MediaPackage channel group for the {site} Region: run apply first")]
    NoChannelGroup {
        /// The Region's role.
        site: Site,
    },
    /// The file was written by a newer or older layout.
    #[error("state file {path} has format version {found}: this version reads only {FORMAT_VERSION}")]
    Version {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
}

impl Error {
    /// True when the file itself is the problem (missing, not valid, of another format version, or
    /// without what the command needs); false when reading or writing it failed.
    pub fn is_bad_file(&self) -> bool {
        !matches!(self, Error::Io { .. })
    }
}

/// Everything `apply` knows about the deployed resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The layout version, [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The event's name.
    pub event: String,
    /// SHA-256 of the configuration that produced the resources (see
    /// [`Config::hash`](crate::Config::hash)); a different value means the config changed since.
    pub config_hash: String,
    /// Per Region, by role.
    pub regions: BTreeMap<Site, RegionState>,
    /// The CloudFront distribution, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<DistributionState>,
    /// The origin access control the distribution signs MediaPackage requests with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_access_control: Option<OriginAccessControlState>,
}

/// The resources of one Region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionState {
    /// The Region code, such as `us-east-1`.
    pub region: String,
    /// The MediaStore container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerState>,
    /// The MediaPackage v2 channel group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_group: Option<ChannelGroupState>,
    /// The MediaPackage v2 channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_channel: Option<PackageResourceState>,
    /// The MediaPackage v2 origin endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_endpoint: Option<PackageResourceState>,
    /// Documents put into the origin, by name (`policy`, `lifecycle`, `cors`, `index.m3u8` for a
    /// container; `channel-policy`, `endpoint-policy` for MediaPackage), with the SHA-256 of what
    /// was put.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub documents: BTreeMap<String, String>,
    /// The two MediaConnect flows.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<Pipeline, FlowState>,
    /// The MediaLive input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<MediaLiveResourceState>,
    /// The MediaLive channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<MediaLiveResourceState>,
}

/// A MediaStore container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerState {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its data endpoint (written as its URL), once the container is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<DataEndpoint>,
}

/// A MediaPackage v2 channel group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelGroupState {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The domain its endpoints serve on.
    pub egress_domain: EgressDomain,
}

/// A MediaPackage v2 channel or origin endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageResourceState {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
}

/// A CloudFront origin access control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginAccessControlState {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A MediaConnect flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowState {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its Availability Zone.
    pub availability_zone: String,
}

/// A MediaLive input or channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaLiveResourceState {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
}

/// The CloudFront distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionState {
    /// Its id.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// Its `*.cloudfront.net` domain name.
    pub domain_name: String,
    /// The caller reference it was created with.
    pub caller_reference: String,
}

impl State {
    /// An empty state for an event.
    pub fn new(event: &str, config_hash: &str) -> Self {
        State {
            format_version: FORMAT_VERSION,
            event: event.to_owned(),
            config_hash: config_hash.to_owned(),
            regions: BTreeMap::new(),
            distribution: None,
            origin_access_control: None,
        }
    }

    /// The state of a Region, created empty on first use.
    pub fn region_mut(&mut self, site: Site, region: &str) -> &mut RegionState {
        let entry = self.regions.entry(site).or_default();
        if entry.region.is_empty() {
            region.clone_into(&mut entry.region);
        }
        entry
    }

    /// True when the state records no resource at all.
    pub fn is_empty(&self) -> bool {
        self.distribution.is_none()
            && self.origin_access_control.is_none()
            && self.regions.values().all(|region| {
                region.container.is_none()
                    && region.channel_group.is_none()
                    && region.package_channel.is_none()
                    && region.origin_endpoint.is_none()
                    && region.flows.is_empty()
                    && region.input.is_none()
                    && region.channel.is_none()
            })
    }

    /// Every resource the state records, in a fixed order: per Region (primary first) the
    /// origin (the container, or the channel group, channel and endpoint), the flows (A then B),
    /// the input and the channel; then the distribution and its origin access control.
    pub fn resources(&self) -> Vec<Resource> {
        let mut resources = Vec::new();
        for entry in self.regions.values() {
            let resource = |kind, name: &str, id: &str| Resource {
                kind,
                region: entry.region.clone(),
                name: name.to_owned(),
                id: id.to_owned(),
            };
            if let Some(container) = &entry.container {
                resources.push(resource(Kind::Container, &container.name, &container.arn));
            }
            if let Some(group) = &entry.channel_group {
                resources.push(resource(Kind::ChannelGroup, &group.name, &group.arn));
            }
            for (kind, recorded) in [
                (Kind::PackageChannel, &entry.package_channel),
                (Kind::OriginEndpoint, &entry.origin_endpoint),
            ] {
                if let Some(recorded) = recorded {
                    resources.push(resource(kind, &recorded.name, &recorded.arn));
                }
            }
            for flow in entry.flows.values() {
                resources.push(resource(Kind::Flow, &flow.name, &flow.arn));
            }
            for (kind, recorded) in [(Kind::Input, &entry.input), (Kind::Channel, &entry.channel)] {
                if let Some(recorded) = recorded {
                    resources.push(resource(kind, &recorded.name, &recorded.id));
                }
            }
        }
        if let Some(distribution) = &self.distribution {
            resources.push(Resource {
                kind: Kind::Distribution,
                region: resource::GLOBAL.to_owned(),
                name: distribution.domain_name.clone(),
                id: distribution.id.clone(),
            });
        }
        if let Some(control) = &self.origin_access_control {
            resources.push(Resource {
                kind: Kind::OriginAccessControl,
                region: resource::GLOBAL.to_owned(),
                name: control.name.clone(),
                id: control.id.clone(),
            });
        }
        resources
    }

    /// Reads the state file of a deployment that must exist: [`Error::NotDeployed`] when there
    /// is no file.
    pub fn load_deployed(path: &Path) -> Result<State, Error> {
        State::load(path)?.ok_or_else(|| Error::NotDeployed {
            path: path.to_owned(),
        })
    }

    /// A Region's code and the data endpoint of its container, once apply has seen it active.
    pub fn endpoint(&self, site: Site) -> Result<(&str, &DataEndpoint), Error> {
        self.regions
            .get(&site)
            .and_then(|region| {
                let endpoint = region.container.as_ref()?.endpoint.as_ref()?;
                Some((region.region.as_str(), endpoint))
            })
            .ok_or(Error::NoEndpoint { site })
    }

    /// A Region's code and its MediaPackage v2 channel group (with the egress domain), once apply
    /// has created it.
    pub fn channel_group(&self, site: Site) -> Result<(&str, &ChannelGroupState), Error> {
        self.regions
            .get(&site)
            .and_then(|region| Some((region.region.as_str(), region.channel_group.as_ref()?)))
            .ok_or(Error::NoChannelGroup { site })
    }

    /// Reads a state file; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<State>, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let version: Version = serde_json::from_str(&text).map_err(|source| Error::Parse {
            path: path.to_owned(),
            source,
        })?;
        if version.format_version != FORMAT_VERSION {
            return Err(Error::Version {
                path: path.to_owned(),
                found: version.format_version,
            });
        }
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|source| Error::Parse {
                path: path.to_owned(),
                source,
            })
    }

    /// Writes the state file atomically: a temporary file next to it, flushed to disk, renamed
    /// over it, and the folder flushed so the rename itself survives a crash.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&folder).map_err(io)?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "state.json".to_owned());
        let temporary = folder.join(format!(".{file_name}.tmp"));
        let mut text = serde_json::to_string_pretty(self).map_err(|source| Error::Parse {
            path: path.to_owned(),
            source,
        })?;
        text.push('\n');
        {
            let mut file = std::fs::File::create(&temporary).map_err(io)?;
            file.write_all(text.as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        std::fs::rename(&temporary, path).map_err(io)?;
        // Persist the rename. Opening a folder for reading works on Unix; elsewhere the rename is
        // already as durable as the platform allows.
        #[cfg(unix)]
        std::fs::File::open(&folder)
            .and_then(|dir| dir.sync_all())
            .map_err(io)?;
        Ok(())
    }

    /// Removes the state file (after a complete teardown); a missing file is not an error.
    pub fn remove(path: &Path) -> Result<(), Error> {
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

impl From<Container> for ContainerState {
    /// The container as the state file records it.
    fn from(container: Container) -> Self {
        ContainerState {
            name: container.name,
            arn: container.arn,
            endpoint: container.endpoint,
        }
    }
}

impl ChannelGroupState {
    /// The channel group as the state file records it: `None` when the reply lacked its egress
    /// domain (`ListChannelGroups` leaves it out; `CreateChannelGroup` and `GetChannelGroup` give it).
    pub fn of(group: mediapackage::ChannelGroup) -> Option<Self> {
        Some(ChannelGroupState {
            egress_domain: group.egress_domain?,
            name: group.name.to_string(),
            arn: group.arn,
        })
    }
}

impl From<mediapackage::Channel> for PackageResourceState {
    /// The channel as the state file records it.
    fn from(channel: mediapackage::Channel) -> Self {
        PackageResourceState {
            name: channel.name.to_string(),
            arn: channel.arn,
        }
    }
}

impl From<mediapackage::OriginEndpoint> for PackageResourceState {
    /// The origin endpoint as the state file records it.
    fn from(endpoint: mediapackage::OriginEndpoint) -> Self {
        PackageResourceState {
            name: endpoint.names.endpoint.to_string(),
            arn: endpoint.arn,
        }
    }
}

impl From<Flow> for FlowState {
    /// The flow as the state file records it.
    fn from(flow: Flow) -> Self {
        FlowState {
            name: flow.name,
            arn: flow.arn,
            availability_zone: flow.availability_zone,
        }
    }
}

impl<S> From<MediaLiveResource<S>> for MediaLiveResourceState {
    /// The input or channel as the state file records it.
    fn from(resource: MediaLiveResource<S>) -> Self {
        MediaLiveResourceState {
            name: resource.name,
            id: resource.id,
            arn: resource.arn,
        }
    }
}

impl DistributionState {
    /// The distribution as the state file records it, with the caller reference it was found by
    /// or created with (CloudFront's list does not report it).
    pub fn new(distribution: Distribution, caller_reference: String) -> Self {
        DistributionState {
            id: distribution.id,
            arn: distribution.arn,
            domain_name: distribution.domain_name,
            caller_reference,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_a_failed_read_or_write_is_not_the_files_fault() {
        let path = PathBuf::from("state.json");
        assert!(Error::NotDeployed { path: path.clone() }.is_bad_file());
        assert!(
            Error::Version {
                path: path.clone(),
                found: 9
            }
            .is_bad_file()
        );
        assert!(
            !Error::Io {
                path,
                source: std::io::Error::other("disk full"),
            }
            .is_bad_file()
        );
    }

    use super::*;

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut state = State::new("demo", "abc");
        state.region_mut(Site::Primary, "us-east-1").container = Some(ContainerState {
            name: "demo-east".into(),
            arn: "arn:aws:mediastore:us-east-1:000011112222:container/demo-east".into(),
            endpoint: None,
        });
        state.save(&path).unwrap();
        assert_eq!(State::load(&path).unwrap(), Some(state));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
    }

    /// A state file written by an earlier version (a complete simulated deployment) still
    /// loads, lists its resources, and saves back to the same text.
    #[test]
    fn a_state_file_of_the_first_layout_loads_and_saves_unchanged() {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/state-v1.json");
        let state = State::load(Path::new(fixture)).unwrap().unwrap();
        assert_eq!(state.event, "demo");
        let kinds: Vec<Kind> = state.resources().iter().map(|r| r.kind).collect();
        let count = |kind| kinds.iter().filter(|k| **k == kind).count();
        assert_eq!(
            [
                Kind::Container,
                Kind::Flow,
                Kind::Input,
                Kind::Channel,
                Kind::Distribution
            ]
            .map(count),
            [2, 4, 2, 2, 1]
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        state.save(&path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(fixture).unwrap()
        );
    }

    #[test]
    fn a_missing_file_is_no_state_and_a_foreign_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(State::load(&path).unwrap(), None);
        std::fs::write(&path, r#"{"format_version": 9}"#).unwrap();
        let error = State::load(&path).unwrap_err();
        assert!(error.to_string().contains("format version 9"), "{error}");
    }
}
