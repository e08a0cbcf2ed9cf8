//! Prints both Regions' MediaPackage v2 documents for a sample event, their policies and the
//! symmetry report, then the report for a backup Region someone edited by hand.
//!
//! `cargo run -p mediapackage-origin --example pair`

use mediapackage_origin::{
    DistributionArn, EgressDomain, Location, ManifestName, OriginNames, PairSpec, RegionPair, ResourceName,
    symmetry,
};
use mediastore_policy::{AccountId, Region};
use origin_failover::Site;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let names = OriginNames {
        group: ResourceName::new("live")?,
        channel: ResourceName::new("final")?,
        endpoint: ResourceName::new("hls")?,
    };
    // 6-second MediaLive segments, repackaged into 6-second endpoint segments.
    let pair = RegionPair::build(&PairSpec::new(names, ManifestName::new("index")?, 6, 6))?;
    let account = AccountId::new("000011112222")?;
    let distribution = DistributionArn::new("arn:aws:cloudfront::000011112222:distribution/E2QWRUHAPOMQZL")?;
    let regions = [
        (Site::Primary, "us-west-2", "abcde1.egress.fghij2"),
        (Site::Backup, "us-east-1", "klmno3.egress.pqrst4"),
    ];
    for (site, region, egress) in regions {
        let documents = pair.region(site);
        let location = Location::new(Region::new(region)?, account.clone());
        let domain = EgressDomain::new(&format!("{egress}.mediapackagev2.{region}.amazonaws.com"))?;
        println!("== {site} ({region})");
        println!(
            "CreateChannelGroup    {}",
            serde_json::to_string_pretty(&documents.channel_group)?
        );
        println!(
            "CreateChannel         {}",
            serde_json::to_string_pretty(&documents.channel)?
        );
        println!(
            "CreateOriginEndpoint  {}",
            serde_json::to_string_pretty(&documents.endpoint)?
        );
        let channel_policy =
            documents.channel_policy(&location, "arn:aws:iam::000011112222:role/MediaLiveAccessRole");
        println!("PutChannelPolicy      {}", channel_policy.to_policy_string()?);
        let endpoint_policy = documents.endpoint_policy(&location, &distribution, true);
        println!("PutOriginEndpointPolicy {}", endpoint_policy.to_policy_string()?);
        println!("playback: {}", domain.url(pair.playback_path()));
    }
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
