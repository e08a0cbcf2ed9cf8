//! The cost of deciding one request, as the local drill's origin does for every HTTP request.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hls_epoch::{Cadence, FrameRate, Timestamp};
use mediastore_policy::lifecycle::Factor;
use mediastore_policy::{Caller, ContainerArn, LifecyclePolicy, RecipePolicy, Request, UserAgentSecret};

const SECRET: &str = "9f86d081884c7d659a2feaa0c55ad015";

fn evaluate(c: &mut Criterion) {
    let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest"
        .parse()
        .unwrap();
    let policy = RecipePolicy::builder()
        .container(container.clone())
        .secret(UserAgentSecret::new(SECRET).unwrap())
        .build()
        .to_policy();
    let object = container.object("demo/primary_1080p30_294012345.ts");
    let cdn = Request::new(Caller::Anonymous, "mediastore:GetObject", &object)
        .secure_transport(true)
        .user_agent(SECRET);
    c.bench_function("recipe policy: CDN read, allowed", |b| {
        b.iter(|| policy.evaluate(black_box(&cdn)))
    });
    let intruder = cdn.user_agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36");
    c.bench_function("recipe policy: other agent, denied", |b| {
        b.iter(|| policy.evaluate(black_box(&intruder)))
    });

    let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97).unwrap();
    let lifecycle =
        LifecyclePolicy::stale_manifests(cadence, Factor::RECIPE, "demo", &["primary", "backup"]).unwrap();
    let created: Timestamp = "2026-11-24T22:00:00Z".parse().unwrap();
    let now: Timestamp = "2026-11-24T22:00:09Z".parse().unwrap();
    c.bench_function("stale-manifest rule: is_expired", |b| {
        b.iter(|| lifecycle.is_expired(black_box("demo/backup_1080p30.m3u8"), created, now))
    });
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
