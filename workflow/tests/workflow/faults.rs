//! Apply and teardown through the real SDK clients while a fifth of the HTTP calls are refused
//! with throttling or 5xx errors: the SDK's retry policy absorbs them, and nothing is created
//! twice.
//!
//! The faults are injected by an HTTP client placed between the SDK and the emulator, so every
//! request goes through the SDK's real serialization, error parsing, retry classification and
//! backoff. A refused request never reaches the emulator, as a throttled request never reaches
//! the service. These tests need `WORKFLOW_EMULATOR_URL`; without it they fail, they never skip.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ::resilient_live::Config;
use aws_config::retry::RetryConfig;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;

use crate::example_config;
use crate::workflow::emulator::{Emulated, census, deployed};

/// The share of HTTP requests refused.
const FAULT_RATE_PERCENT: u64 = 20;

/// What the injector did, by kind.
#[derive(Debug, Default, Clone)]
struct Tally {
    requests: usize,
    throttled: usize,
    server_errors: usize,
    /// Refusals of a service's first request (the rest are drawn at random).
    first_to_service: usize,
    /// Refusals by service (the SigV4 signing name).
    by_service: BTreeMap<String, usize>,
}

impl Tally {
    /// Asserts that a fifth of the requests were refused, give or take the generator (the first
    /// request to each service aside), and that each of `services` met a fault.
    #[track_caller]
    fn assert_refused_a_fifth_of(&self, services: &[&str]) {
        let refused = self.throttled + self.server_errors - self.first_to_service;
        assert!(
            refused * 100 >= self.requests * 12 && refused * 100 <= self.requests * 28,
            "{self:?}"
        );
        for service in services {
            assert!(
                self.by_service.contains_key(*service),
                "no fault for {service}: {self:?}"
            );
        }
    }
}

#[derive(Debug)]
struct Injector {
    /// A xorshift generator: the same seed refuses the same sequence of requests.
    state: u64,
    /// Refusals so far per SDK invocation (`amz-sdk-invocation-id`, the same across retries).
    refused: BTreeMap<String, u32>,
    /// The services called so far: the first request to each is refused, so that every service's
    /// error format meets the retry policy whatever the generator draws.
    seen: std::collections::BTreeSet<String>,
    /// The most refusals in a row for one invocation: one less than the retry policy's attempts,
    /// so every call still succeeds in the end and the test is deterministic.
    max_in_a_row: u32,
    tally: Tally,
}

impl Injector {
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }
}

/// An HTTP client that refuses a fifth of the requests (and the first to each service) and passes
/// the rest to `inner`.
#[derive(Debug, Clone)]
struct Faulty {
    inner: SharedHttpClient,
    injector: Arc<Mutex<Injector>>,
}

impl Faulty {
    fn new(seed: u64, max_in_a_row: u32) -> Self {
        Faulty {
            inner: aws_smithy_http_client::Builder::new().build_http(),
            injector: Arc::new(Mutex::new(Injector {
                state: seed.max(1),
                refused: BTreeMap::new(),
                seen: std::collections::BTreeSet::new(),
                max_in_a_row,
                tally: Tally::default(),
            })),
        }
    }

    fn tally(&self) -> Tally {
        self.injector.lock().unwrap().tally.clone()
    }
}

impl HttpClient for Faulty {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(FaultyConnector {
            inner: self.inner.http_connector(settings, components),
            injector: Arc::clone(&self.injector),
        })
    }
}

#[derive(Debug)]
struct FaultyConnector {
    inner: SharedHttpConnector,
    injector: Arc<Mutex<Injector>>,
}

/// The service a request is signed for: `Credential=<key>/<date>/<region>/<service>/aws4_request`.
fn signing_service(request: &HttpRequest) -> String {
    request
        .headers()
        .get("authorization")
        .and_then(|value| value.split("Credential=").nth(1))
        .and_then(|credential| credential.split('/').nth(3))
        .unwrap_or("unsigned")
        .to_owned()
}

/// The error each service's protocol uses for throttling and for an internal failure.
fn refusal(service: &str, throttle: bool) -> Response<SdkBody> {
    let (status, code) = match (service, throttle) {
        // CloudFront speaks REST-XML and throttles with 400 `Throttling`.
        ("cloudfront", true) => (400, "Throttling"),
        ("cloudfront", false) => (500, "InternalError"),
        // MediaLive and MediaConnect (REST-JSON) model throttling as 429.
        ("medialive" | "mediaconnect", true) => (429, "TooManyRequestsException"),
        // MediaStore (JSON 1.1) and MediaStore Data.
        (_, true) => (400, "ThrottlingException"),
        (_, false) => (503, "ServiceUnavailableException"),
    };
    let body = if service == "cloudfront" {
        format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected</Message>\
             </Error><RequestId>fault</RequestId></ErrorResponse>"
        )
    } else {
        format!(r#"{{"__type":"{code}","message":"injected"}}"#)
    };
    let mut response = Response::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body));
    response.headers_mut().insert("x-amzn-errortype", code.to_owned());
    response
}

impl HttpConnector for FaultyConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let service = signing_service(&request);
        let invocation = request
            .headers()
            .get("amz-sdk-invocation-id")
            .unwrap_or_default()
            .to_owned();
        let refuse = {
            let mut injector = self.injector.lock().unwrap();
            injector.tally.requests += 1;
            let roll = injector.next();
            let first_to_service = injector.seen.insert(service.clone());
            let max_in_a_row = injector.max_in_a_row;
            let in_a_row = injector.refused.entry(invocation).or_default();
            if (first_to_service || roll % 100 < FAULT_RATE_PERCENT) && *in_a_row < max_in_a_row {
                *in_a_row += 1;
                if first_to_service {
                    injector.tally.first_to_service += 1;
                }
                let throttle = (roll / 100).is_multiple_of(2);
                if throttle {
                    injector.tally.throttled += 1;
                } else {
                    injector.tally.server_errors += 1;
                }
                *injector.tally.by_service.entry(service.clone()).or_default() += 1;
                Some(throttle)
            } else {
                None
            }
        };
        match refuse {
            Some(throttle) => HttpConnectorFuture::ready(Ok(refusal(&service, throttle))),
            None => self.inner.call(request),
        }
    }
}

/// The workflow's retry policy, with the backoff shortened so the test takes seconds.
fn retry_policy() -> RetryConfig {
    ::resilient_live::aws::retry_policy()
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(40))
}

/// `config`'s event with every client retrying by the workflow's policy through `faulty`.
async fn under_faults(config: Config, faulty: &Faulty) -> Emulated {
    Emulated::with_clients(config, |loader| {
        loader.retry_config(retry_policy()).http_client(faulty.clone())
    })
    .await
}

#[tokio::test]
async fn with_a_fifth_of_the_calls_throttled_or_failing_apply_and_teardown_complete_without_duplicates() {
    let attempts = retry_policy().max_attempts();
    assert!(attempts >= 5, "the retry policy allows only {attempts} attempts");
    let faulty = Faulty::new(0x5eed_2026, attempts - 1);
    let event = under_faults(example_config(), &faulty).await;
    let (cloud, state_path) = (&event.cloud, &event.state_path);
    let regions = event.regions();
    let nothing = census(cloud, regions).await;
    assert_eq!(nothing.distributions, 0, "the emulator is not fresh: {nothing:?}");

    let report = event.apply().await.unwrap();
    assert_eq!(
        report.actions.len(),
        ::resilient_live::dag::Step::all(::resilient_live::origin::Origin::MediaStore).len(),
        "{report}"
    );
    let expected = deployed(regions);
    assert_eq!(census(cloud, regions).await, expected);

    let applied = faulty.tally();
    println!("apply under faults: {applied:?}");
    // A fifth of the requests, give or take the generator: the faults really happened, everywhere.
    assert!(applied.requests >= 80, "{applied:?}");
    applied.assert_refused_a_fifth_of(&["mediastore", "mediaconnect", "medialive", "cloudfront"]);
    assert!(applied.throttled > 0 && applied.server_errors > 0, "{applied:?}");

    // A re-run under the same faults changes nothing.
    let again = event.apply().await.unwrap();
    assert_eq!(
        again.count(::resilient_live::apply::Outcome::Created),
        0,
        "{again}"
    );
    assert_eq!(census(cloud, regions).await, expected);

    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(census(cloud, regions).await, nothing);
    let total = faulty.tally();
    assert!(total.requests > applied.requests, "{total:?}");
}

#[tokio::test]
async fn mediapackage_calls_under_the_same_faults_complete_without_duplicates() {
    use crate::workflow::emulator_deploy_mediapackage as package;
    let faulty = Faulty::new(0x5eed_2027, retry_policy().max_attempts() - 1);
    let event = under_faults(crate::package_config(), &faulty).await;
    let (plan, cloud, state_path) = (&event.plan, &event.cloud, &event.state_path);
    let regions = event.regions();
    assert_eq!(
        package::census(cloud, regions).await,
        package::empty(regions),
        "the emulator is not fresh"
    );

    let report = event.apply().await.unwrap();
    assert_eq!(report.actions.len(), plan.steps().len(), "{report}");
    assert_eq!(package::census(cloud, regions).await, package::deployed(regions));
    let applied = faulty.tally();
    println!("MediaPackage apply under faults: {applied:?}");
    applied.assert_refused_a_fifth_of(&["mediapackagev2", "mediaconnect", "medialive", "cloudfront"]);

    let again = event.apply().await.unwrap();
    assert_eq!(
        again.count(::resilient_live::apply::Outcome::Created),
        0,
        "{again}"
    );
    ::resilient_live::teardown(cloud, state_path).await.unwrap();
    assert_eq!(package::census(cloud, regions).await, package::empty(regions));
}
