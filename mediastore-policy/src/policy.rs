//! The container policy document: IAM's grammar as MediaStore accepts it.
//!
//! Fields that IAM allows as a string or a list keep the form they were read in, and keys this crate
//! does not model are kept in `extra`, so a policy read back from AWS, edited and written again loses
//! nothing.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The only policy language version with policy variables, and the one to write.
pub const VERSION_2012_10_17: &str = "2012-10-17";

/// The most characters MediaStore accepts in a container policy.
pub const MAX_POLICY_CHARS: usize = 8192;

/// Why a container policy could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not a container policy document.
    #[error("container policy is not a valid policy document")]
    Json {
        /// What the JSON parser reported, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The `GetContainerPolicy` output has no `Policy` member.
    #[error(
        "GetContainerPolicy output has no \"Policy\": expected {{\"Policy\": \"<policy document as JSON text>\"}} or the document as an object"
    )]
    MissingPolicy,
    /// The document text is empty or longer than [`MAX_POLICY_CHARS`].
    #[error("container policy has {chars} characters: 1 to {max} are allowed", max = MAX_POLICY_CHARS)]
    Length {
        /// Characters in the compact JSON text.
        chars: usize,
    },
    /// The document text contains a character outside ASCII.
    #[error("container policy has a non-ASCII character {character:?} at {path}: only ASCII is allowed")]
    NonAscii {
        /// The character.
        character: char,
        /// The JSON path of the value that holds it.
        path: String,
    },
    /// A statement is missing an element IAM requires, or has two that exclude each other.
    #[error("{path}: {problem}")]
    Statement {
        /// The JSON path of the statement (`Statement[1]`).
        path: String,
        /// What is wrong and what is allowed.
        problem: &'static str,
    },
}

/// A value IAM accepts either as one item or as a list; the form read is the form written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single item: `"mediastore:*"`.
    One(T),
    /// A list: `["mediastore:GetObject", "mediastore:DescribeObject"]`.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            Self::One(item) => std::slice::from_ref(item).iter(),
            Self::Many(items) => items.iter(),
        }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(items) => items.len(),
        }
    }

    /// Whether this is an empty list.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an item, turning a single item into a list.
    pub fn push(&mut self, item: T) {
        match self {
            Self::Many(items) => items.push(item),
            Self::One(_) => {
                let one = std::mem::replace(self, Self::Many(Vec::with_capacity(2)));
                if let (Self::One(first), Self::Many(items)) = (one, &mut *self) {
                    items.push(first);
                    items.push(item);
                }
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    /// A list is read item by item and anything else as one item, so an error inside reports the
    /// item's own problem (not a bare "did not match any variant").
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};

        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("one value or a list of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(item: T) -> Self {
        Self::One(item)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A MediaStore container policy.
///
/// ```
/// use mediastore_policy::ContainerPolicy;
///
/// let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*",
///     "Action":"mediastore:GetObject","Resource":"arn:aws:mediastore:us-west-2:000011112222:container/demo/*"}}"#;
/// let policy = ContainerPolicy::parse(text)?;
/// assert_eq!(policy.statements().count(), 1);
/// let json = policy.to_policy_string()?; // what PutContainerPolicy takes
/// assert_eq!(ContainerPolicy::parse(&json)?, policy);
/// # Ok::<(), mediastore_policy::policy::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerPolicy {
    /// The policy language version (`2012-10-17`).
    #[serde(rename = "Version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// An optional policy id.
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The statements, as one object or a list.
    #[serde(rename = "Statement")]
    pub statement: OneOrMany<Statement>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Whether a statement allows or denies.
///
/// The default is `Deny`, the safe choice for a statement under construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Effect {
    /// The statement grants access.
    Allow,
    /// The statement refuses access, whatever any other statement allows.
    #[default]
    Deny,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Statement {
    /// An optional statement id.
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Allow or Deny.
    #[serde(rename = "Effect")]
    pub effect: Effect,
    /// Who the statement applies to.
    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    /// Who the statement applies to by exclusion.
    #[serde(rename = "NotPrincipal", default, skip_serializing_if = "Option::is_none")]
    pub not_principal: Option<Principal>,
    /// The actions (`mediastore:GetObject`, with `*` and `?` wildcards).
    #[serde(rename = "Action", default, skip_serializing_if = "Option::is_none")]
    pub action: Option<OneOrMany<String>>,
    /// The actions by exclusion.
    #[serde(rename = "NotAction", default, skip_serializing_if = "Option::is_none")]
    pub not_action: Option<OneOrMany<String>>,
    /// The resources (ARNs, with `*` and `?` wildcards).
    #[serde(rename = "Resource", default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<OneOrMany<String>>,
    /// The resources by exclusion.
    #[serde(rename = "NotResource", default, skip_serializing_if = "Option::is_none")]
    pub not_resource: Option<OneOrMany<String>>,
    /// Conditions that must all hold.
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `Principal` (or `NotPrincipal`) element.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// `"*"`: everyone, signed or anonymous.
    Everyone,
    /// `{"AWS": ..., "Service": ...}`.
    Typed(PrincipalMap),
}

/// The typed form of a principal: one or many ids per principal type.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PrincipalMap {
    /// AWS accounts, users and roles: `arn:aws:iam::<account>:root` (the whole account), a 12-digit
    /// account id, a user or role ARN, or `*`.
    #[serde(rename = "AWS", default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<OneOrMany<String>>,
    /// Service principals (`cloudfront.amazonaws.com`).
    #[serde(rename = "Service", default, skip_serializing_if = "Option::is_none")]
    pub service: Option<OneOrMany<String>>,
    /// Federated identity providers.
    #[serde(rename = "Federated", default, skip_serializing_if = "Option::is_none")]
    pub federated: Option<OneOrMany<String>>,
    /// Canonical user ids.
    #[serde(rename = "CanonicalUser", default, skip_serializing_if = "Option::is_none")]
    pub canonical_user: Option<OneOrMany<String>>,
    /// Principal types this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Principal {
    /// `{"AWS": id}`.
    pub fn aws(id: impl Into<String>) -> Self {
        Self::Typed(PrincipalMap {
            aws: Some(OneOrMany::One(id.into())),
            ..PrincipalMap::default()
        })
    }

    /// `{"Service": name}`.
    pub fn service(name: impl Into<String>) -> Self {
        Self::Typed(PrincipalMap {
            service: Some(OneOrMany::One(name.into())),
            ..PrincipalMap::default()
        })
    }

    /// Whether this names everyone: `"*"` or `{"AWS": "*"}`.
    pub fn is_everyone(&self) -> bool {
        match self {
            Self::Everyone => true,
            Self::Typed(map) => map.aws.as_ref().is_some_and(|ids| ids.iter().any(|id| id == "*")),
        }
    }
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Everyone => serializer.serialize_str("*"),
            Self::Typed(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Principal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Typed(PrincipalMap),
        }
        match Wire::deserialize(deserializer)? {
            Wire::Text(text) if text == "*" => Ok(Self::Everyone),
            Wire::Text(text) => Err(de::Error::custom(format_args!(
                "principal {text:?} is not allowed: a principal string must be \"*\"; use {{\"AWS\": {text:?}}} for an account or ARN"
            ))),
            Wire::Typed(map) => Ok(Self::Typed(map)),
        }
    }
}

/// A condition value: IAM takes strings, and also accepts JSON booleans and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConditionValue {
    /// `"true"`, `"198.51.100.0/24"`, ...
    String(String),
    /// `true`.
    Bool(bool),
    /// `3600`.
    Number(serde_json::Number),
}

impl ConditionValue {
    /// The value as IAM compares it: its text.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Self::String(text) => Cow::Borrowed(text),
            Self::Bool(true) => Cow::Borrowed("true"),
            Self::Bool(false) => Cow::Borrowed("false"),
            Self::Number(n) => Cow::Owned(n.to_string()),
        }
    }
}

impl From<&str> for ConditionValue {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

/// One condition key and its values (`"aws:SourceIp": ["198.51.100.0/24"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    /// The condition key (`aws:SecureTransport`), compared case-insensitively.
    pub key: String,
    /// The value or values; for most operators any one matching is enough.
    pub values: OneOrMany<ConditionValue>,
}

/// One condition operator and its keys (`"StringLike": {"aws:UserAgent": "..."}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionClause {
    /// The operator as written, with any `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix.
    pub operator: String,
    /// The keys, in the order read; all must hold.
    pub entries: Vec<ConditionEntry>,
}

/// The `Condition` element: operators in the order read; all must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition {
    /// The clauses, one per operator.
    pub clauses: Vec<ConditionClause>,
}

impl Condition {
    /// Adds `operator` → `key` → `values`, appending to the operator's clause if it exists.
    pub fn with(mut self, operator: &str, key: &str, values: OneOrMany<ConditionValue>) -> Self {
        let entry = ConditionEntry {
            key: key.to_owned(),
            values,
        };
        match self.clauses.iter_mut().find(|c| c.operator == operator) {
            Some(clause) => clause.entries.push(entry),
            None => self.clauses.push(ConditionClause {
                operator: operator.to_owned(),
                entries: vec![entry],
            }),
        }
        self
    }

    /// The values of `key` under exactly `operator` (key compared case-insensitively).
    pub fn values(&self, operator: &str, key: &str) -> Option<&OneOrMany<ConditionValue>> {
        self.clauses
            .iter()
            .filter(|c| c.operator == operator)
            .flat_map(|c| &c.entries)
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| &e.values)
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Entries<'a>(&'a [ConditionEntry]);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for entry in self.0 {
                    map.serialize_entry(&entry.key, &entry.values)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.clauses.len()))?;
        for clause in &self.clauses {
            map.serialize_entry(&clause.operator, &Entries(&clause.entries))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries(Vec<ConditionEntry>);
        impl<'de> Deserialize<'de> for Entries {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Entries;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object of condition keys to a value or a list of values")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Entries, A::Error> {
                        let mut entries = Vec::new();
                        while let Some((key, values)) = access.next_entry()? {
                            entries.push(ConditionEntry { key, values });
                        }
                        Ok(Entries(entries))
                    }
                }
                deserializer.deserialize_map(V)
            }
        }

        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of condition operators to objects of condition keys")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Condition, A::Error> {
                let mut clauses = Vec::new();
                while let Some((operator, Entries(entries))) = access.next_entry::<String, Entries>()? {
                    clauses.push(ConditionClause { operator, entries });
                }
                Ok(Condition { clauses })
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl ContainerPolicy {
    /// A policy with `Version` 2012-10-17 and these statements (written as a list).
    pub fn new(statements: Vec<Statement>) -> Self {
        Self {
            version: Some(VERSION_2012_10_17.to_owned()),
            id: None,
            statement: OneOrMany::Many(statements),
            extra: Map::new(),
        }
    }

    /// Parses a policy document (any whitespace, any key order).
    pub fn parse(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|source| Error::Json { source })
    }

    /// Reads a policy written as JSON either way an AWS reply or document shows it: a JSON string
    /// holding the document, as the `Get*Policy` APIs return it, or the document itself, as the AWS CLI
    /// documentation prints it. Statements and condition operators keep their order.
    pub fn read(json: &str) -> Result<Self, Error> {
        if json.trim_start().starts_with('"') {
            let text: String = serde_json::from_str(json).map_err(|source| Error::Json { source })?;
            Self::parse(&text)
        } else {
            Self::parse(json)
        }
    }

    /// Parses the output of `aws mediastore get-container-policy`: `{"Policy": "<document as a JSON
    /// string>"}`, or with the document as an object.
    pub fn from_get_container_policy_output(text: &str) -> Result<Self, Error> {
        #[derive(Deserialize)]
        struct Output<'a> {
            #[serde(rename = "Policy", borrow)]
            policy: Option<&'a serde_json::value::RawValue>,
        }
        let output: Output<'_> = serde_json::from_str(text).map_err(|source| Error::Json { source })?;
        Self::read(output.policy.ok_or(Error::MissingPolicy)?.get())
    }

    /// The statements, in order.
    pub fn statements(&self) -> std::slice::Iter<'_, Statement> {
        self.statement.iter()
    }

    /// Checks what MediaStore checks before storing a policy: at least one statement, each with its
    /// required elements, and 1 to [`MAX_POLICY_CHARS`] ASCII characters in the compact JSON text.
    pub fn validate(&self) -> Result<(), Error> {
        self.to_policy_string().map(drop)
    }

    /// The compact JSON text `PutContainerPolicy` takes, after [`validate`](Self::validate)'s checks.
    pub fn to_policy_string(&self) -> Result<String, Error> {
        if self.statement.is_empty() {
            return Err(Error::Statement {
                path: "Statement".to_owned(),
                problem: "an empty list: at least one statement is required",
            });
        }
        for (index, statement) in self.statements().enumerate() {
            statement.check_elements(&statement_path(&self.statement, index))?;
        }
        let text = serde_json::to_string(self).map_err(|source| Error::Json { source })?;
        if let Some(character) = text.chars().find(|c| !c.is_ascii()) {
            return Err(Error::NonAscii {
                character,
                path: self.path_of_non_ascii(character),
            });
        }
        if text.is_empty() || text.len() > MAX_POLICY_CHARS {
            return Err(Error::Length { chars: text.len() });
        }
        Ok(text)
    }

    /// The policy as indented JSON, for people to read (not checked against the limits).
    pub fn to_pretty_json(&self) -> String {
        // Serialising plain strings, maps and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn path_of_non_ascii(&self, character: char) -> String {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        find_char(&value, character, &mut String::new()).unwrap_or_else(|| "(document)".to_owned())
    }
}

impl std::str::FromStr for ContainerPolicy {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

/// `Statement` for a single statement, `Statement[i]` in a list.
pub(crate) fn statement_path(statements: &OneOrMany<Statement>, index: usize) -> String {
    match statements {
        OneOrMany::One(_) => "Statement".to_owned(),
        OneOrMany::Many(_) => format!("Statement[{index}]"),
    }
}

fn find_char(value: &Value, character: char, path: &mut String) -> Option<String> {
    match value {
        Value::String(s) if s.contains(character) => Some(if path.is_empty() {
            "(root)".to_owned()
        } else {
            path.clone()
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let mut p = format!("{path}[{i}]");
            find_char(item, character, &mut p)
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains(character) {
                return Some(format!("{path}{}{k}", if path.is_empty() { "" } else { "." }));
            }
            let mut p = format!("{path}{}{k}", if path.is_empty() { "" } else { "." });
            find_char(v, character, &mut p)
        }),
        _ => None,
    }
}

impl Statement {
    /// Checks the elements IAM requires: exactly one of `Principal`/`NotPrincipal` (a resource
    /// policy always names who), of `Action`/`NotAction` and of `Resource`/`NotResource`.
    pub(crate) fn check_elements(&self, path: &str) -> Result<(), Error> {
        let problem = |problem| {
            Err(Error::Statement {
                path: path.to_owned(),
                problem,
            })
        };
        match (&self.principal, &self.not_principal) {
            (None, None) => {
                return problem(
                    "missing Principal: a container policy statement must name a Principal or NotPrincipal",
                );
            }
            (Some(_), Some(_)) => return problem("both Principal and NotPrincipal: only one is allowed"),
            _ => {}
        }
        match (&self.action, &self.not_action) {
            (None, None) => return problem("missing Action: a statement must have Action or NotAction"),
            (Some(_), Some(_)) => return problem("both Action and NotAction: only one is allowed"),
            _ => {}
        }
        match (&self.resource, &self.not_resource) {
            (None, None) => problem("missing Resource: a statement must have Resource or NotResource"),
            (Some(_), Some(_)) => problem("both Resource and NotResource: only one is allowed"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_push_keeps_order() {
        let mut v = OneOrMany::One(1);
        v.push(2);
        v.push(3);
        assert_eq!(v, OneOrMany::Many(vec![1, 2, 3]));
    }

    #[test]
    fn condition_keeps_operator_order() {
        let text = r#"{"StringLike":{"aws:UserAgent":"x"},"Bool":{"aws:SecureTransport":"true"}}"#;
        let condition: Condition = serde_json::from_str(text).unwrap();
        assert_eq!(condition.clauses[0].operator, "StringLike");
        assert_eq!(serde_json::to_string(&condition).unwrap(), text);
    }

    #[test]
    fn principal_string_must_be_star() {
        let err = serde_json::from_str::<Principal>(r#""arn:aws:iam::000011112222:root""#).unwrap_err();
        assert!(err.to_string().contains("must be \"*\""), "{err}");
    }

    #[test]
    fn non_ascii_is_located() {
        let mut policy = ContainerPolicy::new(vec![Statement {
            sid: Some("Lecture€".to_owned()),
            effect: Effect::Allow,
            principal: Some(Principal::Everyone),
            action: Some("mediastore:GetObject".to_owned().into()),
            resource: Some("*".to_owned().into()),
            ..Statement::default()
        }]);
        let err = policy.to_policy_string().unwrap_err().to_string();
        assert!(err.contains("Statement[0].Sid") && err.contains('€'), "{err}");
        policy.statement = OneOrMany::Many(vec![]);
        assert_eq!(
            policy.to_policy_string().unwrap_err().to_string(),
            "Statement: an empty list: at least one statement is required"
        );
    }
}
