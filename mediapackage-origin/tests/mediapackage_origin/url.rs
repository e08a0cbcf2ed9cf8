//! Egress and ingest URLs.

use medialive_template::Pipeline;
use mediapackage_origin::{IngestEndpoint, IngestEndpointId};
use origin_failover::distribution::Error;
use origin_failover::origin_kind::EgressDomain;

use crate::pair;

#[test]
fn the_playback_url_is_the_same_path_on_each_regions_domain() {
    let built = pair();
    let west = EgressDomain::new("abcde1.egress.fghij2.mediapackagev2.us-west-2.amazonaws.com").unwrap();
    let east = EgressDomain::new("klmno3.egress.pqrst4.mediapackagev2.us-east-1.amazonaws.com").unwrap();
    assert_eq!(west.region(), "us-west-2");
    assert_eq!(
        built.playback_path().url(&west),
        "https://abcde1.egress.fghij2.mediapackagev2.us-west-2.amazonaws.com/out/v1/live/event/hls/index.m3u8"
    );
    assert!(
        built
            .playback_path()
            .url(&east)
            .ends_with("/out/v1/live/event/hls/index.m3u8")
    );
    let error = EgressDomain::new("demo.data.mediastore.us-west-2.amazonaws.com").unwrap_err();
    assert!(
        matches!(error, Error::Invalid { ref path, .. } if path == "EgressDomain"),
        "{error}"
    );
}

#[test]
fn pipeline_0_writes_to_endpoint_1_and_pipeline_1_to_endpoint_2() {
    assert_eq!(
        IngestEndpointId::for_pipeline(Pipeline::Primary),
        IngestEndpointId::One
    );
    assert_eq!(
        IngestEndpointId::for_pipeline(Pipeline::Backup),
        IngestEndpointId::Two
    );
    for pipeline in Pipeline::BOTH {
        assert_eq!(IngestEndpointId::for_pipeline(pipeline).pipeline(), pipeline);
    }
    assert_eq!(
        IngestEndpointId::Two.medialive_endpoint_id().as_str(),
        "ENDPOINT_2"
    );
    let one = IngestEndpoint::parse(
        "1",
        "https://abcde1-1.ingest.fghij2.mediapackagev2.us-west-2.amazonaws.com/in/v1/live/1/event/",
    )
    .unwrap();
    assert_eq!(one.id().pipeline(), Pipeline::Primary);
    assert_eq!(one.channel().as_str(), "event");
    assert_eq!(one.group().as_str(), "live");
}

#[test]
fn ingest_urls_must_match_their_id_and_end_in_a_slash() {
    let url = "https://abcde1-1.ingest.fghij2.mediapackagev2.us-west-2.amazonaws.com/in/v1/live/1/event/";
    assert!(IngestEndpoint::parse("2", url).is_err());
    let error = IngestEndpoint::parse("1", url.trim_end_matches('/')).unwrap_err();
    assert_eq!(error.path, "IngestEndpoints[].Url");
    assert!(IngestEndpoint::parse("3", url).is_err());
    // moto's shape ends in `/index`, which a CMAF Ingest destination cannot use.
    assert!(IngestEndpoint::parse("1", &format!("{url}index")).is_err());
}
