//! Bad configs: each error names the key and what is allowed.

use ::resilient_live::Config;
use ::resilient_live::config::Error;
use ::resilient_live::origin::Origin;

fn example_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/event-mediastore.toml"
    ))
    .unwrap()
}

/// The example config with one line replaced.
fn with(old: &str, new: &str) -> String {
    let text = example_text();
    assert!(text.contains(old), "the example config has no line {old:?}");
    text.replacen(old, new, 1)
}

fn error_of(text: &str) -> String {
    Config::from_toml(text).unwrap_err().to_string()
}

#[test]
fn the_example_config_is_valid_and_its_hash_ignores_formatting() {
    let config = crate::example_config();
    assert_eq!(config.event(), "demo");
    assert_eq!(config.ingest_port(), 2088);
    let reformatted = example_text().replace("# ", "#  ").replace(" = ", "=");
    assert_eq!(Config::from_toml(&reformatted).unwrap().hash(), config.hash());
    let changed = with("ingest_port = 2088", "ingest_port = 2089");
    assert_ne!(Config::from_toml(&changed).unwrap().hash(), config.hash());
}

#[test]
fn an_unknown_key_is_named_with_the_keys_allowed() {
    let message = error_of(&with("ingest_port = 2088", "ingest_prot = 2088"));
    assert!(message.contains("ingest_prot"), "{message}");
    assert!(message.contains("ingest_port"), "{message}");
}

#[test]
fn a_missing_key_is_named() {
    let message = error_of(&with("account_id = \"000011112222\"\n", ""));
    assert!(message.contains("account_id"), "{message}");
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    let message = error_of(&with("ingest_port = 2088", "ingest_port = \"2088\""));
    assert!(message.contains("ingest_port"), "{message}");
}

#[test]
fn bad_values_name_their_key_and_what_is_allowed() {
    let cases = [
        (("name = \"demo\"", "name = \"demo.event\""), "event.name"),
        (("path = \"live\"", "path = \"/live/\""), "event.path"),
        (
            ("account_id = \"000011112222\"", "account_id = \"12345\""),
            "event.account_id",
        ),
        (
            (
                "medialive_role_arn = \"arn:aws:iam::000011112222:role/MediaLiveAccessRole\"",
                "medialive_role_arn = \"arn:aws:iam::999999999999:role/Other\"",
            ),
            "event.medialive_role_arn",
        ),
        (
            (
                "user_agent_env = \"DEMO_USER_AGENT\"",
                "user_agent_env = \"SuperSecretAgent\"",
            ),
            "event.user_agent_env",
        ),
        (
            ("backup = \"us-west-2\"", "backup = \"us-east-1\""),
            "regions.backup",
        ),
        (
            ("primary = \"us-east-1\"", "primary = \"us-east\""),
            "regions.primary",
        ),
        (
            ("primary = \"demo-east\"", "primary = \"demo east\""),
            "containers.primary",
        ),
        (
            ("protocol = \"zixi-push\"", "protocol = \"rtp\""),
            "contribution.protocol",
        ),
        (
            (
                "allowed_cidr = \"203.0.113.0/24\"",
                "allowed_cidr = \"203.0.113.0\"",
            ),
            "contribution.allowed_cidr",
        ),
        (
            ("ingest_port = 2088", "ingest_port = 70000"),
            "contribution.ingest_port",
        ),
        (
            (
                "availability_zones = [\"a\", \"b\"]",
                "availability_zones = [\"a\", \"a\"]",
            ),
            "contribution.availability_zones[1]",
        ),
        (
            ("frame_rate = \"30\"", "frame_rate = \"thirty\""),
            "encoding.frame_rate",
        ),
        (
            ("segment_length = 6", "segment_length = 0"),
            "encoding.segment_length",
        ),
        (
            ("connection_timeout = 2", "connection_timeout = 11"),
            "cloudfront",
        ),
        (
            ("stale_manifest_factor = \"1.8\"", "stale_manifest_factor = \"0\""),
            "lifecycle.stale_manifest_factor",
        ),
    ];
    for ((old, new), key) in cases {
        match Config::from_toml(&with(old, new)) {
            Err(Error::Invalid {
                key: found, allowed, ..
            }) => {
                assert_eq!(found, key, "{new}");
                assert!(!allowed.is_empty(), "{new}");
            }
            other => panic!("{new}: expected an error naming {key}, got {other:?}"),
        }
    }
}

#[test]
fn the_error_message_says_key_value_and_what_is_allowed() {
    let message = error_of(&with("ingest_port = 2088", "ingest_port = 0"));
    assert_eq!(
        message,
        "config key `contribution.ingest_port` has value 0: a TCP/UDP port, 1-65535 (Zixi push listens on 2088 by default)"
    );
}

const TWO_RUNGS: &str = r#"
[[encoding.ladder]]
width = 1280
height = 720
video_bitrate = 3000000
profile = "HIGH"
level = "H264_LEVEL_3_1"

[[encoding.ladder]]
width = 640
height = 360
video_bitrate = 800000
profile = "MAIN"
level = "H264_LEVEL_3"
audio_bitrate = 96000
"#;

/// The example config with a ladder in its `[encoding]` table.
fn with_ladder(ladder: &str) -> String {
    with("segment_length = 6\n", &format!("segment_length = 6\n{ladder}"))
}

#[test]
fn a_ladder_replaces_the_default_one_in_the_channel_and_the_manifest() {
    let config = Config::from_toml(&with_ladder(TWO_RUNGS)).unwrap();
    assert_eq!(config.ladder().map(<[_]>::len), Some(2));
    let plan = ::resilient_live::Plan::new(&config).unwrap();
    let manifest = plan.mediastore().unwrap().static_manifest();
    assert!(
        manifest.contains("primary_720p30.m3u8") && manifest.contains("backup_360p30.m3u8"),
        "{manifest}"
    );
    assert!(!manifest.contains("1080p"), "{manifest}");
}

#[test]
fn a_ladder_rung_with_an_unknown_profile_or_key_is_named() {
    match Config::from_toml(&with_ladder(&TWO_RUNGS.replace("\"MAIN\"", "\"MIAN\""))) {
        Err(Error::Invalid { key, .. }) => assert_eq!(key, "encoding.ladder[1].profile"),
        other => panic!("expected an error naming encoding.ladder[1].profile, got {other:?}"),
    }
    let message = error_of(&with_ladder(
        &TWO_RUNGS.replace("video_bitrate = 800000", "bitrate = 800000"),
    ));
    assert!(
        message.contains("bitrate") && message.contains("video_bitrate"),
        "{message}"
    );
}

#[test]
fn timeouts_left_out_get_the_budgets_recommendation_not_cloudfronts_defaults() {
    let text = with(
        "connection_timeout = 2\nconnection_attempts = 1\norigin_read_timeout = 2\n",
        "",
    );
    let config = Config::from_toml(&text).unwrap();
    let timeouts = config.origin_timeouts();
    assert_eq!(
        (
            timeouts.connection_timeout.seconds(),
            timeouts.connection_attempts.count(),
            timeouts.read_timeout.seconds()
        ),
        (2, 1, 2)
    );
    assert_eq!(timeouts, config.recommended_timeouts());
    // The example spells out the recommended values: leaving them out is the same config.
    assert_eq!(config.hash(), crate::example_config().hash());
    // The recommendation follows the player: one segment of buffer still leaves 2 s per request
    // (6 s / 3 shares), ten-second segments leave 3 s.
    let long = Config::from_toml(&text.replace("segment_length = 6", "segment_length = 10")).unwrap();
    assert_eq!(long.origin_timeouts().read_timeout.seconds(), 3);
    let one = Config::from_toml(&text.replace("buffer_segments = 3", "buffer_segments = 1")).unwrap();
    assert_eq!(one.player().buffer(), hls_epoch::Seconds::whole(6));
}

#[test]
fn the_player_buffer_defaults_to_the_hls_live_edge() {
    let text = with("[player]\n", "").replace("buffer_segments = 3\n", "");
    let config = Config::from_toml(&text).unwrap();
    assert_eq!(config.player().buffer(), hls_epoch::Seconds::whole(18));
    assert_eq!(config.hash(), crate::example_config().hash());
    let message = error_of(&with("buffer_segments = 3", "buffer_segments = 0"));
    assert!(
        message.starts_with("config key `player.buffer_segments` has value 0: at least 1 segment"),
        "{message}"
    );
}

#[test]
fn allow_stall_is_read_and_left_out_of_the_hash() {
    let config = crate::example_config();
    assert!(!config.allow_stall());
    let allowed = Config::from_toml(&with("# allow_stall = false", "allow_stall = true")).unwrap();
    assert!(allowed.allow_stall());
    assert_eq!(allowed.hash(), config.hash());
    assert!(config.clone().allowing_stall().allow_stall());
    assert_eq!(config.clone().allowing_stall().hash(), config.hash());
}

#[test]
fn a_frame_rate_that_is_not_a_broadcast_rate_is_refused_with_the_nearest() {
    let message = error_of(&with("frame_rate = \"30\"", "frame_rate = \"29.976\""));
    assert_eq!(
        message,
        "config key `encoding.frame_rate` has value \"29.976\": frame rate \"29.976\" is not a broadcast \
         frame rate; nearest: 29.97 (30000/1001), 30; to use exactly 29.976 fps, write it as the fraction \
         \"3747/125\""
    );
    // Every spelling of a broadcast rate, and a fraction taken as meant.
    for (spelling, rate) in [
        ("29.97", hls_epoch::FrameRate::FPS_29_97),
        ("30000/1001", hls_epoch::FrameRate::FPS_29_97),
        ("23.976", hls_epoch::FrameRate::FPS_23_976),
        ("25/2", hls_epoch::FrameRate::new(25, 2).unwrap()),
    ] {
        let config = Config::from_toml(&with(
            "frame_rate = \"30\"",
            &format!("frame_rate = \"{spelling}\""),
        ))
        .unwrap();
        assert_eq!(config.frame_rate(), rate, "{spelling}");
    }
}

#[test]
fn the_origin_kind_is_named_in_the_config_and_defaults_to_the_recipes() {
    let config = crate::example_config();
    assert_eq!(config.origin(), Origin::MediaStore);
    // Left out, the kind is the recipe's, and the hash is the same as when it is spelled out:
    // configs written before the key existed keep their hash.
    let without =
        Config::from_toml(&with("[origin]\n", "").replacen("kind = \"mediastore\"\n", "", 1)).unwrap();
    assert_eq!(without.origin(), Origin::MediaStore);
    assert_eq!(without.hash(), config.hash());
}

#[test]
fn an_unknown_origin_kind_is_refused_with_the_kinds_listed() {
    let text = with("kind = \"mediastore\"", "kind = \"s3\"");
    match Config::from_toml(&text) {
        Err(Error::Invalid { key, value, allowed }) => {
            assert_eq!(key, "origin.kind");
            assert_eq!(value, "\"s3\"");
            assert!(allowed.contains("\"mediastore\""), "{allowed}");
        }
        other => panic!("expected origin.kind to be refused, got {other:?}"),
    }
}

fn package_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/event.toml")).unwrap()
}

/// The bundled MediaPackage config with one line replaced.
fn package_with(old: &str, new: &str) -> String {
    let text = package_text();
    assert!(text.contains(old), "the bundled config has no line {old:?}");
    text.replacen(old, new, 1)
}

fn refused(text: &str) -> (String, String, String) {
    match Config::from_toml(text) {
        Err(Error::Invalid { key, value, allowed }) => (key, value, allowed),
        other => panic!("expected a refused value, got {other:?}"),
    }
}

#[test]
fn the_bundled_config_deploys_mediapackage_with_its_settings() {
    let config = crate::package_config();
    assert_eq!(config.origin(), Origin::MediaPackageV2);
    assert!(config.mediastore().is_none());
    let settings = config.mediapackage().unwrap();
    let names = settings.names();
    assert_eq!(
        [
            names.group.as_str(),
            names.channel.as_str(),
            names.endpoint.as_str()
        ],
        ["demo", "main", "hls"]
    );
    assert!(settings.media_quality());
    let spec = settings.pair_spec(config.segment_length());
    assert_eq!(spec.segment_duration_seconds, 6);
    assert_eq!(spec.manifest_window_seconds, 60);
    assert_eq!(spec.startover_window_seconds, 0);
    assert_eq!(spec.encryption, None);
    assert_eq!(spec.container, mediapackage_origin::ContainerType::Cmaf);
    // Every setting spelled out at its default hashes as the settings left out.
    let minimal = package_text()
        .lines()
        .filter(|line| {
            ![
                "channel_group",
                "channel ",
                "endpoint ",
                "manifest ",
                "segment_duration",
                "manifest_window",
                "startover_window",
                "container ",
                "media_quality",
                "encryption",
            ]
            .iter()
            .any(|key| line.starts_with(key))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let minimal = Config::from_toml(&minimal).unwrap();
    assert_eq!(minimal.mediapackage(), config.mediapackage());
}

#[test]
fn bad_mediapackage_settings_name_their_key_value_and_what_is_allowed() {
    let cases = [
        (
            ("channel = \"main\"", "channel = \"main/1\""),
            "origin.channel",
            "\"main/1\"",
        ),
        (
            ("endpoint = \"hls\"", "endpoint = \"\""),
            "origin.endpoint",
            "\"\"",
        ),
        (
            ("manifest = \"index\"", "manifest = \"index.m3u8\""),
            "origin.manifest",
            "\"index.m3u8\"",
        ),
        (
            ("segment_duration = 6", "segment_duration = 4"),
            "origin.segment_duration",
            "4",
        ),
        (
            ("segment_duration = 6", "segment_duration = 36"),
            "origin.segment_duration",
            "36",
        ),
        (
            ("manifest_window = 60", "manifest_window = 20"),
            "origin.manifest_window",
            "20",
        ),
        (
            ("startover_window = 0", "startover_window = 2000000"),
            "origin.startover_window",
            "2000000",
        ),
        (
            ("container = \"cmaf\"", "container = \"ism\""),
            "origin.container",
            "\"ism\"",
        ),
        (
            ("encryption = false", "encryption = true"),
            "origin.encryption",
            "true",
        ),
    ];
    for ((old, new), key, value) in cases {
        let (found_key, found_value, allowed) = refused(&package_with(old, new));
        assert_eq!((found_key.as_str(), found_value.as_str()), (key, value), "{new}");
        assert!(!allowed.is_empty(), "{new}");
    }
    let (_, _, allowed) = refused(&package_with("segment_duration = 6", "segment_duration = 4"));
    assert!(
        allowed.contains("whole multiple of encoding.segment_length (6)"),
        "{allowed}"
    );
    let (_, _, allowed) = refused(&package_with("encryption = false", "encryption = true"));
    assert!(allowed.contains("SPEKE"), "{allowed}");
}

#[test]
fn each_origin_refuses_the_other_origins_keys() {
    // MediaStore's keys with the MediaPackage origin.
    let (key, value, allowed) = refused(&package_with(
        "name = \"demo\"",
        "name = \"demo\"\npath = \"live\"",
    ));
    assert_eq!((key.as_str(), value.as_str()), ("event.path", "\"live\""));
    assert!(allowed.contains("kind = \"mediastore\" only"), "{allowed}");
    let (key, ..) = refused(&package_with(
        "[regions]",
        "[containers]\nprimary = \"a\"\nbackup = \"b\"\n\n[regions]",
    ));
    assert_eq!(key, "containers");
    let (key, ..) = refused(&format!(
        "{}\n[lifecycle]\nstale_manifest_factor = \"2\"\n",
        package_text()
    ));
    assert_eq!(key, "lifecycle.stale_manifest_factor");
    // MediaPackage's keys with the MediaStore origin.
    let (key, value, allowed) = refused(&with(
        "kind = \"mediastore\"",
        "kind = \"mediastore\"\nchannel = \"main\"",
    ));
    assert_eq!((key.as_str(), value.as_str()), ("origin.channel", "\"main\""));
    assert!(allowed.contains("kind = \"mediapackage-v2\" only"), "{allowed}");
    // And the MediaStore origin's own keys are required.
    let (key, _, allowed) = refused(&with("user_agent_env = \"DEMO_USER_AGENT\"\n", ""));
    assert_eq!(key, "event.user_agent_env");
    assert!(allowed.contains("\"mediastore\" needs it"), "{allowed}");
}
