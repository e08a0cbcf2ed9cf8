//! Verify on MediaPackage v2: what each Region's endpoint serves, read the ways the deployment
//! allows, and whether its settings are still the plan's.
//!
//! MediaPackage builds the playlists, so segment numbers are read from them: each media playlist's
//! `EXT-X-MEDIA-SEQUENCE` plus its segment count gives the newest segment, judged against the epoch
//! clock at the endpoint's segment duration
//! ([`mediapackage_origin::assumption::endpoint_epoch_clock`]) and compared across Regions with
//! [`hls_epoch::listing::compare`]. Each Region's endpoint is read with requests signed for it
//! ([`Reader::Account`]), and the viewer's path through the distribution ([`Reader::Viewer`]).

use hls_epoch::listing::{self, Numbers, Report, Tolerance};
use hls_epoch::{Cadence, EpochClock, Timestamp};
use mediapackage_origin::assumption;
use origin_failover::Site;
use origin_failover::playlist::{media_playlist_uris, read_window};
use serde::Serialize;

use super::Error;
use crate::cloud::mediapackage::{EndpointSettings, MediaPackage as _};
use crate::cloud::playback::{Playback as _, Reader};
use crate::cloud::{self, HasMediaPackage, HasPlayback};
use crate::plan::{MediaPackagePlan, Plan};
use crate::state::State;

/// What one reader got from the endpoint's playlists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaylistCheck {
    /// Who read: `viewer`, or `signed for <Region>`.
    pub reader: String,
    /// The multivariant playlist's URL.
    pub url: String,
    /// Its status code.
    pub status: u16,
    /// The media playlists' newest segments, judged (`None` when none could be read).
    pub report: Option<Report>,
    /// What could not be read, one sentence each.
    pub problems: Vec<String>,
}

impl PlaylistCheck {
    /// Whether every playlist was read and every rendition is epoch-locked.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.report.as_ref().is_some_and(Report::is_epoch_locked)
    }

    /// The newest segment over every rendition; `None` when no playlist listed one.
    pub fn newest(&self) -> Option<u64> {
        self.report.as_ref()?.renditions.iter().map(|r| r.newest).max()
    }
}

/// The endpoint's settings against the plan's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum SettingsCheck {
    /// Every planned setting is in place.
    Current,
    /// Some differ: each with what was found and what was planned.
    Differs {
        /// The differences, one sentence each.
        differences: Vec<String>,
    },
    /// The endpoint does not exist.
    Missing,
}

/// One Region's origin endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointCheck {
    /// Primary or backup.
    pub site: Site,
    /// The Region code.
    pub region: String,
    /// Its playlists, read with requests signed for the Region.
    pub playlists: PlaylistCheck,
    /// Its settings against the plan.
    pub settings: SettingsCheck,
}

impl EndpointCheck {
    /// Whether its playlists are epoch-locked and its settings current.
    pub fn passed(&self) -> bool {
        self.playlists.passed() && self.settings == SettingsCheck::Current
    }
}

/// What [`Judge::fetch`] read, before judging.
struct Reading {
    check: PlaylistCheck,
    renditions: Option<Vec<(String, Numbers)>>,
}

/// The clock the endpoint's segment numbers follow, and how far the newest may be from it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judge<'a> {
    clock: EpochClock,
    tolerance: Tolerance,
    manifest: &'a str,
}

impl<'a> Judge<'a> {
    /// The judge for the plan's endpoint (both Regions' are identical).
    pub(crate) fn new(plan: &Plan, origin: &'a MediaPackagePlan) -> Judge<'a> {
        let planned = EndpointSettings::of(&origin.documents(Site::Primary).endpoint);
        let cadence = planned
            .segment_duration_seconds
            .and_then(|seconds| u32::try_from(seconds).ok())
            .and_then(|seconds| Cadence::from_medialive_segment_length(seconds, plan.cadence().rate()).ok())
            .unwrap_or(plan.cadence());
        let clock = assumption::endpoint_epoch_clock(plan.epoch_clock(), cadence);
        Judge {
            clock,
            tolerance: Tolerance::medialive(cadence),
            manifest: origin.pair().playback_path().manifest.as_str(),
        }
    }

    /// Reads the multivariant playlist at `url` and every media playlist it lists as `reader`, and
    /// judges their newest segments at `now`.
    pub(crate) async fn read<C: HasPlayback>(
        &self,
        cloud: &C,
        reader: Reader<'_>,
        url: &str,
        now: Timestamp,
    ) -> Result<PlaylistCheck, Error> {
        let Reading {
            mut check,
            renditions,
        } = self
            .fetch(cloud, reader, url)
            .await
            .map_err(|source| Error::Playback {
                reader: reader.to_string(),
                url: url.to_owned(),
                source: Box::new(source),
            })?;
        if let Some(renditions) = renditions {
            check.report = Some(self.judge(renditions, now)?);
        }
        Ok(check)
    }

    /// The newest segment the playlists at `url` list, over every rendition, as `reader` reads
    /// them; `None` when they list none or do not answer with success (a 404 under the force-error
    /// conditions, for example).
    pub(crate) async fn newest<C: HasPlayback>(
        &self,
        cloud: &C,
        reader: Reader<'_>,
        url: &str,
    ) -> cloud::Result<Option<u64>> {
        let reading = self.fetch(cloud, reader, url).await?;
        Ok(reading
            .renditions
            .iter()
            .flatten()
            .map(|(_, numbers)| numbers.newest)
            .max())
    }

    /// Reads the multivariant playlist and each media playlist it lists; the renditions are
    /// `None` when the multivariant playlist could not be read.
    async fn fetch<C: HasPlayback>(
        &self,
        cloud: &C,
        reader: Reader<'_>,
        url: &str,
    ) -> cloud::Result<Reading> {
        let playback = cloud.playback(reader);
        let master = playback.get(url).await?;
        let mut check = PlaylistCheck {
            reader: reader.to_string(),
            url: url.to_owned(),
            status: master.status,
            report: None,
            problems: Vec::new(),
        };
        if !master.is_success() {
            check.problems.push(format!("{url} answered {}", master.status));
            return Ok(Reading {
                check,
                renditions: None,
            });
        }
        let uris = match media_playlist_uris(&master.body) {
            Ok(uris) => uris,
            Err(error) => {
                check.problems.push(format!("{url}: {error}"));
                return Ok(Reading {
                    check,
                    renditions: None,
                });
            }
        };
        if uris.is_empty() {
            check.problems.push(format!("{url} lists no media playlist"));
        }
        let mut renditions = Vec::new();
        for uri in &uris {
            let Some(media_url) = resolve(url, uri) else {
                check
                    .problems
                    .push(format!("{url} lists {uri:?}, which is not a URL"));
                continue;
            };
            let answer = playback.get(&media_url).await?;
            if !answer.is_success() {
                check
                    .problems
                    .push(format!("{media_url} answered {}", answer.status));
                continue;
            }
            match read_window(&answer.body) {
                Ok(window) => match window.numbers() {
                    Some(numbers) => renditions.push((self.rendition(uri), numbers)),
                    None => check.problems.push(format!("{media_url} lists no segment")),
                },
                Err(error) => check.problems.push(format!("{media_url}: {error}")),
            }
        }
        Ok(Reading {
            check,
            renditions: Some(renditions),
        })
    }

    fn judge(&self, renditions: Vec<(String, Numbers)>, now: Timestamp) -> Result<Report, Error> {
        listing::judge_numbers(self.clock, self.manifest, renditions, now, self.tolerance)
            .map_err(|source| Error::Clock { now, source })
    }

    /// A media playlist's rendition name: its file stem after the manifest's name (`index_1.m3u8`
    /// of `index` is `_1`), else `/` and its stem.
    fn rendition(&self, uri: &str) -> String {
        let path = uri.split(['?', '#']).next().unwrap_or(uri);
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = file.strip_suffix(".m3u8").unwrap_or(file);
        match stem.strip_prefix(self.manifest) {
            Some(modifier) => modifier.to_owned(),
            None => format!("/{stem}"),
        }
    }
}

/// `uri` as listed in the playlist at `base`, made absolute.
fn resolve(base: &str, uri: &str) -> Option<String> {
    url::Url::parse(base).ok()?.join(uri).ok().map(String::from)
}

/// Each Region's endpoint (signed reads and settings) and the viewer's path, at `now`.
pub(super) async fn verify<C: HasMediaPackage + HasPlayback>(
    cloud: &C,
    plan: &Plan,
    origin: &MediaPackagePlan,
    state: &State,
    now: Timestamp,
) -> Result<(Vec<EndpointCheck>, Option<PlaylistCheck>), Error> {
    let judge = Judge::new(plan, origin);
    let path = origin.pair().playback_path();
    let mut endpoints = Vec::new();
    for site in Site::BOTH {
        let (region, group) = state.channel_group(site)?;
        let region = region.to_owned();
        let url = path.url(&group.egress_domain);
        let playlists = judge
            .read(cloud, Reader::Account { region: &region }, &url, now)
            .await?;
        let live = cloud
            .mediapackage(&region)
            .origin_endpoint(origin.names())
            .await
            .map_err(|source: cloud::Error| Error::Cloud {
                region: region.clone(),
                source,
            })?;
        let planned = EndpointSettings::of(&origin.documents(site).endpoint);
        let settings = match live.map(|endpoint| endpoint.settings) {
            None => SettingsCheck::Missing,
            Some(None) => SettingsCheck::Differs {
                differences: vec!["GetOriginEndpoint reported no settings".to_owned()],
            },
            Some(Some(found)) => match found.differences(&planned) {
                differences if differences.is_empty() => SettingsCheck::Current,
                differences => SettingsCheck::Differs { differences },
            },
        };
        endpoints.push(EndpointCheck {
            site,
            region,
            playlists,
            settings,
        });
    }
    let viewer = match &state.distribution {
        Some(distribution) => {
            let url = format!("https://{}{path}", distribution.domain_name);
            Some(judge.read(cloud, Reader::Viewer, &url, now).await?)
        }
        None => None,
    };
    Ok((endpoints, viewer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_playlists_resolve_against_the_multivariant_playlist() {
        let base = "https://abc.egress.def.mediapackagev2.us-west-2.amazonaws.com/out/v1/g/c/e/index.m3u8";
        assert_eq!(
            resolve(base, "index_1.m3u8").as_deref(),
            Some("https://abc.egress.def.mediapackagev2.us-west-2.amazonaws.com/out/v1/g/c/e/index_1.m3u8")
        );
        assert_eq!(
            resolve(base, "../e2/index_1.m3u8?aws.manifestfilter=x").as_deref(),
            Some(
                "https://abc.egress.def.mediapackagev2.us-west-2.amazonaws.com/out/v1/g/c/e2/index_1.m3u8?aws.manifestfilter=x"
            )
        );
        assert_eq!(resolve("not a url", "index_1.m3u8"), None);
    }
}
