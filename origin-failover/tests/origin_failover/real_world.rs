use origin_failover::check::{Error, Finding, check_master, parse_master};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{name}")).unwrap()
}

#[test]
fn media_playlists_are_told_apart() {
    for name in [
        "aws-mediapackage-doc-daterange-scte35.m3u8",
        "aws-mediatailor-doc-origin-media-cue-out.m3u8",
        "grafov-media-pdt-offset.m3u8",
    ] {
        assert_eq!(check_master(&read(name)).unwrap_err(), Error::NotMaster, "{name}");
    }
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for bytes in [
        &b""[..],
        b"not a playlist",
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=x\nv.m3u8\n",
        &[0xff, 0xfe, 0x00],
    ] {
        let _ = check_master(bytes);
    }
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend(read("aws-mediatailor-doc-origin-master.m3u8"));
    assert_eq!(
        parse_master(&with_bom).unwrap(),
        parse_master(&read("aws-mediatailor-doc-origin-master.m3u8")).unwrap()
    );
    let err = check_master(b"hello").unwrap_err();
    assert!(
        err.to_string().contains("the first line must be #EXTM3U"),
        "{err}"
    );
}

#[test]
fn apple_bipbop_is_not_redundant() {
    let master = parse_master(&read("apple-bipbop-advanced-master-alternatives.m3u8")).unwrap();
    assert_eq!(master.variants.iter().filter(|v| !v.is_i_frame).count(), 6);
    let report = origin_failover::check::check(&master);
    assert!(report.pairs.is_empty());
    assert_eq!(report.findings[0], Finding::NotRedundant);
    // Every group it names is defined, and every variant has CODECS.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| matches!(f, Finding::UndefinedGroup { .. } | Finding::MissingCodecs { .. })),
        "{:?}",
        report.findings
    );
    // Video variants carry no FRAME-RATE; the audio-only one is not asked for one.
    assert!(report.findings.contains(&Finding::MissingFrameRate {
        uri: "gear1/prog_index.m3u8".to_owned()
    }));
    assert!(!report.findings.contains(&Finding::MissingFrameRate {
        uri: "gear0/prog_index.m3u8".to_owned()
    }));
}

#[test]
fn indented_mediatailor_master_is_read() {
    let report = check_master(&read("aws-mediatailor-doc-origin-master.m3u8")).unwrap();
    assert_eq!(report.findings, [Finding::NotRedundant]);
    let master = parse_master(&read("aws-mediatailor-doc-origin-master.m3u8")).unwrap();
    let uris: Vec<&str> = master.variants.iter().map(|v| v.uri.as_str()).collect();
    assert_eq!(uris, ["index_1.m3u8", "index_2.m3u8", "index_3.m3u8"]);
    assert_eq!(master.variants[0].frame_rate, Some(29.97));
}

#[test]
fn unified_streaming_master_is_read() {
    let report = check_master(&read("usp-molotov-master-audio-iframes.m3u8")).unwrap();
    assert_eq!(report.findings, [Finding::NotRedundant]);
    assert_eq!(report.unpaired.len(), 6);
}
