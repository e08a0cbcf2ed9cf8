//! Cache behaviours that honour the origin: a path pattern per channel, the origin's `Cache-Control`
//! deciding every lifetime, and only the query strings the origin reads in the cache key.

use std::fmt;

use serde_json::{Map, Value, json};

use crate::distribution::{CacheTtls, Error, invalid, path_pattern_matches};
use crate::document::{CacheBehavior, List};
use crate::origin_kind::OriginKind;

/// The most characters in a cache behaviour's path pattern.
pub const MAX_PATH_PATTERN_CHARS: usize = 255;

/// The longest lifetime MediaPackage gives an object (segments and init segments: 14 days): a
/// behaviour's `MaxTTL` at least this long lets every `Cache-Control` the origin sends stand.
pub const LONGEST_ORIGIN_MAX_AGE: u32 = 1_209_600;

/// A cache behaviour's `PathPattern`: 1-255 characters of `A-Z a-z 0-9 _ - . $ / ~ " ' @ : + &`
/// with `*` and `?` as wildcards.
///
/// ```
/// use origin_failover::cache_behavior::PathPattern;
///
/// let channel = PathPattern::new("/out/v1/live/final/*")?;
/// assert!(channel.matches("/out/v1/live/final/hls/index.m3u8"));
/// assert!(!channel.matches("/out/v1/live/other/hls/index.m3u8"));
/// assert!(PathPattern::new("/out/v1/live final/*").is_err());
/// # Ok::<(), origin_failover::distribution::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathPattern(String);

impl PathPattern {
    /// Checks `pattern` against CloudFront's rule (the error's path is `PathPattern`).
    pub fn new(pattern: &str) -> Result<Self, Error> {
        let ok = !pattern.is_empty()
            && pattern.chars().count() <= MAX_PATH_PATTERN_CHARS
            && pattern.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'_' | b'-'
                            | b'.'
                            | b'*'
                            | b'?'
                            | b'$'
                            | b'/'
                            | b'~'
                            | b'"'
                            | b'\''
                            | b'@'
                            | b':'
                            | b'+'
                            | b'&'
                    )
            });
        if ok {
            Ok(Self(pattern.to_owned()))
        } else {
            Err(invalid(
                "PathPattern",
                format!("{pattern:?}"),
                "1 to 255 characters of A-Z, a-z, 0-9 and _ - . $ / ~ \" ' @ : + &, with * and ? as wildcards",
            ))
        }
    }

    /// The pattern.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether a request for `path` matches, as CloudFront matches it.
    pub fn matches(&self, path: &str) -> bool {
        path_pattern_matches(&self.0, path)
    }
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A behaviour that sends `pattern` (or, without one, every other request) to `target` and lets an
/// origin of `kind` decide every lifetime: `MinTTL` 0, `MaxTTL` a year, `DefaultTTL` `default_ttl`
/// (only for an answer without `Cache-Control`); no cookies or headers in the cache key, and only the
/// query strings the origin reads. Legacy cache settings, as the recipe's behaviours.
pub fn honouring_origin(
    pattern: Option<&PathPattern>,
    target: &str,
    kind: OriginKind,
    default_ttl: u32,
) -> CacheBehavior {
    legacy_behavior(
        pattern.map(|p| p.as_str().to_owned()),
        target,
        kind,
        CacheTtls::honouring_origin(default_ttl),
    )
}

/// A behaviour with legacy cache settings: `ttls`, GET/HEAD/OPTIONS (GET and HEAD cached), viewers
/// redirected to HTTPS, no cookies or headers in the cache key and only the query strings an origin of
/// `kind` reads.
pub(crate) fn legacy_behavior(
    path_pattern: Option<String>,
    target: &str,
    kind: OriginKind,
    ttls: CacheTtls,
) -> CacheBehavior {
    let mut methods = List::of(["GET", "HEAD", "OPTIONS"].map(str::to_owned).to_vec());
    methods.extra.insert(
        "CachedMethods".to_owned(),
        json!({"Quantity": 2, "Items": ["GET", "HEAD"]}),
    );
    let keys = kind.cache_key_query_strings();
    let query_string_keys = if keys.is_empty() {
        json!({"Quantity": 0})
    } else {
        json!({"Quantity": keys.len(), "Items": keys})
    };
    let mut extra = Map::new();
    extra.insert(
        "ForwardedValues".to_owned(),
        json!({
            "QueryString": !keys.is_empty(),
            "Cookies": {"Forward": "none"},
            "Headers": {"Quantity": 0},
            "QueryStringCacheKeys": query_string_keys
        }),
    );
    extra.insert(
        "TrustedSigners".to_owned(),
        json!({"Enabled": false, "Quantity": 0}),
    );
    extra.insert("SmoothStreaming".to_owned(), json!(false));
    extra.insert("Compress".to_owned(), json!(false));
    CacheBehavior {
        path_pattern,
        target_origin_id: target.to_owned(),
        viewer_protocol_policy: "redirect-to-https".to_owned(),
        allowed_methods: Some(methods),
        min_ttl: Some(i64::from(ttls.min())),
        default_ttl: Some(i64::from(ttls.default_ttl())),
        max_ttl: Some(i64::from(ttls.max())),
        extra,
    }
}

/// Checks that `behavior` (at `path`) lets an origin of `kind` decide lifetimes and keys its cache on
/// the query strings that origin reads: `MinTTL` 0 (a higher floor would keep a playlist past its
/// `max-age`), `MaxTTL` at least [`LONGEST_ORIGIN_MAX_AGE`], and every one of
/// [`OriginKind::cache_key_query_strings`] forwarded.
pub fn check_honours_origin(behavior: &CacheBehavior, path: &str, kind: OriginKind) -> Result<(), Error> {
    let min = behavior.min_ttl.unwrap_or(0);
    if min != 0 {
        return Err(invalid(
            format!("{path}.MinTTL"),
            min,
            "0: the origin's Cache-Control decides (a playlist lives half a segment)",
        ));
    }
    // Absent, CloudFront's default: a year.
    let max = behavior.max_ttl.unwrap_or(31_536_000);
    if max < i64::from(LONGEST_ORIGIN_MAX_AGE) {
        return Err(invalid(
            format!("{path}.MaxTTL"),
            max,
            "at least 1209600 seconds, so the origin's 14-day segment lifetime stands",
        ));
    }
    let forwarded = behavior.extra.get("ForwardedValues");
    let query_string = forwarded
        .and_then(|f| f.get("QueryString"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let keys: Vec<&str> = forwarded
        .and_then(|f| f.pointer("/QueryStringCacheKeys/Items"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let needed = kind.cache_key_query_strings();
    if let Some(missing) = needed.iter().find(|k| !query_string || !keys.contains(k)) {
        return Err(invalid(
            format!("{path}.ForwardedValues.QueryStringCacheKeys.Items"),
            format!("{keys:?} (QueryString {query_string})"),
            format!(
                "QueryString true and {needed:?} in the cache key: without {missing} different answers share one cached copy"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(PathPattern::new("").is_err());
        assert!(PathPattern::new(&format!("/{}", "a".repeat(255))).is_err());
        assert!(PathPattern::new("*.m3u8").is_ok());
        assert!(PathPattern::new("/a?b").is_ok());
        assert!(PathPattern::new("/a#b").is_err());
    }

    #[test]
    fn a_behaviour_that_honours_mediapackage() {
        let pattern = PathPattern::new("/out/v1/live/final/*").unwrap();
        let behavior = honouring_origin(Some(&pattern), "group", OriginKind::MediaPackageV2, 1);
        check_honours_origin(&behavior, "CacheBehaviors.Items[0]", OriginKind::MediaPackageV2).unwrap();
        assert_eq!(
            behavior.extra["ForwardedValues"]["QueryStringCacheKeys"]["Items"],
            json!([
                "aws.manifestfilter",
                "aws.manifestsettings",
                "_HLS_msn",
                "_HLS_part"
            ])
        );
        let mut floor = behavior.clone();
        floor.min_ttl = Some(5);
        assert!(
            check_honours_origin(&floor, "P", OriginKind::MediaPackageV2)
                .unwrap_err()
                .to_string()
                .starts_with("P.MinTTL = 5")
        );
        let mut short = behavior.clone();
        short.max_ttl = Some(86_400);
        assert!(check_honours_origin(&short, "P", OriginKind::MediaPackageV2).is_err());
        let mut without = behavior;
        without.extra["ForwardedValues"]["QueryStringCacheKeys"] =
            json!({"Quantity": 3, "Items": ["aws.manifestfilter", "aws.manifestsettings", "_HLS_msn"]});
        let error = check_honours_origin(&without, "P", OriginKind::MediaPackageV2).unwrap_err();
        assert!(error.to_string().contains("without _HLS_part"), "{error}");
        // MediaStore reads no query string: none in the key.
        let plain = honouring_origin(None, "group", OriginKind::MediaStore, 1);
        assert_eq!(plain.extra["ForwardedValues"]["QueryString"], json!(false));
        check_honours_origin(&plain, "P", OriginKind::MediaStore).unwrap();
    }
}
