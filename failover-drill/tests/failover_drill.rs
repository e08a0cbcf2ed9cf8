//! The drill's parts against their contracts, then every scenario of the catalogue with its
//! expectations. Every server binds 127.0.0.1 and is shut down by the test that started it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use failover_drill::deployment::{ACCOUNT, MEDIALIVE_ROLE, PATH};
use failover_drill::edge::{CACHE_HEADER, Edge, SERVED_BY_HEADER};
use failover_drill::media::SegmentBodies;
use failover_drill::origin::{FORWARDED_PROTO_HEADER, Origin, OriginHealth, PRINCIPAL_HEADER, REGION_HEADER};
use failover_drill::pipeline::{Channel, ChannelConfig, Ingest, PipelineState};
use failover_drill::{DrillClock, DrillSettings, EdgeTimeouts, Expect, Report, Scenario};
use hls_epoch::{Cadence, EpochClock, FrameRate, SegmentName};
use medialive_template::Pipeline;
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{ContainerArn, LifecyclePolicy, RecipePolicy, UserAgentSecret};
use origin_failover::origin_group::{Method, OriginOutcome, cost};
use origin_failover::{LiveDistribution, LiveOrigin, OriginTimeouts};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[path = "failover_drill/scenarios.rs"]
mod scenarios;

#[path = "failover_drill/origin_comparison.rs"]
mod origin_comparison;

const SECRET: &str = "drill-Q7mK2vX9pL4tR8wZ3nB6";

fn cadence() -> Cadence {
    Cadence::from_medialive_segment_length(6, FrameRate::FPS_30).unwrap()
}

/// A clock starting now at a fixed drill instant.
fn clock(speed: u32) -> DrillClock {
    DrillClock::new(
        "2026-11-24T22:00:00Z".parse().unwrap(),
        tokio::time::Instant::now(),
        speed,
    )
    .unwrap()
}

fn container(region: &str, name: &str) -> ContainerArn {
    format!("arn:aws:mediastore:{region}:{ACCOUNT}:container/{name}")
        .parse()
        .unwrap()
}

async fn origin(region: &str, name: &str, lifecycle: bool, clock: &DrillClock) -> Origin {
    let lifecycle = lifecycle.then(|| {
        LifecyclePolicy::stale_manifests(cadence(), Factor::RECIPE, PATH, &["primary", "backup"]).unwrap()
    });
    origin_with(region, name, lifecycle, clock).await
}

/// An origin enforcing the recipe's container policy and, when given, `lifecycle`.
async fn origin_with(
    region: &str,
    name: &str,
    lifecycle: Option<LifecyclePolicy>,
    clock: &DrillClock,
) -> Origin {
    let container = container(region, name);
    let secret = UserAgentSecret::new(SECRET).unwrap();
    let policy = RecipePolicy::builder()
        .container(container.clone())
        .secret(secret)
        .build()
        .to_policy();
    Origin::start(container, policy, lifecycle, clock.clone())
        .await
        .unwrap()
}

/// A raw HTTP/1.1 exchange: the status, the headers (lowercase names) and the body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: drill\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// A write as MediaLive makes it: signed by its role, over TLS.
async fn put(origin: &Origin, key: &str, body: &str, cache_control: Option<&str>) -> u16 {
    let mut headers = vec![
        (PRINCIPAL_HEADER, MEDIALIVE_ROLE),
        (FORWARDED_PROTO_HEADER, "https"),
    ];
    if let Some(cache) = cache_control {
        headers.push(("cache-control", cache));
    }
    send(origin.addr(), "PUT", &format!("/{key}"), &headers, body)
        .await
        .status
}

/// A read as CloudFront makes it: anonymous, the secret `User-Agent`, over TLS.
async fn cdn_get(origin: &Origin, key: &str) -> Answer {
    let headers = [("user-agent", SECRET), (FORWARDED_PROTO_HEADER, "https")];
    send(origin.addr(), "GET", &format!("/{key}"), &headers, "").await
}

mod origin {
    use super::*;

    #[tokio::test]
    async fn only_the_cdn_reads_and_only_medialive_writes() {
        let clock = clock(20);
        let origin = origin("us-east-1", "demoeast", true, &clock).await;
        assert_eq!(put(&origin, "demo/index.m3u8", "#EXTM3U\n", None).await, 200);
        let anonymous_put = send(
            origin.addr(),
            "PUT",
            "/demo/index.m3u8",
            &[(FORWARDED_PROTO_HEADER, "https")],
            "x",
        )
        .await;
        assert_eq!(anonymous_put.status, 403);
        let plain_put = send(
            origin.addr(),
            "PUT",
            "/demo/x.ts",
            &[(PRINCIPAL_HEADER, MEDIALIVE_ROLE)],
            "x",
        )
        .await;
        assert_eq!(plain_put.status, 403, "writes need TLS too");
        let other_account = [
            (PRINCIPAL_HEADER, "arn:aws:iam::999988887777:role/x"),
            (FORWARDED_PROTO_HEADER, "https"),
        ];
        assert_eq!(
            send(origin.addr(), "PUT", "/demo/x.ts", &other_account, "x")
                .await
                .status,
            403
        );

        let read = cdn_get(&origin, "demo/index.m3u8").await;
        assert_eq!((read.status, read.body.as_str()), (200, "#EXTM3U\n"));
        assert_eq!(read.header(REGION_HEADER), Some("us-east-1"));
        let no_tls = send(
            origin.addr(),
            "GET",
            "/demo/index.m3u8",
            &[("user-agent", SECRET)],
            "",
        )
        .await;
        assert_eq!(no_tls.status, 403);
        let wrong_agent = [("user-agent", "curl/8.5.0"), (FORWARDED_PROTO_HEADER, "https")];
        assert_eq!(
            send(origin.addr(), "GET", "/demo/index.m3u8", &wrong_agent, "")
                .await
                .status,
            403
        );
        assert_eq!(cdn_get(&origin, "demo/missing.m3u8").await.status, 404);
        let counters = origin.counters();
        assert_eq!((counters.denied, counters.writes, counters.reads), (5, 4, 4));
        origin.shutdown().await;
    }

    #[tokio::test]
    async fn lifecycle_expires_stale_rendition_playlists_by_the_drill_clock() {
        // At 5x, the 2 s margins below are 400 ms of real time: far more than scheduling lateness.
        let clock = clock(5);
        let origin = origin("us-east-1", "demoeast", true, &clock).await;
        let written = clock.elapsed();
        assert_eq!(
            put(&origin, "demo/primary_720p30.m3u8", "#EXTM3U\n", None).await,
            200
        );
        assert_eq!(
            put(&origin, "demo/primary_720p30_00001.ts", "media", None).await,
            200
        );
        assert_eq!(put(&origin, "demo/index.m3u8", "#EXTM3U\n", None).await, 200);
        // The recipe's rule is "> 10 s": still served at 9 s, gone from 11 s.
        clock
            .sleep_until(clock.at(written + Duration::from_secs(9)))
            .await;
        assert!(origin.has("demo/primary_720p30.m3u8"));
        clock
            .sleep_until(clock.at(written + Duration::from_secs(13)))
            .await;
        assert_eq!(cdn_get(&origin, "demo/primary_720p30.m3u8").await.status, 404);
        assert_eq!(
            cdn_get(&origin, "demo/primary_720p30_00001.ts").await.status,
            200,
            "segments are not transient"
        );
        assert_eq!(
            cdn_get(&origin, "demo/index.m3u8").await.status,
            200,
            "the static manifest is not transient"
        );
        assert_eq!(origin.counters().expired, 1);
        origin.shutdown().await;
    }

    #[tokio::test]
    async fn enforces_a_real_world_lifecycle_document() {
        // At 10x, the 2 s margins below are 200 ms of real time.
        let clock = clock(10);
        let text = include_str!("fixtures/lifecycle-expire-seconds.json");
        let lifecycle = LifecyclePolicy::parse(text).unwrap();
        let origin = origin_with("us-east-1", "demoeast", Some(lifecycle), &clock).await;
        let written = clock.elapsed();
        assert_eq!(put(&origin, "Football/live.m3u8", "#EXTM3U\n", None).await, 200);
        assert_eq!(
            put(&origin, "demo/primary_720p30.m3u8", "#EXTM3U\n", None).await,
            200
        );
        // "> 20": served at 18 s, gone from 21 s; other paths are not matched by the rule.
        clock
            .sleep_until(clock.at(written + Duration::from_secs(18)))
            .await;
        assert_eq!(cdn_get(&origin, "Football/live.m3u8").await.status, 200);
        clock
            .sleep_until(clock.at(written + Duration::from_secs(23)))
            .await;
        assert_eq!(cdn_get(&origin, "Football/live.m3u8").await.status, 404);
        assert_eq!(cdn_get(&origin, "demo/primary_720p30.m3u8").await.status, 200);
        origin.shutdown().await;
    }

    #[tokio::test]
    async fn failing_and_refusing_origins() {
        let clock = clock(20);
        let origin = origin("us-west-2", "demowest", false, &clock).await;
        assert_eq!(put(&origin, "demo/index.m3u8", "#EXTM3U\n", None).await, 200);
        origin.set_health(OriginHealth::Failing(503));
        assert_eq!(cdn_get(&origin, "demo/index.m3u8").await.status, 503);
        origin.set_health(OriginHealth::Refusing);
        let mut stream = TcpStream::connect(origin.addr()).await.unwrap();
        let _ = stream
            .write_all(b"GET /demo/index.m3u8 HTTP/1.1\r\nhost: x\r\n\r\n")
            .await;
        let mut buf = Vec::new();
        let read = stream.read_to_end(&mut buf).await;
        assert!(
            read.is_err() || buf.is_empty(),
            "a refusing origin answers nothing"
        );
        origin.set_health(OriginHealth::Serving);
        assert_eq!(cdn_get(&origin, "demo/index.m3u8").await.status, 200);
        origin.shutdown().await;
    }
}

mod edge {
    use super::*;

    fn distribution(timeouts: OriginTimeouts) -> LiveDistribution {
        let secret = UserAgentSecret::new(SECRET).unwrap();
        let member = |id: &str, region: &str| {
            LiveOrigin::new(
                id,
                format!("https://{id}.data.mediastore.{region}.amazonaws.com")
                    .parse()
                    .unwrap(),
                secret.clone(),
            )
            .unwrap()
            .with_timeouts(timeouts)
        };
        LiveDistribution::new(
            "drill-test",
            member("east", "us-east-1"),
            member("west", "us-west-2"),
        )
        .unwrap()
        .with_split_behaviors(cadence())
    }

    async fn get(edge: &Edge, key: &str) -> Answer {
        send(edge.addr(), "GET", &format!("/{key}"), &[], "").await
    }

    const HIT: &str = "Hit from cloudfront";
    const MISS: &str = "Miss from cloudfront";

    /// What the edge says about its cache (`X-Cache`) when asked for `key`.
    async fn cache_answer(edge: &Edge, key: &str) -> Option<String> {
        get(edge, key).await.header(CACHE_HEADER).map(str::to_owned)
    }

    #[tokio::test]
    async fn fails_over_per_request_and_never_sticks() {
        let clock = clock(20);
        let east = origin("us-east-1", "demoeast", false, &clock).await;
        let west = origin("us-west-2", "demowest", false, &clock).await;
        let edge = Edge::start(
            &distribution(OriginTimeouts::new(2, 1, 2, None).unwrap()),
            east.link(),
            west.link(),
            clock.clone(),
        )
        .await
        .unwrap();
        assert_eq!(put(&west, "demo/a_00001.ts", "media_a 1\n", None).await, 200);
        assert_eq!(put(&east, "demo/a_00002.ts", "media_a 2\n", None).await, 200);
        assert_eq!(put(&west, "demo/a_00002.ts", "media_a 2\n", None).await, 200);

        let only_west = get(&edge, "demo/a_00001.ts").await;
        assert_eq!(
            (only_west.status, only_west.header(SERVED_BY_HEADER)),
            (200, Some("west"))
        );
        // The next request asks the primary first again: a failover is never remembered.
        let both = get(&edge, "demo/a_00002.ts").await;
        assert_eq!((both.status, both.header(SERVED_BY_HEADER)), (200, Some("east")));
        let nowhere = get(&edge, "demo/a_00003.ts").await;
        assert_eq!(
            (nowhere.status, nowhere.header(SERVED_BY_HEADER)),
            (404, Some("west"))
        );

        let fetches = edge.fetches();
        assert_eq!(fetches.len(), 3);
        assert_eq!(
            (fetches[0].primary, fetches[0].backup),
            (OriginOutcome::Status(404), Some(OriginOutcome::Status(200)))
        );
        assert_eq!(
            (fetches[1].primary, fetches[1].backup),
            (OriginOutcome::Status(200), None)
        );
        assert_eq!(
            (fetches[2].primary, fetches[2].backup),
            (OriginOutcome::Status(404), Some(OriginOutcome::Status(404)))
        );
        let json = serde_json::to_value(&fetches[0]).unwrap();
        assert_eq!(
            json["primary"],
            serde_json::json!({"kind": "status", "status": 404})
        );
        assert_eq!(
            json["backup"],
            serde_json::json!({"kind": "status", "status": 200})
        );
        assert_eq!(
            serde_json::to_value(&fetches[1]).unwrap()["backup"],
            serde_json::Value::Null
        );
        // Segments stay cached: the same request again is a hit and asks nobody.
        let again = get(&edge, "demo/a_00001.ts").await;
        assert_eq!(
            (again.header(CACHE_HEADER), again.header(SERVED_BY_HEADER)),
            (Some(HIT), Some("west"))
        );
        assert_eq!(edge.fetches().len(), 3);
        edge.shutdown().await;
        east.shutdown().await;
        west.shutdown().await;
    }

    #[tokio::test]
    async fn caches_by_the_origin_cache_headers_within_the_behaviour() {
        const SHORT: &str = "demo/short.m3u8";
        const LONG: &str = "demo/long.m3u8";
        // At 5x, one drill second is 200 ms of real time.
        let clock = clock(5);
        let east = origin("us-east-1", "demoeast", false, &clock).await;
        let west = origin("us-west-2", "demowest", false, &clock).await;
        let edge = Edge::start(
            &distribution(OriginTimeouts::default()),
            east.link(),
            west.link(),
            clock.clone(),
        )
        .await
        .unwrap();
        assert_eq!(put(&east, SHORT, "#EXTM3U\n", Some("max-age=2")).await, 200);
        assert_eq!(put(&east, LONG, "#EXTM3U\n", Some("max-age=600")).await, 200);
        let first = clock.elapsed();
        for (key, expected) in [(SHORT, MISS), (SHORT, HIT), (LONG, MISS)] {
            assert_eq!(cache_answer(&edge, key).await.as_deref(), Some(expected), "{key}");
        }
        // max-age=2 expires at 2 s; max-age=600 is capped by the playlist behaviour's MaxTTL (7 s for 6 s segments).
        clock.sleep_until(clock.at(first + Duration::from_secs(4))).await;
        for (key, expected) in [(SHORT, MISS), (LONG, HIT)] {
            assert_eq!(cache_answer(&edge, key).await.as_deref(), Some(expected), "{key}");
        }
        clock.sleep_until(clock.at(first + Duration::from_secs(9))).await;
        assert_eq!(cache_answer(&edge, LONG).await.as_deref(), Some(MISS));
        edge.shutdown().await;
        east.shutdown().await;
        west.shutdown().await;
    }

    #[tokio::test]
    async fn an_unreachable_primary_costs_what_the_decision_model_says() {
        let clock = clock(20);
        let east = origin("us-east-1", "demoeast", false, &clock).await;
        let west = origin("us-west-2", "demowest", false, &clock).await;
        let timeouts = OriginTimeouts::new(2, 3, 4, None).unwrap();
        let edge = Edge::start(&distribution(timeouts), east.link(), west.link(), clock.clone())
            .await
            .unwrap();
        assert_eq!(put(&west, "demo/a_00001.ts", "media_a 1\n", None).await, 200);
        east.set_health(OriginHealth::Unreachable);
        let answer = get(&edge, "demo/a_00001.ts").await;
        assert_eq!(
            (answer.status, answer.header(SERVED_BY_HEADER)),
            (200, Some("west"))
        );
        let fetch = &edge.fetches()[0];
        assert_eq!(fetch.primary, OriginOutcome::ConnectTimeout);
        let predicted = cost(timeouts, &Method::Get, OriginOutcome::ConnectTimeout)
            .waited
            .to_duration();
        assert_eq!(predicted, Duration::from_secs(6));
        // Timers never fire early; lateness is scheduling latency x 20 (see Scenario::check).
        assert!(fetch.failover_wait >= predicted, "{:?}", fetch.failover_wait);
        assert!(
            fetch.failover_wait <= predicted + predicted / 4 + Scenario::TIMING_TOLERANCE,
            "{:?}",
            fetch.failover_wait
        );
        edge.shutdown().await;
        east.shutdown().await;
        west.shutdown().await;
    }
}

mod packager {
    use super::*;
    use failover_drill::deployment::{DISTRIBUTION_ARN, ForceErrorOn};
    use failover_drill::packager::{Packager, PackagerConfig, SERVICE_HEADER, SOURCE_ARN_HEADER};
    use mediapackage_origin::{DistributionArn, EndpointErrorCondition, Location};
    use mediastore_policy::{AccountId, Region};
    use origin_failover::Site;

    async fn packager(clock: &DrillClock) -> Packager {
        let settings = DrillSettings::new(cadence());
        let pair = settings.media_package_pair().unwrap();
        let [primary, _] = DrillSettings::media_package_documents(&pair, ForceErrorOn::Primary);
        let location = Location::new(
            Region::new("us-east-1").unwrap(),
            AccountId::new(ACCOUNT).unwrap(),
        );
        let arn = DistributionArn::new(DISTRIBUTION_ARN).unwrap();
        let config = PackagerConfig {
            channel_policy: primary.channel_policy(&location, MEDIALIVE_ROLE),
            // Default selection: the policy allows GET only.
            endpoint_policy: primary.endpoint_policy(&location, &arn, false),
            location,
            documents: primary,
            playback: pair.playback_path().clone(),
            spec: settings.master_spec().unwrap(),
            epoch: EpochClock::unix(cadence()),
            container: SegmentBodies::Text.container(),
        };
        assert_eq!(pair.region(Site::Primary).names().group.as_str(), "live");
        Packager::start(config, clock.clone()).await.unwrap()
    }

    async fn ingest(packager: &Packager, input: u8, number: u64, principal: &str) -> u16 {
        let mut status = 0;
        for modifier in ["_720p30", "_360p30"] {
            status = ingest_one(packager, input, modifier, number, principal).await;
        }
        status
    }

    async fn ingest_one(packager: &Packager, input: u8, modifier: &str, number: u64, principal: &str) -> u16 {
        let file = SegmentName::new("primary", modifier, number).with_extension("ts");
        let headers = [
            (PRINCIPAL_HEADER, principal),
            (FORWARDED_PROTO_HEADER, "https"),
            ("cmsd-static", "mqcs=100"),
        ];
        let path = format!("/in/v1/live/{input}/event/{file}");
        send(
            packager.addr(),
            "PUT",
            &path,
            &headers,
            &format!("media{modifier} {number}\n"),
        )
        .await
        .status
    }

    async fn read(packager: &Packager, method: &str, file: &str) -> Answer {
        let headers = [
            (SERVICE_HEADER, "cloudfront.amazonaws.com"),
            (SOURCE_ARN_HEADER, DISTRIBUTION_ARN),
            (FORWARDED_PROTO_HEADER, "https"),
        ];
        let path = format!("/out/v1/live/event/hls/{file}");
        send(packager.addr(), method, &path, &headers, "").await
    }

    #[tokio::test]
    async fn policies_manifests_and_force_error() {
        let clock = clock(20);
        let packager = packager(&clock).await;
        let now = EpochClock::unix(cadence()).index_at(clock.now()).unwrap();
        // Only MediaLive's role ingests.
        assert_eq!(
            ingest(&packager, 1, now - 4, "arn:aws:iam::000011112222:role/other").await,
            403
        );
        for number in [now - 4, now - 3, now - 1, now] {
            assert_eq!(ingest(&packager, 1, number, MEDIALIVE_ROLE).await, 200);
        }
        // Input 2 fills the hole: the packager takes each segment from whichever input has it.
        assert_eq!(ingest(&packager, 2, now - 2, MEDIALIVE_ROLE).await, 200);
        let anonymous = send(
            packager.addr(),
            "GET",
            "/out/v1/live/event/hls/index.m3u8",
            &[],
            "",
        )
        .await;
        assert_eq!(anonymous.status, 403);
        let master = read(&packager, "GET", "index.m3u8").await;
        assert_eq!(master.status, 200, "{}", master.body);
        let master = m3u8_rs::parse_master_playlist_res(master.body.as_bytes()).unwrap();
        assert_eq!(
            master.variants.len(),
            2,
            "one variant per rendition, no redundant copies"
        );
        let uri = master.variants[0].uri.clone();
        let playlist = read(&packager, "GET", &uri).await;
        assert_eq!(playlist.header("cache-control"), Some("max-age=3"));
        let playlist = m3u8_rs::parse_media_playlist_res(playlist.body.as_bytes()).unwrap();
        assert_eq!(playlist.media_sequence, now - 4);
        assert_eq!(playlist.segments.len(), 5);
        let segment = read(&packager, "GET", &playlist.segments[4].uri).await;
        assert_eq!(
            (segment.status, segment.body.as_str()),
            (200, format!("media_720p30 {now}\n").as_str())
        );
        assert_eq!(segment.header("cmsd-static"), Some("mqcs=100"));
        // The endpoint policy of a default-selection distribution refuses HEAD.
        assert_eq!(
            read(&packager, "HEAD", &playlist.segments[4].uri).await.status,
            403
        );
        // The next segment comes with its first rendition only: INCOMPLETE_MANIFEST holds on the
        // primary, on every manifest and segment.
        assert_eq!(packager.forced_error(), None);
        assert_eq!(
            ingest_one(&packager, 1, "_720p30", now + 1, MEDIALIVE_ROLE).await,
            200
        );
        assert_eq!(
            packager.forced_error(),
            Some(EndpointErrorCondition::IncompleteManifest)
        );
        assert_eq!(read(&packager, "GET", "index.m3u8").await.status, 404);
        assert_eq!(
            read(&packager, "GET", &playlist.segments[4].uri).await.status,
            404
        );
        packager.shutdown().await;
    }

    #[tokio::test]
    async fn a_hole_starts_the_playlist_anew_and_a_stale_manifest_answers_404() {
        let clock = clock(20);
        let packager = packager(&clock).await;
        let now = EpochClock::unix(cadence()).index_at(clock.now()).unwrap();
        for number in [now - 4, now - 3, now - 1, now] {
            for modifier in ["_720p30", "_360p30"] {
                let file = SegmentName::new("primary", modifier, number).with_extension("ts");
                let headers = [
                    (PRINCIPAL_HEADER, MEDIALIVE_ROLE),
                    (FORWARDED_PROTO_HEADER, "https"),
                ];
                let path = format!("/in/v1/live/1/event/{file}");
                assert_eq!(
                    send(packager.addr(), "PUT", &path, &headers, "x").await.status,
                    200
                );
            }
        }
        assert_eq!(packager.forced_error(), None);
        let master = read(&packager, "GET", "index.m3u8").await;
        let master = m3u8_rs::parse_master_playlist_res(master.body.as_bytes()).unwrap();
        let playlist = read(&packager, "GET", &master.variants[0].uri).await;
        let playlist = m3u8_rs::parse_media_playlist_res(playlist.body.as_bytes()).unwrap();
        // Segment now - 2 is missing everywhere: the playlist lists the run after it, numbered by the
        // epoch.
        assert_eq!(playlist.media_sequence, now - 1);
        assert_eq!(playlist.segments.len(), 2);
        // Two segments (12 s) without a new one: STALE_MANIFEST.
        clock.sleep(Duration::from_secs(13)).await;
        assert_eq!(
            packager.forced_error(),
            Some(EndpointErrorCondition::StaleManifest)
        );
        assert_eq!(read(&packager, "GET", &master.variants[0].uri).await.status, 404);
        assert_eq!(packager.counters().forced_errors, 1);
        packager.shutdown().await;
    }
}

mod pipeline {
    use super::*;

    fn config() -> ChannelConfig {
        ChannelConfig {
            spec: DrillSettings::new(cadence()).master_spec().unwrap(),
            epoch: EpochClock::unix(cadence()),
            playlist_segments: 3,
            principal: MEDIALIVE_ROLE.to_owned(),
            playlist_cache_control: Some("max-age=1".to_owned()),
            segment_cache_control: None,
            bodies: SegmentBodies::Text,
            ingest: Ingest::MediaStore,
        }
    }

    fn text(origin: &Origin, key: &str) -> String {
        String::from_utf8(origin.object(key).unwrap_or_default().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn epoch_locked_writes_pause_and_stop() {
        // At 10x, the 3 s of slack after each boundary is 300 ms of real time for ten small writes.
        let clock = clock(10);
        let east = origin("us-east-1", "demoeast", false, &clock).await;
        let west = origin("us-west-2", "demowest", false, &clock).await;
        let channels = [
            Channel::start("us-east-1", config(), east.link(), clock.clone()),
            Channel::start("us-west-2", config(), west.link(), clock.clone()),
        ];
        let epoch = EpochClock::unix(cadence());
        let segment = cadence().duration().to_duration();
        let boundary = |n: u32| {
            let first = epoch.next_boundary(clock.now()).unwrap();
            let nanos = i128::try_from((segment * n).as_nanos()).unwrap();
            first.checked_add_nanos(nanos).unwrap()
        };
        // Three segments in, and half a segment of slack for the writes.
        let settle = boundary(3).checked_add_nanos(3_000_000_000).unwrap();
        clock.sleep_until(settle).await;
        let number = epoch.index_at(clock.now()).unwrap() - 1;
        for origin in [&east, &west] {
            for base in ["primary", "backup"] {
                let name = SegmentName::new(base, "_720p30", number).to_string();
                assert_eq!(
                    text(origin, &format!("demo/{name}")),
                    format!("media_720p30 {number}\n"),
                    "{name}"
                );
                let playlist = text(origin, &format!("demo/{base}_720p30.m3u8"));
                assert!(
                    playlist.contains(&format!("#EXT-X-MEDIA-SEQUENCE:{}", number - 2)),
                    "{playlist}"
                );
                assert!(!playlist.contains("#EXT-X-ENDLIST"));
            }
            let master = text(origin, "demo/backup.m3u8");
            let own = master.find("backup_720p30.m3u8").unwrap();
            assert!(
                own < master.find("primary_720p30.m3u8").unwrap(),
                "own renditions first:\n{master}"
            );
        }

        channels[0].set(Pipeline::Primary, PipelineState::Paused);
        clock
            .sleep_until(settle.checked_add_nanos(6_000_000_000).unwrap())
            .await;
        assert!(
            !east.has("demo/primary_720p30.m3u8") && !east.has("demo/primary_360p30.m3u8"),
            "{:?}",
            east.keys()
        );
        assert!(
            west.has("demo/primary_720p30.m3u8"),
            "the other Region is untouched"
        );
        for master in ["demo/primary.m3u8", "demo/backup.m3u8"] {
            let text = text(&east, master);
            assert!(
                !text.contains("primary_720p30.m3u8") && text.contains("backup_720p30.m3u8"),
                "{master}:\n{text}"
            );
        }
        assert_eq!(channels[0].state(Pipeline::Primary), PipelineState::Paused);

        channels[1].set(Pipeline::Backup, PipelineState::Stopped);
        clock
            .sleep_until(settle.checked_add_nanos(9_000_000_000).unwrap())
            .await;
        assert!(text(&west, "demo/backup_720p30.m3u8").contains("#EXT-X-ENDLIST"));
        assert!(!text(&west, "demo/primary_720p30.m3u8").contains("#EXT-X-ENDLIST"));
        for channel in channels {
            channel.shutdown().await;
        }
        east.shutdown().await;
        west.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deployment_publishes_the_predicted_static_manifest_in_both_regions() {
    let settings = DrillSettings::new(cadence());
    let expected = settings.master_spec().unwrap().static_manifest();
    let deployment = failover_drill::LocalDeployment::start(settings, clock(20))
        .await
        .unwrap();
    for site in [origin_failover::Site::Primary, origin_failover::Site::Backup] {
        let origin = deployment.origin(site).unwrap();
        assert_eq!(
            origin.object("demo/index.m3u8").unwrap(),
            expected.as_bytes(),
            "{:?}",
            origin.container()
        );
        // And the CDN reads it with the distribution's secret header over TLS.
        let read = cdn_get(origin, "demo/index.m3u8").await;
        assert_eq!((read.status, read.body.as_str()), (200, expected.as_str()));
    }
    let through_edge = send(deployment.edge().addr(), "GET", "/demo/index.m3u8", &[], "").await;
    assert_eq!(through_edge.status, 200);
    assert_eq!(through_edge.header(SERVED_BY_HEADER), Some("demoeast-us-east-1"));
    deployment.shutdown().await;
}

#[test]
fn report_prints_a_table_and_json() {
    let settings = DrillSettings::new(cadence());
    assert_eq!(
        settings.timeouts(),
        settings
            .budget(OriginTimeouts::CLOUDFRONT_DEFAULTS)
            .recommended_timeouts()
    );
    let mut with_defaults = settings.clone();
    with_defaults.edge_timeouts = EdgeTimeouts::CloudFrontDefaults;
    assert_eq!(with_defaults.timeouts(), OriginTimeouts::CLOUDFRONT_DEFAULTS);
    let row = failover_drill::Row {
        scenario: "steady".to_owned(),
        origin: "mediastore".to_owned(),
        origin_ids: ["east".to_owned(), "west".to_owned()],
        edge_timeouts: EdgeTimeouts::Recommended,
        stall: Duration::from_millis(1500),
        stalls: vec![failover_drill::player::Stall {
            start: Duration::from_secs(40),
            end: Duration::from_millis(41500),
        }],
        player_errors: 2,
        time_to_failover: Some(Duration::from_millis(400)),
        time_to_failback: None,
        requests_by_origin: [("east".to_owned(), 3)].into(),
        origin_fetches: [("east".to_owned(), 3)].into(),
        segments_by_pathway: vec![3, 0],
        ended: false,
        media_mismatches: 0,
        skipped: Duration::ZERO,
        impaired_segments: 0,
        budget: None,
    };
    let report = Report {
        speed: 20,
        segment_seconds: "6".to_owned(),
        rows: vec![row],
    };
    let table = report.to_string();
    assert!(table.lines().nth(2).unwrap().starts_with("steady"), "{table}");
    assert!(table.contains("1.5") && table.contains("east=3"), "{table}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["rows"][0]["stall"], 1.5);
    assert_eq!(json["rows"][0]["time_to_failover"], 0.4);
    assert_eq!(json["rows"][0]["time_to_failback"], serde_json::Value::Null);
    assert_eq!(json["rows"][0]["edge_timeouts"], "recommended");
    // Both origin kinds side by side: the MediaStore figures next to each MediaPackage v2 selection,
    // and the stale-primary figures under the table.
    let on = |origin: &str, scenario: &str, failover: u64| failover_drill::Row {
        origin: origin.to_owned(),
        scenario: scenario.to_owned(),
        time_to_failover: Some(Duration::from_secs(failover)),
        requests_by_origin: [("east".to_owned(), 7), ("west".to_owned(), 2)].into(),
        ..report.rows[0].clone()
    };
    let rows = [
        on("mediastore", "stale-primary-region", 14),
        on("mediapackage-v2", "stale-primary-region", 16),
        on("mediapackage-v2 mqar", "stale-primary-region", 15),
    ];
    let table = failover_drill::report::OriginSideBySide(&rows).to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[2].starts_with("stale-primary-region") && lines[2].contains("default"),
        "{table}"
    );
    assert!(lines[3].contains("mqar") && lines[3].contains("7/2"), "{table}");
    assert!(lines[2].contains("14.0") && lines[2].contains("16.0"), "{table}");
    assert!(
        table.contains("MediaStore lifecycle rule fails over after 14.0 s")
            && table.contains("MediaPackage v2 force-error (STALE_MANIFEST) after 16.0 s"),
        "{table}"
    );
}

#[test]
fn the_catalogue_covers_the_recipe() {
    let catalogue = Scenario::catalogue();
    for (name, timeouts) in [
        ("source-loss-primary-pipeline", EdgeTimeouts::Recommended),
        ("source-loss-both-regions", EdgeTimeouts::Recommended),
        ("primary-region-down", EdgeTimeouts::Recommended),
        ("primary-region-down", EdgeTimeouts::CloudFrontDefaults),
        ("pipeline-crash-primary-region", EdgeTimeouts::Recommended),
        ("channel-stop", EdgeTimeouts::Recommended),
    ] {
        assert!(
            catalogue
                .iter()
                .any(|s| s.name == name && s.edge_timeouts == timeouts),
            "{name}"
        );
    }
    assert!(
        catalogue
            .iter()
            .all(|s| s.duration > s.fault_at && s.recover_at.is_none_or(|r| r < s.duration))
    );
    assert_eq!(
        Scenario::named("channel-stop", EdgeTimeouts::Recommended)
            .unwrap()
            .expect,
        Expect::Ends
    );
    assert!(Scenario::named("nope", EdgeTimeouts::Recommended).is_none());
    // The recipe's paths are origin-failover's catalogue, expecting what it promises a viewer.
    for path in origin_failover::failover_path::FailoverPath::ALL {
        let scenario = Scenario::named(path.name(), EdgeTimeouts::Recommended).unwrap();
        assert_eq!(scenario.expect, Expect::Viewer(path.viewer_outcome()), "{path}");
    }
}

#[test]
fn clock_speed_is_bounded() {
    let err = DrillClock::new(
        "2026-11-24T22:00:00Z".parse().unwrap(),
        tokio::time::Instant::now(),
        0,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "clock speed = 0 is not allowed: expected 1 (real time) to 100"
    );
}

#[test]
fn settings_debug_leaves_the_secret_out() {
    let settings = DrillSettings::new(cadence());
    assert_eq!(settings.secret, SECRET);
    let shown = format!("{settings:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains("<redacted>") && shown.contains("playlist_segments: 10"),
        "{shown}"
    );
}
