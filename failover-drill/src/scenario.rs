//! Scripted faults and what a viewer should see: the recipe's three failover paths, a pipeline crash,
//! a channel stop, and fail-back after each recovery, each measured into a [`Row`]; and the same
//! faults, with those only MediaPackage v2 tells apart (a stale, incomplete or slate primary, a degraded
//! picture), on both origin kinds side by side ([`Scenario::origin_comparison`]).

use std::collections::BTreeMap;
use std::time::Duration;

use medialive_template::Pipeline;
use origin_failover::Site;
use origin_failover::budget::{Fault as BudgetFault, Verdict};
use origin_failover::failover_path::{FailoverPath, Failure, ViewerOutcome};
use origin_failover::origin_group::OriginOutcome;

use crate::clock::DrillClock;
use crate::deployment::{
    DrillSettings, EdgeTimeouts, Error, ForceErrorOn, LocalDeployment, MediaPackageSettings, OriginKind,
};
use crate::edge::OriginFetch;
use crate::origin::OriginHealth;
use crate::pipeline::PipelineState;
use crate::player::{Player, PlayerLog, RequestKind, Stall};
use crate::report::{BudgetComparison, Row};

/// One change to the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A pipeline changes state.
    Pipeline {
        /// The Region.
        site: Site,
        /// The pipeline.
        pipeline: Pipeline,
        /// Its new state.
        state: PipelineState,
    },
    /// An origin changes health.
    Origin {
        /// The Region.
        site: Site,
        /// Its new health.
        health: OriginHealth,
    },
}

/// What a scenario must show; checked by [`Scenario::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// What the recipe promises a viewer, measured as: no stall, no player error and no failover
    /// ([`ViewerOutcome::Unaffected`]); no stall and no player error, the edge failing over and back
    /// after the recovery ([`ViewerOutcome::SeamlessAtEdge`]); no stall, the player seeing the error and
    /// moving to the other redundant copy for good ([`ViewerOutcome::SeamlessInPlayer`]).
    Viewer(ViewerOutcome),
    /// The stall `origin-failover`'s budget predicts for an origin outage.
    BudgetStall,
    /// Playback ends at `#EXT-X-ENDLIST` without a stall or an error.
    Ends,
    /// Nothing fails over and the player stalls: the fault is invisible to the edge.
    StallWithoutFailover,
    /// Every copy fails: errors and a stall, and playback resumes by itself after the recovery.
    StallUntilRecovery,
    /// Playback goes on without a stall or an error, but the viewer sees a degraded or slate picture:
    /// nothing in the workflow chose a better copy.
    PictureImpaired,
}

/// A scripted fault: changes at `fault_at`, recoveries at `recover_at`, all after the player started.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// A short name (`origin-failure`).
    pub name: String,
    /// The origins it runs on.
    pub origin: OriginKind,
    /// The edge timeouts it runs with.
    pub edge_timeouts: EdgeTimeouts,
    /// Whether the containers have the settings' lifecycle policy (`false`: none at all).
    pub lifecycle: bool,
    /// Whether the ladder's audio is a rendition group (see [`DrillSettings::audio_group`]).
    pub audio_group: bool,
    /// When the fault starts, after the player started.
    pub fault_at: Duration,
    /// The changes that make the fault.
    pub faults: Vec<Change>,
    /// When the recovery happens, if it does.
    pub recover_at: Option<Duration>,
    /// The changes that undo the fault.
    pub recoveries: Vec<Change>,
    /// How long the player plays in all.
    pub duration: Duration,
    /// What the viewer should see.
    pub expect: Expect,
    /// The stall a "no stall" expectation tolerates: zero, except where the scenario's own margin is
    /// within timing noise (see the crash scenario in [`Scenario::catalogue`]).
    pub stall_tolerance: Duration,
}

const fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn pause(site: Site, state: PipelineState) -> Change {
    Change::Pipeline {
        site,
        pipeline: Pipeline::Primary,
        state,
    }
}

/// The changes that stage a failure, and those that undo it.
fn staged(failure: Failure) -> (Vec<Change>, Vec<Change>) {
    match failure {
        Failure::SourceLoss(lost) => {
            let changes = |state| {
                lost.iter()
                    .flat_map(|(&site, pipelines)| {
                        pipelines.iter().map(move |&pipeline| Change::Pipeline {
                            site,
                            pipeline,
                            state,
                        })
                    })
                    .collect()
            };
            (changes(PipelineState::Paused), changes(PipelineState::Running))
        }
        Failure::OriginDown(site) => (
            vec![Change::Origin {
                site,
                health: OriginHealth::Unreachable,
            }],
            vec![Change::Origin {
                site,
                health: OriginHealth::Serving,
            }],
        ),
    }
}

impl Scenario {
    /// Every scenario the drill runs, in order:
    /// - `steady`: no fault, the baseline;
    /// - the recipe's three failover paths, from [`FailoverPath`]'s catalogue:
    ///   `source-loss-primary-pipeline` (pipeline 0 paused in the primary Region),
    ///   `source-loss-both-regions` (pipeline 0 paused in both) and `primary-region-down` (the primary
    ///   Region's origin unreachable), the last with recommended timeouts and again with CloudFront's
    ///   defaults;
    /// - faults only a local drill can stage: `source-loss-both-regions-audio-group` (the second path
    ///   with per-pipeline audio groups); `origin-slow-primary-region` (the primary Region answers
    ///   nothing within the read timeout); `pipeline-crash-primary-region`, and
    ///   `pipeline-crash-without-lifecycle` to show what the lifecycle policy is for; `channel-stop`
    ///   (both channels stopped); `origin-failure-both-regions` (both Regions' origins answer 503 to
    ///   everything, so that every copy fails at once, until both come back: playback must resume by
    ///   itself).
    ///
    /// Every recovery is followed by fail-back. Times suit 6 s segments: 30 s of steady playback, a
    /// fault of 60 s (120 s for the slow default failover, so that the outage outlasts the buffer),
    /// then 40 s (90 s) after the recovery.
    pub fn catalogue() -> Vec<Scenario> {
        let base = |name: &str, expect| Scenario {
            name: name.to_owned(),
            origin: OriginKind::MediaStore,
            edge_timeouts: EdgeTimeouts::Recommended,
            lifecycle: true,
            audio_group: false,
            fault_at: secs(30),
            faults: Vec::new(),
            recover_at: Some(secs(90)),
            recoveries: Vec::new(),
            duration: secs(130),
            expect,
            stall_tolerance: Duration::ZERO,
        };
        let path = |path: FailoverPath| {
            let (faults, recoveries) = staged(path.failure());
            Scenario {
                faults,
                recoveries,
                ..base(path.name(), Expect::Viewer(path.viewer_outcome()))
            }
        };
        let mut catalogue = vec![Scenario {
            recover_at: None,
            duration: secs(60),
            ..base("steady", Expect::Viewer(ViewerOutcome::Unaffected))
        }];
        catalogue.extend(FailoverPath::ALL.map(path));
        catalogue.extend([
            Scenario {
                // MediaLive suffixes audio GROUP-IDs per pipeline in a redundant master; hls.js still
                // treats the variants as copies, each with its own audio group, so the path stays
                // seamless.
                audio_group: true,
                name: "source-loss-both-regions-audio-group".to_owned(),
                ..path(FailoverPath::SourceLossBothRegions)
            },
            Scenario {
                faults: vec![Change::Origin {
                    site: Site::Primary,
                    health: OriginHealth::Slow,
                }],
                recoveries: vec![Change::Origin {
                    site: Site::Primary,
                    health: OriginHealth::Serving,
                }],
                ..base(
                    "origin-slow-primary-region",
                    Expect::Viewer(ViewerOutcome::SeamlessAtEdge),
                )
            },
            Scenario {
                edge_timeouts: EdgeTimeouts::CloudFrontDefaults,
                recover_at: Some(secs(150)),
                duration: secs(240),
                expect: Expect::BudgetStall,
                ..path(FailoverPath::PrimaryRegionDown)
            },
            Scenario {
                faults: vec![pause(Site::Primary, PipelineState::Crashed)],
                recoveries: vec![pause(Site::Primary, PipelineState::Running)],
                // The crash is noticed when the lifecycle rule is due (11 s after the last write), the
                // edge's cached playlist expires (3 s) and the player reloads (3 s): 17 s, against a
                // buffer of 18 s at worst. One drill second of tolerance keeps that thin margin from
                // turning scheduling noise into a failure; the margin itself is a finding.
                stall_tolerance: Self::TIMING_TOLERANCE,
                ..base(
                    "pipeline-crash-primary-region",
                    Expect::Viewer(ViewerOutcome::SeamlessAtEdge),
                )
            },
            Scenario {
                lifecycle: false,
                faults: vec![pause(Site::Primary, PipelineState::Crashed)],
                recoveries: vec![pause(Site::Primary, PipelineState::Running)],
                ..base("pipeline-crash-without-lifecycle", Expect::StallWithoutFailover)
            },
            Scenario {
                faults: Site::BOTH
                    .iter()
                    .flat_map(|&site| {
                        Pipeline::BOTH.map(|pipeline| Change::Pipeline {
                            site,
                            pipeline,
                            state: PipelineState::Stopped,
                        })
                    })
                    .collect(),
                recover_at: None,
                duration: secs(70),
                ..base("channel-stop", Expect::Ends)
            },
            Scenario {
                faults: Site::BOTH
                    .iter()
                    .map(|&site| Change::Origin {
                        site,
                        health: OriginHealth::Failing(503),
                    })
                    .collect(),
                recoveries: Site::BOTH
                    .iter()
                    .map(|&site| Change::Origin {
                        site,
                        health: OriginHealth::Serving,
                    })
                    .collect(),
                ..base("origin-failure-both-regions", Expect::StallUntilRecovery)
            },
        ]);
        catalogue
    }

    /// The faults both origin kinds are compared on, each on MediaStore and on MediaPackage v2 with the
    /// pattern's settings (force-error on the primary, default selection, or media-quality selection
    /// where the scenario is about the picture), then the MediaPackage v2 settings that must fail:
    /// - `steady`, and origin-failover's three paths (`source-loss-primary-pipeline`,
    ///   `source-loss-both-regions`, `primary-region-down`) and `pipeline-crash-primary-region`:
    ///   MediaPackage v2 switches inputs itself, so a lost or crashed pipeline, in one Region or both,
    ///   changes nothing a viewer's requests reach;
    /// - `stale-primary-region`: both pipelines of the primary Region crash, so its playlists (MediaStore)
    ///   or its manifest (MediaPackage v2) go stale: the lifecycle rule deletes them, or `STALE_MANIFEST`
    ///   answers 404;
    /// - `incomplete-manifest-primary-pipeline`: the primary Region's pipeline 0 writes only its first
    ///   output (`INCOMPLETE_MANIFEST`);
    /// - `slate-primary-region`: both pipelines of the primary Region on slate (`SLATE_INPUT`);
    /// - `degraded-primary-pipeline` (media-quality selection): pipeline 0 of the primary Region shows
    ///   frozen frames, and MQCS input switching takes pipeline 1's;
    /// - `degraded-primary-region` (default and media-quality selection): both pipelines of the
    ///   primary Region do, and only media-quality selection prefers the backup Region;
    /// - `slate-both-regions` (media-quality selection): every pipeline on slate, which the backup
    ///   Region serves as it is;
    /// - negative cases: `stale-primary-region-force-error-on-neither` (the stale manifest is served:
    ///   the player stalls), `primary-region-down-without-503-504` (a group failing over on 404 only
    ///   passes the outage's 504 on) and `slate-both-regions-force-error-on-both` (media-quality
    ///   selection with a backup that forces errors too: every copy answers 404).
    ///
    /// Times are the catalogue's: a fault at 30 s, a recovery at 90 s, 130 s in all.
    pub fn origin_comparison() -> Vec<Scenario> {
        let recommended =
            |media_quality| OriginKind::MediaPackageV2(MediaPackageSettings::recommended(media_quality));
        let media_package = recommended(false);
        let mqar = recommended(true);
        let base = |name: &str, origin: &OriginKind, expect, faults: Vec<Change>, recoveries: Vec<Change>| {
            Scenario {
                name: name.to_owned(),
                origin: origin.clone(),
                edge_timeouts: EdgeTimeouts::Recommended,
                lifecycle: true,
                audio_group: false,
                fault_at: secs(30),
                faults,
                recover_at: Some(secs(90)),
                recoveries,
                duration: secs(130),
                expect,
                stall_tolerance: Duration::ZERO,
            }
        };
        let pipelines = |sites: &[Site], pipelines: &[Pipeline], state: PipelineState| -> Vec<Change> {
            sites
                .iter()
                .flat_map(|&site| {
                    pipelines.iter().map(move |&pipeline| Change::Pipeline {
                        site,
                        pipeline,
                        state,
                    })
                })
                .collect()
        };
        let primary_region = |state| pipelines(&[Site::Primary], &Pipeline::BOTH, state);
        let recovered = primary_region(PipelineState::Running);
        use ViewerOutcome::{SeamlessAtEdge, Unaffected};
        let store = OriginKind::MediaStore;
        let mut all = Vec::new();
        // The catalogue's steady run, the recipe's paths and the crashed pipeline, on both kinds.
        const CRASH: &str = "pipeline-crash-primary-region";
        for scenario in Self::catalogue().into_iter().filter(|s| {
            s.edge_timeouts == EdgeTimeouts::Recommended
                && (s.name == "steady"
                    || s.name == CRASH
                    || FailoverPath::ALL.iter().any(|p| p.name() == s.name))
        }) {
            // The steady run and the crash lose no MediaPackage input for good: unaffected.
            let on_media_package =
                Expect::Viewer(scenario.name.parse::<FailoverPath>().map_or(Unaffected, |path| {
                    path.viewer_outcome_on(origin_failover::origin_kind::OriginKind::MediaPackageV2)
                }));
            all.push(Scenario {
                origin: media_package.clone(),
                expect: on_media_package,
                stall_tolerance: Duration::ZERO,
                ..scenario.clone()
            });
            all.push(scenario);
        }
        // Both stale paths sit close to the buffer (see the crash scenario of the catalogue): one drill
        // second of tolerance keeps scheduling noise from failing them; the margin is the finding.
        let stale = |origin: &OriginKind, expect| Scenario {
            stall_tolerance: Self::TIMING_TOLERANCE,
            ..base(
                "stale-primary-region",
                origin,
                expect,
                primary_region(PipelineState::Crashed),
                recovered.clone(),
            )
        };
        all.push(stale(&store, Expect::Viewer(SeamlessAtEdge)));
        all.push(stale(&media_package, Expect::Viewer(SeamlessAtEdge)));
        let incomplete = |origin: &OriginKind, expect| {
            base(
                "incomplete-manifest-primary-pipeline",
                origin,
                expect,
                pipelines(&[Site::Primary], &[Pipeline::Primary], PipelineState::Incomplete),
                pipelines(&[Site::Primary], &[Pipeline::Primary], PipelineState::Running),
            )
        };
        all.push(incomplete(&store, Expect::Viewer(Unaffected)));
        all.push(incomplete(&media_package, Expect::Viewer(SeamlessAtEdge)));
        let slate = |origin: &OriginKind, expect| {
            base(
                "slate-primary-region",
                origin,
                expect,
                primary_region(PipelineState::Slate),
                recovered.clone(),
            )
        };
        all.push(slate(&store, Expect::PictureImpaired));
        all.push(slate(&media_package, Expect::Viewer(SeamlessAtEdge)));
        let degraded_pipeline = |origin: &OriginKind, expect| {
            base(
                "degraded-primary-pipeline",
                origin,
                expect,
                pipelines(&[Site::Primary], &[Pipeline::Primary], PipelineState::Degraded),
                pipelines(&[Site::Primary], &[Pipeline::Primary], PipelineState::Running),
            )
        };
        all.push(degraded_pipeline(&store, Expect::PictureImpaired));
        all.push(degraded_pipeline(&mqar, Expect::Viewer(Unaffected)));
        let degraded_region = |origin: &OriginKind, expect| {
            base(
                "degraded-primary-region",
                origin,
                expect,
                primary_region(PipelineState::Degraded),
                recovered.clone(),
            )
        };
        all.push(degraded_region(&store, Expect::PictureImpaired));
        all.push(degraded_region(&media_package, Expect::PictureImpaired));
        all.push(degraded_region(&mqar, Expect::Viewer(SeamlessAtEdge)));
        let everywhere = |state| pipelines(&Site::BOTH, &Pipeline::BOTH, state);
        let slate_everywhere = |name: &str, origin: &OriginKind, expect| {
            base(
                name,
                origin,
                expect,
                everywhere(PipelineState::Slate),
                everywhere(PipelineState::Running),
            )
        };
        all.push(slate_everywhere(
            "slate-both-regions",
            &store,
            Expect::PictureImpaired,
        ));
        all.push(slate_everywhere(
            "slate-both-regions",
            &mqar,
            Expect::PictureImpaired,
        ));
        // What must fail.
        let with = |force_error, failover_status_codes: Option<Vec<u16>>, media_quality| {
            OriginKind::MediaPackageV2(MediaPackageSettings {
                media_quality,
                force_error,
                failover_status_codes,
            })
        };
        all.push(Scenario {
            name: "stale-primary-region-force-error-on-neither".to_owned(),
            ..stale(
                &with(ForceErrorOn::Neither, None, false),
                Expect::StallWithoutFailover,
            )
        });
        let (down, up) = staged(FailoverPath::PrimaryRegionDown.failure());
        all.push(base(
            "primary-region-down-without-503-504",
            &with(ForceErrorOn::Primary, Some(vec![404]), false),
            Expect::StallUntilRecovery,
            down,
            up,
        ));
        all.push(slate_everywhere(
            "slate-both-regions-force-error-on-both",
            &with(ForceErrorOn::Both, None, true),
            Expect::StallUntilRecovery,
        ));
        all
    }

    /// The scenario of [`Scenario::origin_comparison`] with this name on origins labelled `origin`
    /// ([`OriginKind::label`]).
    pub fn compared(name: &str, origin: &str) -> Option<Scenario> {
        Self::origin_comparison()
            .into_iter()
            .find(|s| s.name == name && s.origin.label() == origin)
    }

    /// The same scenario with its times (fault, recovery, duration) scaled by `numerator /
    /// denominator`: the catalogue's times suit 6 s segments, so 2 s segments take a third of them.
    pub fn scaled(&self, numerator: u32, denominator: u32) -> Scenario {
        let scale = |d: Duration| d.saturating_mul(numerator) / denominator.max(1);
        Scenario {
            fault_at: scale(self.fault_at),
            recover_at: self.recover_at.map(scale),
            duration: scale(self.duration),
            ..self.clone()
        }
    }

    /// Finds a scenario of the catalogue by name and edge timeouts.
    pub fn named(name: &str, edge_timeouts: EdgeTimeouts) -> Option<Scenario> {
        Self::catalogue()
            .into_iter()
            .find(|s| s.name == name && s.edge_timeouts == edge_timeouts)
    }

    /// Runs the scenario on a fresh deployment built from `settings` (its edge timeouts replaced by
    /// the scenario's) and measures it. Everything started is shut down before this returns.
    pub async fn run(&self, settings: &DrillSettings, clock: &DrillClock) -> Result<Row, Error> {
        let deployment = LocalDeployment::start(self.settings_for(settings), clock.clone()).await?;
        clock.sleep(deployment.warm_up()).await;
        let player = Player::start(
            deployment.edge().addr(),
            deployment.settings().player.clone(),
            deployment.epoch(),
            deployment.settings().media.clone(),
            clock.clone(),
        );
        let t0 = clock.elapsed();
        self.play_faults(&deployment, clock, t0).await;
        let log = player.stop().await;
        let fetches = deployment.edge().fetches();
        let ids = deployment.edge().origin_ids().map(str::to_owned);
        let row = self.measure(deployment.settings(), t0, &ids, &log, &fetches);
        deployment.shutdown().await;
        Ok(row)
    }

    /// `settings` with what the scenario decides: its edge timeouts, its audio layout, and no lifecycle
    /// policy where it runs without one.
    pub(crate) fn settings_for(&self, settings: &DrillSettings) -> DrillSettings {
        let mut settings = settings.clone();
        settings.edge_timeouts = self.edge_timeouts;
        settings.audio_group = self.audio_group;
        settings.origin = self.origin.clone();
        if !self.lifecycle {
            settings.lifecycle_factor = None;
        }
        settings
    }

    /// Applies the faults and the recoveries at their times after `t0` (drill time since the clock's
    /// start, when the player started), and returns at the end of the scenario.
    pub(crate) async fn play_faults(&self, deployment: &LocalDeployment, clock: &DrillClock, t0: Duration) {
        clock.sleep_until(clock.at(t0 + self.fault_at)).await;
        for change in &self.faults {
            apply(deployment, *change);
        }
        if let Some(recover_at) = self.recover_at {
            clock.sleep_until(clock.at(t0 + recover_at)).await;
            for change in &self.recoveries {
                apply(deployment, *change);
            }
        }
        clock.sleep_until(clock.at(t0 + self.duration)).await;
    }

    fn measure(
        &self,
        settings: &DrillSettings,
        t0: Duration,
        ids: &[String; 2],
        log: &PlayerLog,
        fetches: &[OriginFetch],
    ) -> Row {
        let fault_at = t0 + self.fault_at;
        let recover_at = self.recover_at.map(|r| t0 + r);
        let answered = |r: &&crate::player::PlayerRequest| r.status == Some(200);
        let time_to_failover = log
            .requests
            .iter()
            .filter(answered)
            .filter(|r| r.at >= fault_at)
            .find(|r| r.pathway != 0 || r.served_by.as_deref() != Some(ids[0].as_str()))
            .map(|r| (r.at + r.took).saturating_sub(fault_at));
        let time_to_failback = match (recover_at, time_to_failover) {
            (Some(recover_at), Some(_)) => log
                .requests
                .iter()
                .filter(answered)
                .filter(|r| r.at >= recover_at && !r.cache_hit)
                .find(|r| r.pathway == 0 && r.served_by.as_deref() == Some(ids[0].as_str()))
                .map(|r| (r.at + r.took).saturating_sub(recover_at)),
            _ => None,
        };
        let mut requests_by_origin = BTreeMap::new();
        for request in &log.requests {
            if let Some(origin) = &request.served_by {
                *requests_by_origin.entry(origin.clone()).or_insert(0) += 1;
            }
        }
        let mut origin_fetches = BTreeMap::new();
        origin_fetches.insert(ids[0].clone(), u32::try_from(fetches.len()).unwrap_or(u32::MAX));
        origin_fetches.insert(
            ids[1].clone(),
            u32::try_from(
                fetches
                    .iter()
                    .filter(|f| f.backup.is_some() || f.backup_head.is_some())
                    .count(),
            )
            .unwrap_or(u32::MAX),
        );
        let budget = self.budget_fault().map(|fault| {
            budget_comparison(
                settings,
                fault,
                fault_at,
                recover_at.unwrap_or(t0 + self.duration),
                log,
                fetches,
            )
        });
        Row {
            scenario: self.name.clone(),
            origin: self.origin.label().to_owned(),
            origin_ids: ids.clone(),
            edge_timeouts: self.edge_timeouts,
            stall: log.stall_time(),
            stalls: log
                .stalls
                .iter()
                .map(|s| Stall {
                    start: s.start.saturating_sub(t0),
                    end: s.end.saturating_sub(t0),
                })
                .collect(),
            player_errors: log.errors().count(),
            time_to_failover,
            time_to_failback,
            requests_by_origin,
            origin_fetches,
            segments_by_pathway: log.segments_by_pathway.clone(),
            ended: log.ended.is_some(),
            media_mismatches: log.media_mismatches,
            skipped: log.skipped,
            impaired_segments: log.impaired_segments,
            budget,
        }
    }

    /// Checks `row` against what the scenario must show; every problem found, or `Ok`.
    ///
    /// Timing tolerances: drill timers never fire early, and fire late by the machine's scheduling
    /// latency times the clock speed (50 ms late at 20x is 1 s of drill time). So measured delays are
    /// checked as at least the prediction and at most [`Scenario::TIMING_TOLERANCE`] plus a quarter over
    /// it. Zero-stall checks need no tolerance: the buffer (12 to 18 s of drill time) is far larger
    /// than any lateness, so a stall there is a real finding.
    pub fn check(&self, row: &Row) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let mut expect = |ok: bool, what: String| {
            if !ok {
                problems.push(what);
            }
        };
        expect(
            row.media_mismatches == 0,
            format!(
                "{} segments were not the media their number names",
                row.media_mismatches
            ),
        );
        let stall = crate::report::as_seconds(row.stall);
        let quiet = |expect: &mut dyn FnMut(bool, String)| {
            expect(
                row.stall <= self.stall_tolerance,
                format!(
                    "stalled {stall} s, expected no stall (tolerance {:?})",
                    self.stall_tolerance
                ),
            );
            expect(
                row.skipped.is_zero(),
                format!("skipped {:?} of media, expected none", row.skipped),
            );
        };
        let clear_picture = |expect: &mut dyn FnMut(bool, String)| {
            expect(
                row.impaired_segments == 0,
                format!(
                    "{} segments showed a degraded or slate picture, expected none",
                    row.impaired_segments
                ),
            );
        };
        match self.expect {
            Expect::Viewer(ViewerOutcome::Unaffected) => {
                quiet(&mut expect);
                clear_picture(&mut expect);
                expect(
                    row.player_errors == 0,
                    format!("{} player errors, expected none", row.player_errors),
                );
                expect(
                    row.time_to_failover.is_none(),
                    format!(
                        "failed over after {:?}, expected no failover",
                        row.time_to_failover
                    ),
                );
                expect(
                    row.requests_by_origin.len() == 1,
                    format!(
                        "served by {:?}, expected the primary only",
                        row.requests_by_origin
                    ),
                );
            }
            Expect::Viewer(ViewerOutcome::SeamlessAtEdge) => {
                quiet(&mut expect);
                clear_picture(&mut expect);
                expect(
                    row.player_errors == 0,
                    format!(
                        "{} player errors, expected none (the edge fails over)",
                        row.player_errors
                    ),
                );
                expect(
                    row.time_to_failover.is_some(),
                    "no request was served by the backup origin".to_owned(),
                );
                expect(
                    self.recover_at.is_none() || row.time_to_failback.is_some(),
                    "the primary origin served nothing after the recovery".to_owned(),
                );
                expect(
                    row.segments_by_pathway.iter().skip(1).all(|&n| n == 0),
                    "the player left the first copy".to_owned(),
                );
            }
            Expect::Viewer(ViewerOutcome::SeamlessInPlayer) => {
                quiet(&mut expect);
                expect(
                    row.player_errors > 0,
                    "the player saw no error, expected the 404 that moves it".to_owned(),
                );
                expect(
                    row.segments_by_pathway.get(1).is_some_and(|&n| n > 0),
                    "the player never used the other copy".to_owned(),
                );
                expect(
                    row.time_to_failback.is_none(),
                    "the player went back to the first copy; hls.js does not".to_owned(),
                );
            }
            Expect::BudgetStall => {
                expect(
                    !row.stall.is_zero(),
                    "no stall, expected the one the budget predicts".to_owned(),
                );
                match &row.budget {
                    None => expect(false, "no budget comparison".to_owned()),
                    Some(budget) => {
                        expect(
                            !budget.predicted_verdict.starts_with("seamless"),
                            format!("the budget predicts {}", budget.predicted_verdict),
                        );
                        let within = |measured: Duration, predicted: Duration| {
                            measured + Self::TIMING_TOLERANCE >= predicted
                                && measured <= predicted + predicted / 4 + Self::TIMING_TOLERANCE
                        };
                        expect(
                            budget
                                .measured_delay_per_request
                                .is_some_and(|m| within(m, budget.predicted_delay_per_request)),
                            format!(
                                "failover took {:?} per request, predicted {:?}",
                                budget.measured_delay_per_request, budget.predicted_delay_per_request
                            ),
                        );
                        expect(
                            budget
                                .measured_lag_per_segment
                                .is_some_and(|m| within(m, budget.predicted_lag_per_segment)),
                            format!(
                                "segments lagged {:?} each, predicted {:?}",
                                budget.measured_lag_per_segment, budget.predicted_lag_per_segment
                            ),
                        );
                    }
                }
            }
            Expect::Ends => {
                quiet(&mut expect);
                expect(row.ended, "playback did not end at the ENDLIST".to_owned());
                expect(
                    row.player_errors == 0,
                    format!("{} player errors, expected none", row.player_errors),
                );
            }
            Expect::StallWithoutFailover => {
                expect(
                    !row.stall.is_zero(),
                    "no stall, expected the stale playlist to stall the player".to_owned(),
                );
                expect(
                    row.time_to_failover.is_none(),
                    format!(
                        "failed over after {:?}, expected no failover",
                        row.time_to_failover
                    ),
                );
            }
            Expect::PictureImpaired => {
                quiet(&mut expect);
                expect(
                    row.player_errors == 0,
                    format!("{} player errors, expected none", row.player_errors),
                );
                expect(
                    row.impaired_segments > 0,
                    "every segment showed the programme, expected a degraded or slate picture".to_owned(),
                );
            }
            Expect::StallUntilRecovery => {
                expect(
                    !row.stall.is_zero(),
                    "no stall, expected the outage to outlast the buffer".to_owned(),
                );
                expect(
                    row.player_errors > 0,
                    "no player error, expected every copy to fail".to_owned(),
                );
                expect(
                    row.stalls
                        .last()
                        .is_some_and(|s| s.end + Self::TIMING_TOLERANCE < self.duration),
                    format!(
                        "playback did not resume after the recovery (stalls {:?})",
                        row.stalls
                    ),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The absolute slack allowed on a measured delay: a second of drill time.
    pub const TIMING_TOLERANCE: Duration = Duration::from_secs(1);

    /// The fault of `origin-failover`'s budget this scenario rehearses, with the outcome the edge sees
    /// from the primary: an unreachable primary Region (connection timeouts) or a slow one (read
    /// timeouts).
    fn budget_fault(&self) -> Option<(BudgetFault, OriginOutcome)> {
        self.faults.iter().find_map(|change| match change {
            Change::Origin {
                site: Site::Primary,
                health: OriginHealth::Unreachable,
            } => Some((BudgetFault::Down, OriginOutcome::ConnectTimeout)),
            Change::Origin {
                site: Site::Primary,
                health: OriginHealth::Slow,
            } => Some((BudgetFault::Slow, OriginOutcome::ReadTimeout)),
            _ => None,
        })
    }
}

fn apply(deployment: &LocalDeployment, change: Change) {
    match change {
        Change::Pipeline {
            site,
            pipeline,
            state,
        } => deployment.set_pipeline(site, pipeline, state),
        Change::Origin { site, health } => deployment.set_origin(site, health),
    }
}

/// The budget's prediction for `fault` next to the measure over `[from, to)`.
fn budget_comparison(
    settings: &DrillSettings,
    (fault, outcome): (BudgetFault, OriginOutcome),
    from: Duration,
    to: Duration,
    log: &PlayerLog,
    fetches: &[OriginFetch],
) -> BudgetComparison {
    let timeouts = settings.timeouts();
    let budget = settings.budget(timeouts);
    let predicted = budget.faults().iter().find(|f| f.fault == fault);
    let predicted_delay_per_request = predicted.map_or(Duration::ZERO, |f| f.delay_per_request.to_duration());
    let predicted_verdict = predicted.map_or_else(String::new, |f| f.verdict.to_string());
    let waits: Vec<Duration> = fetches
        .iter()
        .filter(|f| f.at >= from && f.at < to && f.primary == outcome && f.backup.is_some())
        .map(|f| f.failover_wait)
        .collect();
    let measured_delay_per_request = (!waits.is_empty())
        .then(|| waits.iter().sum::<Duration>() / u32::try_from(waits.len()).unwrap_or(u32::MAX));
    let in_window: Vec<_> = log
        .requests
        .iter()
        .filter(|r| r.at >= from && r.at < to)
        .collect();
    let segment_ends: Vec<Duration> = in_window
        .iter()
        .filter(|r| r.kind == RequestKind::Segment && r.status == Some(200))
        .map(|r| r.at + r.took)
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let measured_requests_per_segment = if segment_ends.is_empty() {
        0.0
    } else {
        in_window.len() as f64 / segment_ends.len() as f64
    };
    let segment = settings.cadence.duration().to_duration();
    let measured_lag_per_segment = (segment_ends.len() >= 2).then(|| {
        let span = segment_ends[segment_ends.len() - 1].saturating_sub(segment_ends[0]);
        (span / u32::try_from(segment_ends.len() - 1).unwrap_or(u32::MAX)).saturating_sub(segment)
    });
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rate = measured_requests_per_segment.round().max(1.0) as u32;
    let at_rate = settings.budget_for(timeouts, settings.budget_player().with_requests_per_segment(rate));
    let predicted_lag_per_segment =
        at_rate
            .faults()
            .iter()
            .find(|f| f.fault == fault)
            .map_or(Duration::ZERO, |f| match f.verdict {
                Verdict::Stall {
                    seconds,
                    recurring: true,
                } => seconds.to_duration(),
                _ => Duration::ZERO,
            });
    BudgetComparison {
        fault: fault.to_string(),
        predicted_delay_per_request,
        measured_delay_per_request,
        predicted_verdict,
        measured_requests_per_segment,
        predicted_lag_per_segment,
        measured_lag_per_segment,
    }
}
