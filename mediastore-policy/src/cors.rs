//! The CORS policy: which web origins may read from a container, in MediaStore's PascalCase JSON.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::invalid::{Invalid, field};

/// The most rules a CORS policy may hold.
pub const MAX_RULES: usize = 100;
/// The most origins, headers or exposed headers a rule may list.
pub const MAX_ITEMS: usize = 100;
/// The largest `MaxAgeSeconds`.
pub const MAX_AGE_SECONDS: u32 = 2_147_483_647;
/// The `MaxAgeSeconds` of [`CorsRule::web_players`], as in AWS's examples.
pub const WEB_PLAYER_MAX_AGE_SECONDS: u32 = 3000;

/// Why a CORS policy was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not a CORS policy document.
    #[error("CORS policy is not a valid document")]
    Json {
        /// What the JSON parser reported, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A field breaks one of MediaStore's limits.
    #[error(transparent)]
    Field(#[from] Invalid),
}

/// An HTTP method a CORS rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `PUT`.
    Put,
    /// `GET`.
    Get,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
}

impl Method {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Put => "PUT",
            Self::Get => "GET",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
        }
    }
}

/// One CORS rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorsRule {
    /// Origins allowed to make requests (`*`, `https://player.example.com`, `https://*.example.com`).
    #[serde(rename = "AllowedOrigins")]
    pub allowed_origins: Vec<String>,
    /// Methods allowed.
    #[serde(rename = "AllowedMethods")]
    pub allowed_methods: Vec<Method>,
    /// Headers a preflight may ask for; required, possibly empty.
    #[serde(rename = "AllowedHeaders")]
    pub allowed_headers: Vec<String>,
    /// How long a browser may cache the preflight answer, in seconds.
    #[serde(rename = "MaxAgeSeconds", default, skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<u32>,
    /// Response headers scripts may read.
    #[serde(rename = "ExposeHeaders", default, skip_serializing_if = "Option::is_none")]
    pub expose_headers: Option<Vec<String>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CorsRule {
    /// The rule for browser players: `GET` and `HEAD` from any origin, any request header, preflight
    /// cached for [`WEB_PLAYER_MAX_AGE_SECONDS`].
    pub fn web_players() -> Self {
        Self {
            allowed_origins: vec!["*".to_owned()],
            allowed_methods: vec![Method::Get, Method::Head],
            allowed_headers: vec!["*".to_owned()],
            max_age_seconds: Some(WEB_PLAYER_MAX_AGE_SECONDS),
            expose_headers: None,
            extra: Map::new(),
        }
    }

    /// Whether a request from `origin` with `method` is allowed by this rule.
    pub fn allows(&self, origin: &str, method: Method) -> bool {
        self.allowed_methods.contains(&method)
            && self
                .allowed_origins
                .iter()
                .any(|o| crate::pattern::Glob::LIFECYCLE.matches(o, origin))
    }

    fn check(&self, index: usize) -> Result<(), Error> {
        let path = |name: &str| format!("[{index}].{name}");
        let count = |name: &str, len: usize, range: std::ops::RangeInclusive<usize>| {
            if range.contains(&len) {
                Ok::<(), Error>(())
            } else {
                Err(field(
                    path(name),
                    format!("{len} items"),
                    format!("{} to {} items", range.start(), range.end()),
                ))
            }
        };
        count("AllowedOrigins", self.allowed_origins.len(), 1..=MAX_ITEMS)?;
        count("AllowedMethods", self.allowed_methods.len(), 1..=4)?;
        count("AllowedHeaders", self.allowed_headers.len(), 0..=MAX_ITEMS)?;
        if let Some(expose) = &self.expose_headers {
            count("ExposeHeaders", expose.len(), 0..=MAX_ITEMS)?;
        }
        for (i, origin) in self.allowed_origins.iter().enumerate() {
            if origin.is_empty() || origin.matches('*').count() > 1 {
                let allowed = "a non-empty origin with at most one '*'";
                return Err(field(
                    format!("{}[{i}]", path("AllowedOrigins")),
                    format!("{origin:?}"),
                    allowed,
                ));
            }
        }
        for (i, method) in self.allowed_methods.iter().enumerate() {
            if self.allowed_methods[..i].contains(method) {
                return Err(field(
                    format!("{}[{i}]", path("AllowedMethods")),
                    method.as_str(),
                    "each method once",
                ));
            }
        }
        if let Some(age) = self.max_age_seconds.filter(|age| *age > MAX_AGE_SECONDS) {
            return Err(field(
                path("MaxAgeSeconds"),
                age,
                format!("0 to {MAX_AGE_SECONDS}"),
            ));
        }
        Ok(())
    }
}

/// A container's CORS policy: 1 to [`MAX_RULES`] rules; the first rule that matches a request applies.
///
/// It reads and writes MediaStore's form, a JSON array of rules.
///
/// ```
/// use mediastore_policy::{CorsPolicy, cors::Method};
///
/// let policy = CorsPolicy::web_players();
/// assert!(policy.rule_for("https://player.example.com", Method::Get).is_some());
/// assert!(policy.rule_for("https://player.example.com", Method::Put).is_none());
/// assert_eq!(CorsPolicy::parse(&policy.to_policy_string())?, policy);
/// # Ok::<(), mediastore_policy::cors::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct CorsPolicy(Vec<CorsRule>);

impl CorsPolicy {
    /// A validated policy.
    pub fn new(rules: Vec<CorsRule>) -> Result<Self, Error> {
        if !(1..=MAX_RULES).contains(&rules.len()) {
            return Err(field(
                "(root)".to_owned(),
                format!("{} rules", rules.len()),
                format!("1 to {MAX_RULES} rules"),
            ));
        }
        for (index, rule) in rules.iter().enumerate() {
            rule.check(index)?;
        }
        Ok(Self(rules))
    }

    /// One [`CorsRule::web_players`] rule.
    pub fn web_players() -> Self {
        Self(vec![CorsRule::web_players()])
    }

    /// Parses and validates the JSON array MediaStore uses.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let rules: Vec<CorsRule> = serde_json::from_str(text).map_err(|source| Error::Json { source })?;
        Self::new(rules)
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[CorsRule] {
        &self.0
    }

    /// The rule that applies to a request from `origin` with `method`: the first that allows it.
    pub fn rule_for(&self, origin: &str, method: Method) -> Option<&CorsRule> {
        self.0.iter().find(|rule| rule.allows(origin, method))
    }

    /// The compact JSON array, as the CLI's `--cors-policy` takes it.
    pub fn to_policy_string(&self) -> String {
        // Serialising strings, maps and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The policy as indented JSON, for people to read.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for CorsPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(Vec::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl FromStr for CorsPolicy {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}
