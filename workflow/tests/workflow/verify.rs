//! Verify on MediaPackage v2: an event applied to the simulated AWS, whose endpoints serve
//! playlists from a fake egress (the simulation moves no media), judged at one instant.

use std::collections::BTreeMap;

use ::resilient_live::cloud::playback::{Fetched, Playback, Reader};
use ::resilient_live::cloud::{self, HasMediaPackage, HasMediaStoreData, HasPlayback};
use ::resilient_live::simulated::{LatencyProfile, SimulatedCloud};
use ::resilient_live::verify::SettingsCheck;
use ::resilient_live::{Plan, Verification};
use hls_epoch::Timestamp;
use hls_epoch::listing::Verdict;
use mediastore_policy::DataEndpoint;

use crate::{apply_plan, endpoint_playlist, package_config};

const EAST: &str = "us-east-1";
const WEST: &str = "us-west-2";

/// The simulated AWS, with egress: each Region's endpoint lists the five segments before `now`,
/// shifted by the Region's `offset`, or answers the Region's `status`.
struct Event {
    cloud: SimulatedCloud,
    newest: u64,
    offset: BTreeMap<&'static str, i64>,
    status: BTreeMap<&'static str, u16>,
}

impl HasMediaStoreData for Event {
    type MediaStoreData<'a>
        = <SimulatedCloud as HasMediaStoreData>::MediaStoreData<'a>
    where
        Self: 'a;
    fn mediastore_data<'a>(
        &'a self,
        region: &'a str,
        endpoint: &'a DataEndpoint,
    ) -> Self::MediaStoreData<'a> {
        self.cloud.mediastore_data(region, endpoint)
    }
}

impl HasMediaPackage for Event {
    type MediaPackage<'a>
        = <SimulatedCloud as HasMediaPackage>::MediaPackage<'a>
    where
        Self: 'a;
    fn mediapackage<'a>(&'a self, region: &'a str) -> Self::MediaPackage<'a> {
        self.cloud.mediapackage(region)
    }
}

impl HasPlayback for Event {
    type Playback<'a> = Egress<'a>;
    fn playback<'a>(&'a self, reader: Reader<'a>) -> Egress<'a> {
        Egress { event: self, reader }
    }
}

struct Egress<'a> {
    event: &'a Event,
    reader: Reader<'a>,
}

impl Egress<'_> {
    fn endpoint(&self, region: &str, url: &str) -> Fetched {
        let event = self.event;
        let status = event.status.get(region).copied().unwrap_or(200);
        if status != 200 {
            return Fetched {
                status,
                body: Vec::new(),
            };
        }
        let newest = event
            .newest
            .saturating_add_signed(event.offset.get(region).copied().unwrap_or(0));
        Fetched {
            status: 200,
            body: endpoint_playlist(url, newest),
        }
    }
}

impl Playback for Egress<'_> {
    async fn get(&self, url: &str) -> cloud::Result<Fetched> {
        assert!(url.contains("/out/v1/"), "{url}");
        Ok(match self.reader {
            Reader::Account { region } => {
                assert!(
                    url.contains(&format!(".mediapackagev2.{region}.amazonaws.com/")),
                    "{url}"
                );
                self.endpoint(region, url)
            }
            Reader::Viewer => {
                assert!(url.contains(".cloudfront.net/"), "{url}");
                // The origin group: the primary Region, else the backup on a 404.
                let first = self.endpoint(EAST, url);
                if first.status == 404 {
                    self.endpoint(WEST, url)
                } else {
                    first
                }
            }
        })
    }
}

/// Applies the bundled MediaPackage v2 event and verifies it at `now` with `configure`'s egress.
async fn verify_with(configure: impl FnOnce(&mut Event)) -> Verification {
    let plan = Plan::new(&package_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let cloud = SimulatedCloud::new(LatencyProfile::default());
    apply_plan(cloud.clone(), plan.clone(), &state).await.unwrap();
    let now: Timestamp = "2026-11-24T22:00:03Z".parse().unwrap();
    let newest = plan.epoch_clock().index_at(now).unwrap() - 1;
    let mut event = Event {
        cloud,
        newest,
        offset: BTreeMap::new(),
        status: BTreeMap::new(),
    };
    configure(&mut event);
    ::resilient_live::verify(&event, &plan, &state, now, None)
        .await
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn both_regions_serving_aligned_epoch_locked_playlists_pass() {
    let verification = verify_with(|_| {}).await;
    let printed = verification.to_string();
    assert!(verification.passed(), "{printed}");
    assert!(verification.regions.is_empty(), "no container is read");
    assert_eq!(verification.endpoints.len(), 2);
    for endpoint in &verification.endpoints {
        assert_eq!(endpoint.settings, SettingsCheck::Current, "{printed}");
        let report = endpoint.playlists.report.as_ref().unwrap();
        let renditions: Vec<_> = report
            .renditions
            .iter()
            .map(|r| r.name_modifier.as_str())
            .collect();
        assert_eq!(renditions, ["_1", "_2"]);
        assert!(
            report
                .renditions
                .iter()
                .all(|r| r.verdict == Verdict::EpochLocked && r.count == 5)
        );
    }
    assert_eq!(verification.endpoints[0].playlists.reader, "signed for us-east-1");
    assert_eq!(verification.endpoints[1].playlists.reader, "signed for us-west-2");
    let viewer = verification.viewer.as_ref().unwrap();
    assert!(viewer.passed() && viewer.reader == "viewer", "{printed}");
    assert_eq!(verification.cross_region.len(), 1);
    assert_eq!(verification.cross_region[0].base, "index");
    assert!(verification.cross_region[0].alignment.is_aligned());
    assert!(printed.contains("endpoint settings: as planned"), "{printed}");
    assert!(printed.contains("through the distribution: ok"), "{printed}");
    assert!(printed.ends_with("verdict: PASS"), "{printed}");
    let json = serde_json::to_value(&verification).unwrap();
    assert!(json.get("regions").is_none());
    assert_eq!(json["endpoints"][0]["settings"]["verdict"], "current");
}

#[tokio::test(start_paused = true)]
async fn a_backup_region_three_segments_behind_is_not_aligned() {
    let verification = verify_with(|event| {
        event.offset.insert(WEST, -3);
    })
    .await;
    let printed = verification.to_string();
    assert!(!verification.passed(), "{printed}");
    // Each Region alone is epoch-locked; they disagree with each other.
    assert!(verification.endpoints.iter().all(|e| e.passed()), "{printed}");
    let alignment = &verification.cross_region[0].alignment;
    assert!(!alignment.is_aligned());
    assert!(alignment.pairs.iter().all(|pair| pair.skew() == 3), "{printed}");
    assert!(printed.contains("skew +3 segments"), "{printed}");
}

#[tokio::test(start_paused = true)]
async fn a_primary_endpoint_answering_404_fails_while_the_viewer_is_served_by_the_backup() {
    let verification = verify_with(|event| {
        event.status.insert(EAST, 404);
    })
    .await;
    let printed = verification.to_string();
    assert!(!verification.passed(), "{printed}");
    let primary = &verification.endpoints[0];
    assert_eq!(primary.playlists.status, 404);
    assert!(primary.playlists.report.is_none());
    assert!(
        primary.playlists.problems[0].ends_with("answered 404"),
        "{printed}"
    );
    assert!(verification.viewer.as_ref().unwrap().passed(), "{printed}");
    assert!(
        verification.cross_region.is_empty(),
        "nothing to compare: {printed}"
    );
    assert!(printed.contains("FAIL: https://"), "{printed}");
}

#[tokio::test(start_paused = true)]
async fn playlists_numbered_from_the_channel_start_are_not_epoch_locked() {
    let verification = verify_with(|event| {
        event.newest = 120;
    })
    .await;
    let printed = verification.to_string();
    assert!(!verification.passed(), "{printed}");
    let report = verification.endpoints[0].playlists.report.as_ref().unwrap();
    assert_eq!(report.verdict(), Some(Verdict::NumberedFromStart), "{printed}");
    assert!(printed.contains("numbered from the channel start"), "{printed}");
}

// ---------------------------------------------------------------------------------------------
// `AwsCloud`'s playback on the wire: a loopback server as the endpoint override.

/// Serves `answers` one connection each on 127.0.0.1 and returns each request's head.
async fn serve(answers: Vec<(u16, &'static str)>) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut heads = Vec::new();
        for (status, body) in answers {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut buffer = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = socket.read(&mut buffer).await.unwrap();
                assert!(read > 0, "the request ended before its head");
                head.extend_from_slice(&buffer[..read]);
            }
            heads.push(String::from_utf8(head).unwrap().to_lowercase());
            let reply = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(reply.as_bytes()).await.unwrap();
        }
        heads
    });
    (url, server)
}

#[tokio::test]
async fn aws_reads_sign_for_the_region_and_viewer_reads_do_not() {
    use ::resilient_live::aws::AwsCloud;
    use aws_config::{BehaviorVersion, Region, SdkConfig};
    use aws_sdk_medialive::config::{Credentials, SharedCredentialsProvider};

    let (url, server) = serve(vec![(200, "#EXTM3U\n"), (404, ""), (200, "#EXTM3U\n")]).await;
    let config = |region: &str| {
        SdkConfig::builder()
            .region(Region::new(region.to_owned()))
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKIDTEST", "secret", None, None, "test",
            )))
            .endpoint_url(&url)
            .build()
    };
    let cloud = AwsCloud::from_sdk_configs([config(WEST)], &config(EAST));
    let egress = "https://abcde.egress.fghij.mediapackagev2.us-west-2.amazonaws.com/out/v1/g/c/e/index.m3u8";
    let signed = cloud.playback(Reader::Account { region: WEST });
    let first = signed.get(egress).await.unwrap();
    assert_eq!(
        (first.status, first.body.as_slice()),
        (200, b"#EXTM3U\n".as_slice())
    );
    // A 404 is a reading, not an error: it is what a force-error condition answers.
    assert_eq!(signed.get(egress).await.unwrap().status, 404);
    let viewer = cloud
        .playback(Reader::Viewer)
        .get("https://d111111abcdef8.cloudfront.net/out/v1/g/c/e/index_1.m3u8")
        .await
        .unwrap();
    assert_eq!(viewer.status, 200);

    let heads = server.await.unwrap();
    // The override keeps the path.
    assert!(
        heads[0].starts_with("get /out/v1/g/c/e/index.m3u8 http/1.1"),
        "{}",
        heads[0]
    );
    assert!(
        heads[2].starts_with("get /out/v1/g/c/e/index_1.m3u8 http/1.1"),
        "{}",
        heads[2]
    );
    // Signed for MediaPackage v2 in the endpoint's Region, with the Region's credentials.
    let authorization = heads[0]
        .lines()
        .find_map(|line| line.strip_prefix("authorization: "))
        .unwrap_or_else(|| panic!("no signature: {}", heads[0]));
    assert!(
        authorization.starts_with("aws4-hmac-sha256 credential=akidtest/"),
        "{authorization}"
    );
    assert!(
        authorization.contains("/us-west-2/mediapackagev2/aws4_request"),
        "{authorization}"
    );
    assert!(heads[0].contains("x-amz-date: "), "{}", heads[0]);
    assert!(
        !heads[2].contains("authorization:"),
        "a viewer does not sign: {}",
        heads[2]
    );

    // A Region without clients names the Regions that have some.
    let error = cloud
        .playback(Reader::Account { region: "eu-west-1" })
        .get(egress)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("us-west-2"), "{error}");
}
