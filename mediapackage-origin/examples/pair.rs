//! Prints, for a sample event, every AWS CLI call that sets up the two-Region MediaPackage v2 origin
//! and its CloudFront side (both Regions' channel group, channel, origin endpoint and policies; the
//! origin access control; the distribution), its failover budget and the symmetry report, then the
//! report for a backup Region someone edited by hand.
//!
//! Each call's parameters are what `aws <service> <operation> --cli-input-json` takes.
//!
//! `cargo run -p mediapackage-origin --example pair`

use std::error::Error;

use hls_epoch::{Cadence, FrameRate};
use mediapackage_origin::{
    DistributionArn, Egress, Location, ManifestName, OriginNames, PairSpec, RegionPair, ResourceName,
    symmetry,
};
use mediastore_policy::{AccountId, Region};
use origin_failover::Site;
use origin_failover::access_control::{
    CreateOriginAccessControl, OriginAccessControlConfig, OriginAccessControlId,
};
use origin_failover::budget::{Player, recommended_timeouts};
use origin_failover::mediapackage::MediaPackageDistribution;
use origin_failover::origin_kind::EgressDomain;
use serde_json::{Value, json};

/// One AWS CLI call of the sample event.
pub(crate) struct Call {
    /// The Region the call goes to (CloudFront's are global: `us-east-1`).
    pub(crate) region: &'static str,
    /// The botocore service name (`mediapackagev2`, `cloudfront`).
    pub(crate) service: &'static str,
    /// The API operation (`CreateChannel`).
    pub(crate) operation: &'static str,
    /// The parameters, as `--cli-input-json` takes them.
    pub(crate) input: Value,
}

/// The sample event: channel `final` in group `live`, 6-second segments, us-west-2 primary and
/// us-east-1 backup, media-quality selection on.
pub(crate) fn sample() -> Result<RegionPair, Box<dyn Error>> {
    let names = OriginNames {
        group: ResourceName::new("live")?,
        channel: ResourceName::new("final")?,
        endpoint: ResourceName::new("hls")?,
    };
    // 6-second MediaLive segments, repackaged into 6-second endpoint segments.
    Ok(RegionPair::build(&PairSpec::new(
        names,
        ManifestName::new("index")?,
        6,
        6,
    ))?)
}

const REGIONS: [(Site, &str, &str); 2] = [
    (Site::Primary, "us-west-2", "abcde1.egress.fghij2"),
    (Site::Backup, "us-east-1", "klmno3.egress.pqrst4"),
];

/// The segments players get: 6 s at 30 fps.
fn cadence() -> Result<Cadence, Box<dyn Error>> {
    Ok(Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?)
}

/// The channel groups' egress domains, as `CreateChannelGroup` returns them.
fn egress() -> Result<Egress, Box<dyn Error>> {
    let [(_, west, west_id), (_, east, east_id)] = REGIONS;
    Ok(Egress {
        primary: EgressDomain::new(&format!("{west_id}.mediapackagev2.{west}.amazonaws.com"))?,
        backup: EgressDomain::new(&format!("{east_id}.mediapackagev2.{east}.amazonaws.com"))?,
    })
}

/// The sample's distribution: media-quality selection, timeouts a live-edge player's buffer hides.
fn distribution(pair: &RegionPair) -> Result<MediaPackageDistribution, Box<dyn Error>> {
    // The identifier AWS returns when the access control is created.
    let access_control = OriginAccessControlId::new("E1ZT3XAMPLE0AC")?;
    let cadence = cadence()?;
    Ok(pair
        .distribution("live-final-2026-11-30", &egress()?, &access_control, true)?
        .with_origin_timeouts(recommended_timeouts(cadence, Player::live_edge(cadence))))
}

/// Every call of the sample event, in the order a deployment makes them (the endpoint policies name
/// the distribution, so they come after it).
pub(crate) fn calls(pair: &RegionPair) -> Result<Vec<Call>, Box<dyn Error>> {
    let account = AccountId::new("000011112222")?;
    // The ARN AWS returns when the distribution is created.
    let distribution_arn =
        DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL")?;
    let mut calls = Vec::new();
    for (site, region, _) in REGIONS {
        let documents = pair.region(site);
        let location = Location::new(Region::new(region)?, account.clone());
        let channel_policy =
            documents.channel_policy(&location, "arn:aws:iam::000011112222:role/MediaLiveAccessRole");
        let names = documents.names();
        let mut call = |service, operation, input| {
            calls.push(Call {
                region,
                service,
                operation,
                input,
            })
        };
        call(
            "mediapackagev2",
            "CreateChannelGroup",
            serde_json::to_value(&documents.channel_group)?,
        );
        call(
            "mediapackagev2",
            "CreateChannel",
            serde_json::to_value(&documents.channel)?,
        );
        call(
            "mediapackagev2",
            "CreateOriginEndpoint",
            serde_json::to_value(&documents.endpoint)?,
        );
        call(
            "mediapackagev2",
            "PutChannelPolicy",
            json!({
                "ChannelGroupName": names.group,
                "ChannelName": names.channel,
                "Policy": channel_policy.to_policy_string()?,
            }),
        );
    }
    let access_control = OriginAccessControlConfig::media_package_v2("live-final")?;
    calls.push(Call {
        region: "us-east-1",
        service: "cloudfront",
        operation: "CreateOriginAccessControl",
        input: serde_json::to_value(CreateOriginAccessControl {
            origin_access_control_config: access_control,
        })?,
    });
    let distribution = distribution(pair)?;
    calls.push(Call {
        region: "us-east-1",
        service: "cloudfront",
        operation: "CreateDistribution",
        input: json!({ "DistributionConfig": distribution.to_config() }),
    });
    for (site, region, _) in REGIONS {
        let documents = pair.region(site);
        let location = Location::new(Region::new(region)?, account.clone());
        let policy = documents.endpoint_policy(&location, &distribution_arn, true);
        pair.check_endpoint_policy(site, &policy, &location, &distribution_arn, &distribution)?;
        let names = documents.names();
        calls.push(Call {
            region,
            service: "mediapackagev2",
            operation: "PutOriginEndpointPolicy",
            input: json!({
                "ChannelGroupName": names.group,
                "ChannelName": names.channel,
                "OriginEndpointName": names.endpoint,
                "Policy": policy.to_policy_string()?,
            }),
        });
    }
    Ok(calls)
}

fn main() -> Result<(), Box<dyn Error>> {
    let pair = sample()?;
    for call in calls(&pair)? {
        println!(
            "== {} {} {} --cli-input-json\n{}",
            call.region,
            call.service,
            call.operation,
            serde_json::to_string_pretty(&call.input)?
        );
    }

    let cadence = cadence()?;
    let distribution = distribution(&pair)?;
    println!(
        "== failover budget (MediaPackage's stale detection assumed at two segments)\n{}",
        pair.failover_budget(&distribution, cadence, Player::live_edge(cadence))
    );
    println!("playback: {}", pair.playback_path().url(&egress()?.primary));
    println!(
        "== symmetry of the built pair: {} finding(s)",
        pair.symmetry().len()
    );

    let mut edited = pair.region(Site::Backup).clone();
    edited.endpoint.force_endpoint_error_configuration = pair
        .region(Site::Primary)
        .endpoint
        .force_endpoint_error_configuration
        .clone();
    edited.channel.input_type = None;
    edited.channel.output_locking_mode = None;
    if let Some(segment) = edited.endpoint.segment.as_mut() {
        segment.segment_duration_seconds = Some(12);
    }
    let report = symmetry(pair.region(Site::Primary), &edited);
    println!(
        "== symmetry after editing the backup by hand: {} finding(s)",
        report.len()
    );
    for finding in report {
        println!("- {finding}");
    }
    Ok(())
}
