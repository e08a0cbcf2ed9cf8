//! The object lifecycle policy: transient, delete and archive rules in MediaStore's exact grammar.
//!
//! The recipe relies on one transient rule: a rendition manifest that a pipeline stopped rewriting is
//! deleted soon after, so the CDN gets a 404 from that origin and fails over. [`TransientRule::stale_manifests`]
//! derives that rule from the segment cadence.
//!
//! # Time model
//! An object's age is counted in whole seconds since it was created (written; a rewrite creates it
//! anew). A rule with `> N` is due from age `N + 1` (`> 15` deletes at 16 s), a rule with `>= N` from
//! age `N`; days are 86 400 s. MediaStore applies transient rules lazily: an object is no longer served
//! once a rule is due, and is removed some time later, with no documented bound. [`LifecyclePolicy::expires_at`]
//! is the instant it stops being served, which is what a player and the CDN see and what the local
//! drill enforces.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use hls_epoch::naming::{master_playlist, rendition_playlist};
use hls_epoch::{Cadence, Seconds, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::invalid::{Invalid, field};
use crate::pattern::Glob;

/// The most rules a lifecycle policy may hold.
pub const MAX_RULES: usize = 10;
/// The most characters a lifecycle policy may hold.
pub const MAX_POLICY_CHARS: usize = 8192;
/// The most paths a transient rule may hold.
pub const MAX_TRANSIENT_PATHS: usize = 10;
/// The allowed `seconds_since_create` values.
pub const SECONDS_SINCE_CREATE: RangeInclusive<u32> = 1..=300;
/// The allowed `days_since_create` values.
pub const DAYS_SINCE_CREATE: RangeInclusive<u32> = 1..=36_500;
/// The only `days_since_create` an archive rule takes (with `>=`).
pub const ARCHIVE_DAYS: u32 = 30;

const SECONDS_PER_DAY: u64 = 86_400;
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Why a lifecycle policy or rule was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not a lifecycle policy document.
    #[error("lifecycle policy is not a valid document")]
    Json {
        /// What the JSON parser reported, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A field breaks one of MediaStore's rules.
    #[error(transparent)]
    Field(#[from] Invalid),
    /// The compact JSON text is longer than [`MAX_POLICY_CHARS`].
    #[error("lifecycle policy has {chars} characters: at most {max} are allowed", max = MAX_POLICY_CHARS)]
    TooLong {
        /// Characters in the compact JSON text.
        chars: usize,
    },
    /// The stale-manifest threshold would delete a manifest that is still being rewritten.
    #[error(
        "stale-manifest threshold of {threshold} s (factor {factor} x segment {segment} s, rounded up) is not longer than one segment: a rendition manifest is rewritten once per segment, so the rule would delete a live manifest; use a factor above 1"
    )]
    ThresholdTooShort {
        /// The age at which the rule would delete, in seconds.
        threshold: u64,
        /// The factor.
        factor: Factor,
        /// The segment duration.
        segment: Seconds,
    },
    /// The stale-manifest threshold is beyond what a transient rule allows.
    #[error(
        "stale-manifest threshold of {threshold} s (factor {factor} x segment {segment} s, rounded up) needs seconds_since_create > {written}: at most {max} is allowed"
    )]
    ThresholdTooLong {
        /// The age at which the rule would delete, in seconds.
        threshold: u64,
        /// The value that would be written.
        written: u64,
        /// The factor.
        factor: Factor,
        /// The segment duration.
        segment: Seconds,
        /// The largest value allowed.
        max: u32,
    },
}

/// How an age is compared with the rule's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparison {
    /// `>`: due from one unit after the value.
    #[serde(rename = ">")]
    Greater,
    /// `>=`: due at the value.
    #[serde(rename = ">=")]
    GreaterOrEqual,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Greater => ">",
            Self::GreaterOrEqual => ">=",
        })
    }
}

/// An age condition: a comparison and a whole number of seconds or days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Age {
    /// `>` or `>=`.
    pub comparison: Comparison,
    /// The number of units.
    pub value: u32,
}

impl Age {
    /// `> value`.
    pub const fn greater_than(value: u32) -> Self {
        Self {
            comparison: Comparison::Greater,
            value,
        }
    }

    /// `>= value`.
    pub const fn at_least(value: u32) -> Self {
        Self {
            comparison: Comparison::GreaterOrEqual,
            value,
        }
    }

    /// The first whole number of units for which the condition holds.
    pub const fn first_due(self) -> u64 {
        match self.comparison {
            Comparison::Greater => self.value as u64 + 1,
            Comparison::GreaterOrEqual => self.value as u64,
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.comparison, self.value)
    }
}

/// What a rule does when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LifecycleAction {
    /// `EXPIRE`: delete the object.
    Expire,
    /// `ARCHIVE`: move the object to infrequent-access storage.
    Archive,
}

impl LifecycleAction {
    /// The wire name (`EXPIRE`, `ARCHIVE`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Expire => "EXPIRE",
            Self::Archive => "ARCHIVE",
        }
    }
}

/// Which objects a delete or archive rule applies to: path prefixes or wildcards, never both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathFilter {
    /// `{"prefix": "AwardsShow/"}`: objects whose path starts with one of these.
    Prefixes(Vec<String>),
    /// `{"wildcard": "Program/*.ts"}`: objects whose path matches one of these (`*` = any run).
    Wildcards(Vec<String>),
}

impl PathFilter {
    /// Whether `path` is selected.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            Self::Prefixes(prefixes) => prefixes.iter().any(|p| path.starts_with(p.as_str())),
            Self::Wildcards(wildcards) => wildcards.iter().any(|w| Glob::LIFECYCLE.matches(w, path)),
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Prefixes(items) | Self::Wildcards(items) => items.len(),
        }
    }

    fn check(&self, path: &str) -> Result<(), Error> {
        if self.len() == 0 {
            return Err(field(
                path,
                "an empty list",
                "at least one {\"prefix\": ...} or {\"wildcard\": ...}",
            ));
        }
        let (items, kind) = match self {
            Self::Prefixes(items) => (items, "prefix"),
            Self::Wildcards(items) => (items, "wildcard"),
        };
        match items.iter().position(String::is_empty) {
            Some(i) => Err(field(
                format!("{path}[{i}].{kind}"),
                "\"\"",
                format!("a non-empty {kind}"),
            )),
            None => Ok(()),
        }
    }
}

/// Keys of a rule and of its `definition` that this crate does not model, kept as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnknownKeys {
    /// Unknown keys next to `definition` and `action`.
    pub rule: Map<String, Value>,
    /// Unknown keys inside `definition`.
    pub definition: Map<String, Value>,
}

/// A transient data rule: delete objects matching a wildcard some seconds after they were written.
#[derive(Debug, Clone, PartialEq)]
pub struct TransientRule {
    wildcards: Vec<String>,
    age: Age,
    /// Keys read but not modelled.
    pub unknown: UnknownKeys,
}

impl TransientRule {
    /// A rule deleting objects that match one of `wildcards` once `seconds_since_create` satisfies `age`.
    ///
    /// Allowed: 1 to [`MAX_TRANSIENT_PATHS`] non-empty wildcards, and an age in [`SECONDS_SINCE_CREATE`].
    pub fn new(wildcards: Vec<String>, age: Age) -> Result<Self, Error> {
        let rule = Self {
            wildcards,
            age,
            unknown: UnknownKeys::default(),
        };
        rule.check("")?;
        Ok(rule)
    }

    /// The wildcards (`demo/primary_*.m3u8`).
    pub fn wildcards(&self) -> &[String] {
        &self.wildcards
    }

    /// The `seconds_since_create` condition.
    pub const fn age(&self) -> Age {
        self.age
    }

    /// The recipe's rule: delete rendition manifests that have not been rewritten for about
    /// `factor` segment durations, for each pipeline base name in `bases` under `path`.
    ///
    /// The threshold comes from [`stale_manifest_age`]; the wildcards from
    /// [`rendition_manifest_wildcard`].
    ///
    /// ```
    /// use hls_epoch::{Cadence, FrameRate};
    /// use mediastore_policy::lifecycle::{Age, Factor, TransientRule};
    ///
    /// let cadence = Cadence::from_medialive_segment_length(6, FrameRate::FPS_30)?;
    /// let rule = TransientRule::stale_manifests(cadence, Factor::RECIPE, "demo", &["primary", "backup"])?;
    /// assert_eq!(rule.age(), Age::greater_than(10)); // deleted 11 s after the last rewrite
    /// assert_eq!(rule.wildcards(), ["demo/primary_*.m3u8", "demo/backup_*.m3u8"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stale_manifests(
        segment: Cadence,
        factor: Factor,
        path: &str,
        bases: &[&str],
    ) -> Result<Self, Error> {
        let age = stale_manifest_age(segment, factor)?;
        let wildcards = bases
            .iter()
            .map(|base| rendition_manifest_wildcard(path, base))
            .collect::<Result<_, _>>()?;
        Self::new(wildcards, age)
    }

    /// Whether the rule selects `path`.
    pub fn matches(&self, path: &str) -> bool {
        self.wildcards.iter().any(|w| Glob::LIFECYCLE.matches(w, path))
    }

    fn check(&self, prefix: &str) -> Result<(), Error> {
        let path = format!("{prefix}definition.path");
        let count = self.wildcards.len();
        if !(1..=MAX_TRANSIENT_PATHS).contains(&count) {
            return Err(field(
                path,
                format!("{count} paths"),
                format!("1 to {MAX_TRANSIENT_PATHS} wildcards in a transient rule"),
            ));
        }
        PathFilter::Wildcards(self.wildcards.clone()).check(&path)?;
        check_age(
            self.age,
            &format!("{prefix}definition.seconds_since_create[0]"),
            &SECONDS_SINCE_CREATE,
        )
    }
}

/// A delete rule: delete objects some days after they were written.
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteRule {
    paths: PathFilter,
    age: Age,
    /// Keys read but not modelled.
    pub unknown: UnknownKeys,
}

impl DeleteRule {
    /// A rule deleting objects selected by `paths` once `days_since_create` satisfies `age`.
    ///
    /// Allowed: a non-empty list of non-empty prefixes or wildcards, and an age in [`DAYS_SINCE_CREATE`].
    pub fn new(paths: PathFilter, age: Age) -> Result<Self, Error> {
        let rule = Self {
            paths,
            age,
            unknown: UnknownKeys::default(),
        };
        rule.check("")?;
        Ok(rule)
    }

    /// The objects it applies to.
    pub fn paths(&self) -> &PathFilter {
        &self.paths
    }

    /// The `days_since_create` condition.
    pub const fn age(&self) -> Age {
        self.age
    }

    fn check(&self, prefix: &str) -> Result<(), Error> {
        self.paths.check(&format!("{prefix}definition.path"))?;
        check_age(
            self.age,
            &format!("{prefix}definition.days_since_create[0]"),
            &DAYS_SINCE_CREATE,
        )
    }
}

/// An archive rule: move objects to infrequent-access storage 30 days after they were written.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveRule {
    paths: PathFilter,
    /// Keys read but not modelled.
    pub unknown: UnknownKeys,
}

impl ArchiveRule {
    /// A rule archiving objects selected by `paths` at `days_since_create >= 30`, the only age
    /// MediaStore allows for `ARCHIVE`.
    pub fn new(paths: PathFilter) -> Result<Self, Error> {
        paths.check("definition.path")?;
        Ok(Self {
            paths,
            unknown: UnknownKeys::default(),
        })
    }

    /// The objects it applies to.
    pub fn paths(&self) -> &PathFilter {
        &self.paths
    }

    /// `>= 30` days.
    pub const fn age(&self) -> Age {
        Age::at_least(ARCHIVE_DAYS)
    }
}

/// One rule of a lifecycle policy.
#[derive(Debug, Clone, PartialEq)]
pub enum LifecycleRule {
    /// Delete after some seconds.
    Transient(TransientRule),
    /// Delete after some days.
    Delete(DeleteRule),
    /// Archive after 30 days.
    Archive(ArchiveRule),
}

impl LifecycleRule {
    /// What the rule does when due.
    pub const fn action(&self) -> LifecycleAction {
        match self {
            Self::Transient(_) | Self::Delete(_) => LifecycleAction::Expire,
            Self::Archive(_) => LifecycleAction::Archive,
        }
    }

    /// Whether the rule applies to the object at `path` (`demo/primary_720p30.m3u8`, no leading `/`).
    pub fn matches(&self, path: &str) -> bool {
        match self {
            Self::Transient(rule) => rule.matches(path),
            Self::Delete(DeleteRule { paths, .. }) | Self::Archive(ArchiveRule { paths, .. }) => {
                paths.matches(path)
            }
        }
    }

    /// The age, in whole seconds, from which the rule is due.
    pub const fn due_after_seconds(&self) -> u64 {
        match self {
            Self::Transient(rule) => rule.age.first_due(),
            Self::Delete(rule) => rule.age.first_due() * SECONDS_PER_DAY,
            Self::Archive(_) => ARCHIVE_DAYS as u64 * SECONDS_PER_DAY,
        }
    }

    /// The instant from which the rule is due for an object created at `created`, whatever its path
    /// (`None` if that is past year 9999).
    pub fn due_at(&self, created: Timestamp) -> Option<Timestamp> {
        created
            .checked_add_nanos(i128::from(self.due_after_seconds()) * NANOS_PER_SECOND)
            .ok()
    }

    fn unknown(&self) -> &UnknownKeys {
        match self {
            Self::Transient(r) => &r.unknown,
            Self::Delete(r) => &r.unknown,
            Self::Archive(r) => &r.unknown,
        }
    }

    fn check(&self, prefix: &str) -> Result<(), Error> {
        match self {
            Self::Transient(rule) => rule.check(prefix),
            Self::Delete(rule) => rule.check(prefix),
            Self::Archive(rule) => rule.paths.check(&format!("{prefix}definition.path")),
        }
    }
}

impl From<TransientRule> for LifecycleRule {
    fn from(rule: TransientRule) -> Self {
        Self::Transient(rule)
    }
}

impl From<DeleteRule> for LifecycleRule {
    fn from(rule: DeleteRule) -> Self {
        Self::Delete(rule)
    }
}

impl From<ArchiveRule> for LifecycleRule {
    fn from(rule: ArchiveRule) -> Self {
        Self::Archive(rule)
    }
}

/// A container's object lifecycle policy.
///
/// ```
/// use mediastore_policy::LifecyclePolicy;
///
/// let policy = LifecyclePolicy::parse(r#"{"rules": [{"definition": {"path": [{"wildcard": "Football/*.m3u8"}],
///     "seconds_since_create": [{"numeric": [">", 20]}]}, "action": "EXPIRE"}]}"#)?;
/// let created = "2026-11-24T22:00:00Z".parse()?;
/// assert_eq!(policy.expires_at("Football/main.m3u8", created), Some("2026-11-24T22:00:21Z".parse()?));
/// assert_eq!(policy.expires_at("Football/seg_1.ts", created), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LifecyclePolicy {
    rules: Vec<LifecycleRule>,
    /// Top-level keys this crate does not model, kept as read.
    pub unknown: Map<String, Value>,
}

impl LifecyclePolicy {
    /// A policy of up to [`MAX_RULES`] rules, within [`MAX_POLICY_CHARS`].
    pub fn new(rules: Vec<LifecycleRule>) -> Result<Self, Error> {
        let policy = Self {
            rules,
            unknown: Map::new(),
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The recipe's policy: one [`TransientRule::stale_manifests`] rule.
    pub fn stale_manifests(
        segment: Cadence,
        factor: Factor,
        path: &str,
        bases: &[&str],
    ) -> Result<Self, Error> {
        Self::new(vec![
            TransientRule::stale_manifests(segment, factor, path, bases)?.into(),
        ])
    }

    /// Parses and validates a lifecycle policy document.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let wire: WirePolicy = serde_json::from_str(text).map_err(|source| Error::Json { source })?;
        Self::from_wire(wire)
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[LifecycleRule] {
        &self.rules
    }

    /// Checks every limit: at most [`MAX_RULES`] rules, each rule's limits, and at most
    /// [`MAX_POLICY_CHARS`] characters of compact JSON. Errors name the rule index and field.
    pub fn validate(&self) -> Result<(), Error> {
        if self.rules.len() > MAX_RULES {
            return Err(field(
                "rules",
                format!("{} rules", self.rules.len()),
                format!("at most {MAX_RULES} rules"),
            ));
        }
        for (i, rule) in self.rules.iter().enumerate() {
            rule.check(&format!("rules[{i}]."))?;
        }
        let chars = serde_json::to_string(&self.to_wire())
            .map_err(|source| Error::Json { source })?
            .chars()
            .count();
        if chars > MAX_POLICY_CHARS {
            return Err(Error::TooLong { chars });
        }
        Ok(())
    }

    /// The compact JSON text `PutLifecyclePolicy` takes, after [`validate`](Self::validate).
    pub fn to_policy_string(&self) -> Result<String, Error> {
        self.validate()?;
        serde_json::to_string(&self.to_wire()).map_err(|source| Error::Json { source })
    }

    /// The policy as indented JSON, for people to read (not checked against the limits).
    pub fn to_pretty_json(&self) -> String {
        // Serialising strings, maps and integers cannot fail.
        serde_json::to_string_pretty(&self.to_wire()).unwrap_or_default()
    }

    /// The instant from which the object at `path`, created at `created`, is no longer served: the
    /// earliest due `EXPIRE` rule that matches it, or `None` if none does.
    pub fn expires_at(&self, path: &str, created: Timestamp) -> Option<Timestamp> {
        self.earliest(path, created, LifecycleAction::Expire)
    }

    /// Whether the object at `path`, created at `created`, is expired at `now` (see the module's time
    /// model).
    pub fn is_expired(&self, path: &str, created: Timestamp, now: Timestamp) -> bool {
        self.expires_at(path, created).is_some_and(|at| now >= at)
    }

    /// The instant from which the object at `path` is archived, if an `ARCHIVE` rule matches it.
    pub fn archives_at(&self, path: &str, created: Timestamp) -> Option<Timestamp> {
        self.earliest(path, created, LifecycleAction::Archive)
    }

    fn earliest(&self, path: &str, created: Timestamp, action: LifecycleAction) -> Option<Timestamp> {
        self.rules
            .iter()
            .filter(|rule| rule.action() == action && rule.matches(path))
            .filter_map(|rule| rule.due_at(created))
            .min()
    }

    fn from_wire(wire: WirePolicy) -> Result<Self, Error> {
        let rules = wire
            .rules
            .into_iter()
            .enumerate()
            .map(|(i, rule)| rule_from_wire(rule, &format!("rules[{i}].")))
            .collect::<Result<Vec<_>, _>>()?;
        let policy = Self {
            rules,
            unknown: wire.extra,
        };
        policy.validate()?;
        Ok(policy)
    }

    fn to_wire(&self) -> WirePolicy {
        WirePolicy {
            rules: self.rules.iter().map(rule_to_wire).collect(),
            extra: self.unknown.clone(),
        }
    }
}

impl Serialize for LifecyclePolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LifecyclePolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_wire(WirePolicy::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl FromStr for LifecyclePolicy {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

fn check_age(age: Age, path: &str, range: &RangeInclusive<u32>) -> Result<(), Error> {
    if !range.contains(&age.value) {
        return Err(field(
            format!("{path}.numeric[1]"),
            age.value,
            format!("{} to {}", range.start(), range.end()),
        ));
    }
    Ok(())
}

/// A positive factor as an exact, reduced fraction, such as the recipe's 1.8 (parsed from decimal text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Factor {
    numerator: u64,
    denominator: u64,
}

impl Factor {
    /// The recipe's 1.8.
    pub const RECIPE: Self = Self {
        numerator: 9,
        denominator: 5,
    };

    /// `numerator / denominator`; refused if zero or with a zero denominator.
    pub fn new(numerator: u64, denominator: u64) -> Result<Self, Error> {
        // Reduce through the exact fraction type hls-epoch already has.
        let value = Seconds::new(numerator, denominator).map_err(|_| {
            field::<Error>(
                "factor",
                format!("{numerator}/{denominator}"),
                "a denominator of at least 1",
            )
        })?;
        if value == Seconds::ZERO {
            return Err(field("factor", "0", "a factor above 0 (the recipe uses 1.8)"));
        }
        Ok(Self {
            numerator: value.numerator(),
            denominator: value.denominator(),
        })
    }

    /// The numerator of the reduced fraction.
    pub const fn numerator(self) -> u64 {
        self.numerator
    }

    /// The denominator of the reduced fraction.
    pub const fn denominator(self) -> u64 {
        self.denominator
    }
}

impl fmt::Display for Factor {
    /// As a decimal (`1.8`), or a fraction when no short decimal is exact (`5/3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Seconds::new(self.numerator, self.denominator) {
            Ok(value) => value.fmt(f),
            Err(_) => write!(f, "{}/{}", self.numerator, self.denominator),
        }
    }
}

impl FromStr for Factor {
    type Err = Error;
    /// A non-negative decimal such as `1.8`.
    fn from_str(text: &str) -> Result<Self, Error> {
        let value: Seconds = text.parse().map_err(|_| {
            field::<Error>(
                "factor",
                format!("{text:?}"),
                "a decimal number above 0, such as \"1.8\"",
            )
        })?;
        Self::new(value.numerator(), value.denominator())
    }
}

/// **The stale-manifest rule.** The `seconds_since_create` condition that deletes a rendition manifest
/// about `factor` segment durations after its last rewrite.
///
/// The deletion age is `D = ceil(factor × segment)` whole seconds, written as `> D - 1` because
/// `> N` deletes at `N + 1` s: the recipe's 1.8 × 6 s = 10.8 s gives `D = 11`, written `> 10`, as the
/// recipe writes it. At 29.97 fps a 6-second segment lasts 6.006 s, 1.8 × 6.006 = 10.8108 s, and the
/// rule is the same `> 10`. `D` must be longer than one segment (a manifest is rewritten once per
/// segment, so anything shorter deletes live manifests) and `D - 1` at most 300.
///
/// ```
/// use hls_epoch::{Cadence, FrameRate};
/// use mediastore_policy::lifecycle::{stale_manifest_age, Age, Factor};
///
/// let ntsc = Cadence::from_medialive_segment_length(6, FrameRate::FPS_29_97)?;
/// assert_eq!(stale_manifest_age(ntsc, Factor::RECIPE)?, Age::greater_than(10));
/// assert!(stale_manifest_age(ntsc, "1".parse()?).is_ok()); // 7 s > 6.006 s, tight but live-safe
/// let pal = Cadence::from_medialive_segment_length(6, FrameRate::FPS_25)?;
/// assert!(stale_manifest_age(pal, "1".parse()?).is_err()); // 6 s would delete live manifests
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stale_manifest_age(segment: Cadence, factor: Factor) -> Result<Age, Error> {
    let duration = segment.duration();
    let scaled = duration
        .scale(factor.numerator(), factor.denominator())
        .map_err(|_| Error::ThresholdTooLong {
            threshold: u64::MAX,
            written: u64::MAX,
            factor,
            segment: duration,
            max: *SECONDS_SINCE_CREATE.end(),
        })?;
    let threshold = scaled.ceil();
    if Seconds::whole(threshold) <= duration {
        return Err(Error::ThresholdTooShort {
            threshold,
            factor,
            segment: duration,
        });
    }
    let written = threshold - 1;
    let max = *SECONDS_SINCE_CREATE.end();
    match u32::try_from(written) {
        Ok(value) if value <= max => {
            // `threshold > duration > 0` makes `threshold >= 1`; `written == 0` only for sub-second
            // segments, which the transient grammar cannot express.
            check_age(
                Age::greater_than(value),
                "seconds_since_create",
                &SECONDS_SINCE_CREATE,
            )?;
            Ok(Age::greater_than(value))
        }
        _ => Err(Error::ThresholdTooLong {
            threshold,
            written,
            factor,
            segment: duration,
            max,
        }),
    }
}

/// The wildcard matching every rendition manifest MediaLive writes under `path` for destination base
/// name `base`: `<path>/<base>_*.m3u8` (`demo/primary_*.m3u8`).
///
/// It assumes name modifiers start with `_` (as MediaLive's defaults such as `_720p30` do), and never
/// matches the pipeline's master manifest `<path>/<base>.m3u8`, which must not expire.
pub fn rendition_manifest_wildcard(path: &str, base: &str) -> Result<String, Error> {
    let path = path.trim_matches('/');
    if path.contains('*') {
        return Err(field("path", format!("{path:?}"), "a path without '*'"));
    }
    if base.is_empty() || base.contains(['/', '*']) {
        return Err(field(
            "base",
            format!("{base:?}"),
            "a non-empty base file name without '/' or '*'",
        ));
    }
    let join = |file: String| {
        if path.is_empty() {
            file
        } else {
            format!("{path}/{file}")
        }
    };
    let wildcard = join(rendition_playlist(base, "_*"));
    if Glob::LIFECYCLE.matches(&wildcard, &join(master_playlist(base))) {
        return Err(field(
            "base",
            format!("{base:?}"),
            "a base name whose rendition wildcard does not match its master",
        ));
    }
    Ok(wildcard)
}

// ---- The wire grammar ----

#[derive(Serialize, Deserialize)]
struct WirePolicy {
    rules: Vec<WireRule>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct WireRule {
    definition: WireDefinition,
    action: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct WireDefinition {
    path: Vec<WirePath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seconds_since_create: Option<Vec<WireCriterion>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days_since_create: Option<Vec<WireCriterion>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum WirePath {
    Wildcard(String),
    Prefix(String),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCriterion {
    numeric: (String, Value),
}

fn rule_from_wire(rule: WireRule, prefix: &str) -> Result<LifecycleRule, Error> {
    let WireRule {
        definition,
        action,
        extra,
    } = rule;
    let unknown = UnknownKeys {
        rule: extra,
        definition: definition.extra,
    };
    let action = match action.as_str() {
        "EXPIRE" => LifecycleAction::Expire,
        "ARCHIVE" => LifecycleAction::Archive,
        other => {
            return Err(field(
                format!("{prefix}action"),
                format!("{other:?}"),
                "\"EXPIRE\" or \"ARCHIVE\"",
            ));
        }
    };
    let def = format!("{prefix}definition");
    let paths = || path_filter(&definition.path, &format!("{def}.path"));
    let rule = match (
        definition.seconds_since_create,
        definition.days_since_create,
        action,
    ) {
        (Some(_), Some(_), _) => {
            return Err(field(
                &def,
                "both seconds_since_create and days_since_create",
                "exactly one of them",
            ));
        }
        (None, None, _) => {
            return Err(field(
                &def,
                "neither seconds_since_create nor days_since_create",
                "exactly one of them",
            ));
        }
        (Some(_), None, LifecycleAction::Archive) => {
            return Err(field(
                format!("{prefix}action"),
                "\"ARCHIVE\" with seconds_since_create",
                "\"EXPIRE\" (ARCHIVE takes days_since_create >= 30)",
            ));
        }
        (Some(seconds), None, LifecycleAction::Expire) => {
            let age = age_from_wire(&seconds, &format!("{def}.seconds_since_create"))?;
            let wildcards = match paths()? {
                PathFilter::Wildcards(w) => w,
                PathFilter::Prefixes(_) => {
                    return Err(field(
                        format!("{def}.path"),
                        "a prefix",
                        "wildcards only in a transient (seconds_since_create) rule",
                    ));
                }
            };
            LifecycleRule::Transient(TransientRule {
                wildcards,
                age,
                unknown,
            })
        }
        (None, Some(days), LifecycleAction::Expire) => {
            let age = age_from_wire(&days, &format!("{def}.days_since_create"))?;
            LifecycleRule::Delete(DeleteRule {
                paths: paths()?,
                age,
                unknown,
            })
        }
        (None, Some(days), LifecycleAction::Archive) => {
            let age = age_from_wire(&days, &format!("{def}.days_since_create"))?;
            if age != Age::at_least(ARCHIVE_DAYS) {
                return Err(field(
                    format!("{def}.days_since_create[0].numeric"),
                    format!("[\"{}\", {}]", age.comparison, age.value),
                    format!("[\">=\", {ARCHIVE_DAYS}] for ARCHIVE"),
                ));
            }
            LifecycleRule::Archive(ArchiveRule {
                paths: paths()?,
                unknown,
            })
        }
    };
    rule.check(prefix)?;
    Ok(rule)
}

fn path_filter(paths: &[WirePath], path: &str) -> Result<PathFilter, Error> {
    let mut prefixes = Vec::new();
    let mut wildcards = Vec::new();
    for p in paths {
        match p {
            WirePath::Prefix(s) => prefixes.push(s.clone()),
            WirePath::Wildcard(s) => wildcards.push(s.clone()),
        }
    }
    match (prefixes.is_empty(), wildcards.is_empty()) {
        (false, false) => Err(field(
            path,
            "both prefix and wildcard paths",
            "only prefixes or only wildcards in one rule",
        )),
        (true, _) => Ok(PathFilter::Wildcards(wildcards)),
        (false, true) => Ok(PathFilter::Prefixes(prefixes)),
    }
}

fn age_from_wire(criteria: &[WireCriterion], path: &str) -> Result<Age, Error> {
    let [criterion] = criteria else {
        return Err(field(
            path,
            format!("{} conditions", criteria.len()),
            "exactly one {\"numeric\": [\">\" or \">=\", n]}",
        ));
    };
    let (op, value) = &criterion.numeric;
    let comparison = match op.as_str() {
        ">" => Comparison::Greater,
        ">=" => Comparison::GreaterOrEqual,
        other => {
            return Err(field(
                format!("{path}[0].numeric[0]"),
                format!("{other:?}"),
                "\">\" or \">=\"",
            ));
        }
    };
    let value = value
        .as_u64()
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| field::<Error>(format!("{path}[0].numeric[1]"), value, "a whole number"))?;
    Ok(Age { comparison, value })
}

fn rule_to_wire(rule: &LifecycleRule) -> WireRule {
    let criterion = |age: Age| {
        vec![WireCriterion {
            numeric: (age.comparison.to_string(), Value::from(age.value)),
        }]
    };
    let filter = |paths: &PathFilter| match paths {
        PathFilter::Prefixes(p) => p.iter().cloned().map(WirePath::Prefix).collect(),
        PathFilter::Wildcards(w) => w.iter().cloned().map(WirePath::Wildcard).collect(),
    };
    let (path, seconds, days) = match rule {
        LifecycleRule::Transient(r) => (
            r.wildcards.iter().cloned().map(WirePath::Wildcard).collect(),
            Some(criterion(r.age)),
            None,
        ),
        LifecycleRule::Delete(r) => (filter(&r.paths), None, Some(criterion(r.age))),
        LifecycleRule::Archive(r) => (filter(&r.paths), None, Some(criterion(r.age()))),
    };
    let unknown = rule.unknown();
    WireRule {
        definition: WireDefinition {
            path,
            seconds_since_create: seconds,
            days_since_create: days,
            extra: unknown.definition.clone(),
        },
        action: rule.action().as_str().to_owned(),
        extra: unknown.rule.clone(),
    }
}
