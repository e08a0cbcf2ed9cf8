//! Region cloning: the backup Region's channel from the primary's, changing only what the recipe allows.
//!
//! The recipe downloads the primary channel as a custom template and recreates it in the second Region,
//! changing only the hostname of the HLS destinations (path and base names must stay identical, or the
//! two Regions' objects would not be interchangeable), the input (inputs are Regional), the name and,
//! if needed, the role. [`RegionClone::apply`] does exactly that and checks the result with
//! [`RegionClone::verify`], which also checks a backup template edited by hand.
//!
//! A channel that writes to MediaPackage v2 through a MediaPackage output group names the channel
//! group, channel and ingest endpoint, which are identical in both Regions, and the channel's Region:
//! cloning changes `MediaPackageRegionName` to the backup Region and nothing else.

use mediastore_policy::Region;
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::destination::{self, Destination, DestinationScheme, DestinationUrl};
use crate::diff::{Change, TemplateDiff};
use crate::hls::OutputLocationRef;
use crate::{Channel, OutputGroup, channel};

/// What changes between the primary Region's channel and the backup Region's.
#[derive(Debug, Clone, PartialEq, Eq, TypedBuilder)]
#[builder(doc)]
pub struct RegionClone {
    /// The backup channel's `Name`.
    #[builder(setter(into))]
    pub name: String,
    /// The backup Region's MediaLive input (`InputId` of the single input attachment).
    #[builder(setter(into))]
    pub input_id: String,
    /// The backup Region's HLS destination: its MediaStore container's data endpoint, or its S3
    /// bucket. Required when the channel has HLS output groups.
    #[builder(default, setter(strip_option, into))]
    pub destination: Option<Destination>,
    /// The backup Region, written to every `MediaPackageRegionName` of the MediaPackage output groups'
    /// destinations. Required when the channel has MediaPackage output groups.
    #[builder(default, setter(strip_option))]
    pub media_package_region: Option<Region>,
    /// The backup channel's `RoleArn`; the primary's is kept when `None`.
    #[builder(default, setter(strip_option, into))]
    pub role_arn: Option<String>,
}

/// Why a channel could not be cloned, or a clone is not a faithful one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The primary has not exactly one input attachment, so which one to replace is ambiguous.
    #[error(
        "$.InputAttachments has {count} entries: cloning replaces the InputId of exactly one input attachment"
    )]
    InputAttachments {
        /// How many attachments the primary has.
        count: usize,
    },
    /// The primary's HLS destinations use more than one host, so moving them all to one host would merge
    /// what the primary keeps apart.
    #[error(
        "{path} is on host {host:?} but {first_path} is on {first_host:?}: cloning moves HLS destinations that share one host to one new host"
    )]
    DistinctHosts {
        /// The JSON path of the first URL.
        first_path: String,
        /// Its host.
        first_host: String,
        /// The JSON path of a URL on another host.
        path: String,
        /// That host.
        host: String,
    },
    /// The primary has no HLS destination URL to move.
    #[error("$.Destinations has no URL used by an HLS output group: nothing to move to the backup Region")]
    NoHlsDestination,
    /// A destination URL writes to another kind of store than the backup Region's destination, so
    /// changing its host alone would not move it there.
    #[error(
        "{path} writes with {scheme}:// but the backup destination {destination} is written with {}://: cloning changes only the host",
        destination.scheme()
    )]
    Scheme {
        /// The JSON path of the URL.
        path: String,
        /// Its scheme.
        scheme: DestinationScheme,
        /// The backup Region's destination.
        destination: Destination,
    },
    /// A destination URL is not valid.
    #[error("destination URL at {path} is not valid")]
    Destination {
        /// The JSON path of the URL.
        path: String,
        /// Why.
        #[source]
        source: destination::Error,
    },
    /// The documents could not be serialized for the diff.
    #[error(transparent)]
    Document(#[from] channel::Error),
    /// The channel writes somewhere that must move to the backup Region, but the clone has no target
    /// for it.
    #[error("{path} must move to the backup Region but no {field} was given: set RegionClone::{field}")]
    MissingTarget {
        /// The JSON path of the first destination to move.
        path: String,
        /// The clone's field that is missing (`destination`, `media_package_region`).
        field: &'static str,
    },
    /// A MediaPackage Region was given but no MediaPackage output group writes anywhere.
    #[error(
        "$.Destinations has no MediaPackageSettings used by a MediaPackage output group: media_package_region has nothing to apply to"
    )]
    NoMediaPackageDestination,
    /// A CMAF Ingest group writes to ingest URLs, which cloning cannot derive for another Region.
    #[error(
        "{path} is a CMAF Ingest URL: the backup Region's ingest URL comes from its own MediaPackage channel, so cloning cannot move it; give the backup channel its own destination or use a MediaPackage output group"
    )]
    CmafIngestDestination {
        /// The JSON path of the URL.
        path: String,
    },
    /// The backup differs from the primary at a path cloning must not change.
    #[error("{path} differs between the primary and backup channels: {why}")]
    Unexpected {
        /// The JSON path.
        path: String,
        /// What is wrong.
        why: String,
    },
}

impl RegionClone {
    /// The backup Region's channel, verified with [`RegionClone::verify`].
    pub fn apply(&self, primary: &Channel) -> Result<Channel, Error> {
        let mut backup = primary.clone();
        backup.name = Some(self.name.clone());
        if let Some(role) = &self.role_arn {
            backup.role_arn = Some(role.clone());
        }
        let attachments = backup.input_attachments.as_deref_mut().unwrap_or_default();
        let [attachment] = attachments else {
            return Err(Error::InputAttachments {
                count: attachments.len(),
            });
        };
        attachment.input_id = Some(self.input_id.clone());

        let moved_media_package = self.move_media_package(primary, &mut backup)?;
        let targets = hls_destination_ids(primary);
        // Every HLS destination URL, parsed and checked to share one host, before any moves.
        let mut urls: Vec<(String, DestinationUrl, &mut Option<String>)> = Vec::new();
        for (d, entry) in backup.destinations.iter_mut().flatten().enumerate() {
            if !entry.id.as_ref().is_some_and(|id| targets.contains(id)) {
                continue;
            }
            for (s, setting) in entry.settings.iter_mut().flatten().enumerate() {
                let Some(url) = &setting.url else { continue };
                let path = format!("$.Destinations[{d}].Settings[{s}].Url");
                let parsed: DestinationUrl = url.parse().map_err(|source| Error::Destination {
                    path: path.clone(),
                    source,
                })?;
                if let Some((first_path, first, _)) = urls.first()
                    && first.host() != parsed.host()
                {
                    return Err(Error::DistinctHosts {
                        first_path: first_path.clone(),
                        first_host: first.host().to_owned(),
                        path,
                        host: parsed.host().to_owned(),
                    });
                }
                urls.push((path, parsed, &mut setting.url));
            }
        }
        let destination = match (&self.destination, urls.first()) {
            (Some(destination), Some(_)) => destination,
            (None, Some((path, _, _))) => {
                return Err(Error::MissingTarget {
                    path: path.clone(),
                    field: "destination",
                });
            }
            // A channel that moves only MediaPackage destinations needs no HLS destination.
            (None, None) if moved_media_package => {
                Self::verify(primary, &backup)?;
                return Ok(backup);
            }
            (_, None) => return Err(Error::NoHlsDestination),
        };
        let host = destination.host();
        for (path, parsed, url) in urls {
            if !destination.accepts(parsed.scheme()) {
                return Err(Error::Scheme {
                    path,
                    scheme: parsed.scheme().clone(),
                    destination: destination.clone(),
                });
            }
            let moved = parsed
                .with_host(&host)
                .map_err(|source| Error::Destination { path, source })?;
            *url = Some(moved.to_string());
        }
        Self::verify(primary, &backup)?;
        Ok(backup)
    }

    /// Sets the backup Region on every MediaPackage destination; whether there was one. Refuses CMAF
    /// Ingest destinations, which cloning cannot move.
    fn move_media_package(&self, primary: &Channel, backup: &mut Channel) -> Result<bool, Error> {
        let cmaf = group_destination_ids(primary, |g| g.cmaf_ingest()?.destination.as_ref());
        if let Some(d) = primary
            .destinations
            .iter()
            .flatten()
            .position(|e| e.id.as_ref().is_some_and(|id| cmaf.contains(id)))
        {
            return Err(Error::CmafIngestDestination {
                path: format!("$.Destinations[{d}].Settings"),
            });
        }
        let targets = media_package_destination_ids(primary);
        let mut moved = false;
        for (d, entry) in backup.destinations.iter_mut().flatten().enumerate() {
            if !entry.id.as_ref().is_some_and(|id| targets.contains(id)) {
                continue;
            }
            for (s, setting) in entry.media_package_settings.iter_mut().flatten().enumerate() {
                let Some(region) = &self.media_package_region else {
                    return Err(Error::MissingTarget {
                        path: format!("$.Destinations[{d}].MediaPackageSettings[{s}]"),
                        field: "media_package_region",
                    });
                };
                setting.media_package_region_name = Some(region.as_str().to_owned());
                moved = true;
            }
        }
        if self.media_package_region.is_some() && !moved {
            return Err(Error::NoMediaPackageDestination);
        }
        Ok(moved)
    }

    /// Checks that `backup` differs from `primary` only where the recipe allows: `Name`, `RoleArn`, the
    /// `InputId` of input attachments, the host of HLS destination URLs (scheme, path and base name
    /// identical) and the `MediaPackageRegionName` of MediaPackage destinations. Returns the diff.
    pub fn verify(primary: &Channel, backup: &Channel) -> Result<TemplateDiff, Error> {
        let diff = TemplateDiff::between(primary, backup)?;
        let targets = hls_destination_ids(primary);
        let media_package = media_package_destination_ids(primary);
        for (path, change) in diff.entries() {
            if path == "$.Name" || path == "$.RoleArn" || is_input_id(path) {
                continue;
            }
            if let Some(d) = media_package_region_index(path) {
                let id = primary
                    .destinations
                    .as_deref()
                    .and_then(|all| all.get(d))
                    .and_then(|e| e.id.as_ref());
                let to_region = matches!(
                    change,
                    Change::Added {
                        after: Value::String(_)
                    } | Change::Changed {
                        after: Value::String(_),
                        ..
                    }
                );
                if id.is_some_and(|id| media_package.contains(id)) && to_region {
                    continue;
                }
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: "only the MediaPackageRegionName of a MediaPackage output group's destination changes, to the backup Region".to_owned(),
                });
            }
            let Some(d) = destination_url_index(path) else {
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: "cloning changes only Name, RoleArn, InputId, destination hosts and MediaPackage Regions".to_owned(),
                });
            };
            let id = primary
                .destinations
                .as_deref()
                .and_then(|all| all.get(d))
                .and_then(|e| e.id.as_ref());
            if !id.is_some_and(|id| targets.contains(id)) {
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: "only destinations of HLS output groups move to the backup Region".to_owned(),
                });
            }
            let Change::Changed {
                before: Value::String(before),
                after: Value::String(after),
            } = change
            else {
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: "a destination URL must change from one URL to another".to_owned(),
                });
            };
            let (Ok(a), Ok(b)) = (before.parse::<DestinationUrl>(), after.parse::<DestinationUrl>()) else {
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: format!("{before:?} -> {after:?} are not both destination URLs"),
                });
            };
            if (a.scheme(), a.path(), a.base()) != (b.scheme(), b.path(), b.base()) {
                return Err(Error::Unexpected {
                    path: path.clone(),
                    why: format!(
                        "{a} -> {b} changes more than the host: scheme, path and base name must be identical in both Regions"
                    ),
                });
            }
        }
        Ok(diff)
    }
}

/// The `Id`s of destinations that HLS output groups write to.
fn hls_destination_ids(channel: &Channel) -> Vec<String> {
    group_destination_ids(channel, |g| g.hls()?.destination.as_ref())
}

/// The `Id`s of destinations that MediaPackage output groups write to.
fn media_package_destination_ids(channel: &Channel) -> Vec<String> {
    group_destination_ids(channel, |g| g.media_package()?.destination.as_ref())
}

/// The `Id`s of destinations that the groups `destination` finds write to.
fn group_destination_ids(
    channel: &Channel,
    destination: impl Fn(&OutputGroup) -> Option<&OutputLocationRef>,
) -> Vec<String> {
    channel
        .encoder_settings
        .iter()
        .flat_map(|s| s.output_groups.iter().flatten())
        .filter_map(|g| destination(g)?.destination_ref_id.clone())
        .collect()
}

/// The destination index of `$.Destinations[<d>].MediaPackageSettings[<s>].MediaPackageRegionName`.
fn media_package_region_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("$.Destinations[")?;
    let (d, rest) = rest.split_once("].MediaPackageSettings[")?;
    let s = rest.strip_suffix("].MediaPackageRegionName")?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

/// `$.InputAttachments[<i>].InputId`.
fn is_input_id(path: &str) -> bool {
    path.strip_prefix("$.InputAttachments[")
        .and_then(|rest| rest.strip_suffix("].InputId"))
        .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
}

/// The destination index of `$.Destinations[<d>].Settings[<s>].Url`.
fn destination_url_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("$.Destinations[")?;
    let (d, rest) = rest.split_once("].Settings[")?;
    let s = rest.strip_suffix("].Url")?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}
