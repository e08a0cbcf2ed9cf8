//! Template diff: the JSON paths at which two documents differ.

use std::fmt;

use serde_json::Value;

use crate::Channel;
use crate::channel::Error;

/// How a path differs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// Only the second document has a value here.
    Added {
        /// The value in the second document.
        after: Value,
    },
    /// Only the first document has a value here.
    Removed {
        /// The value in the first document.
        before: Value,
    },
    /// Both have a value here, and they differ.
    Changed {
        /// The value in the first document.
        before: Value,
        /// The value in the second document.
        after: Value,
    },
}

/// The differences between two documents, one entry per JSON path, in document order (object keys sorted).
///
/// Paths descend into objects and arrays (index by index) and stop at the first level where the values
/// differ in kind or are scalars: `$.Destinations[0].Settings[1].Url`. Keys that are not plain identifiers
/// are quoted: `$.Tags["cost-center"]`.
///
/// ```
/// use medialive_template::{Channel, TemplateDiff};
///
/// let a = Channel::from_json(r#"{"Name": "east", "LogLevel": "INFO"}"#)?;
/// let b = Channel::from_json(r#"{"Name": "west", "LogLevel": "INFO"}"#)?;
/// let diff = TemplateDiff::between(&a, &b)?;
/// assert_eq!(diff.paths().collect::<Vec<_>>(), ["$.Name"]);
/// assert_eq!(diff.to_string(), "~ $.Name: \"east\" -> \"west\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateDiff {
    entries: Vec<(String, Change)>,
}

impl TemplateDiff {
    /// The differences between two channels, in their CLI/SDK form.
    pub fn between(before: &Channel, after: &Channel) -> Result<Self, Error> {
        Ok(Self::between_values(&before.to_value()?, &after.to_value()?))
    }

    /// The differences between two JSON documents.
    pub fn between_values(before: &Value, after: &Value) -> Self {
        let mut diff = Self::default();
        walk(&mut diff.entries, "$".to_owned(), before, after);
        diff
    }

    /// The changed paths, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(path, _)| path.as_str())
    }

    /// Each changed path with how it changed.
    pub fn entries(&self) -> &[(String, Change)] {
        &self.entries
    }

    /// Whether the documents are equal.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn walk(entries: &mut Vec<(String, Change)>, path: String, before: &Value, after: &Value) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}{}", key_segment(key));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => walk(entries, child, x, y),
                    (Some(x), None) => entries.push((child, Change::Removed { before: x.clone() })),
                    (None, Some(y)) => entries.push((child, Change::Added { after: y.clone() })),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let child = format!("{path}[{i}]");
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => walk(entries, child, x, y),
                    (Some(x), None) => entries.push((child, Change::Removed { before: x.clone() })),
                    (None, Some(y)) => entries.push((child, Change::Added { after: y.clone() })),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => entries.push((
            path,
            Change::Changed {
                before: a.clone(),
                after: b.clone(),
            },
        )),
    }
}

/// `.Key` for identifier-like keys, `["other key"]` otherwise.
pub(crate) fn key_segment(key: &str) -> String {
    let plain = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !key.as_bytes()[0].is_ascii_digit();
    if plain {
        format!(".{key}")
    } else {
        format!("[{}]", Value::String(key.to_owned()))
    }
}

impl fmt::Display for TemplateDiff {
    /// One line per path: `+ path: value`, `- path: value`, `~ path: before -> after`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (path, change)) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match change {
                Change::Added { after } => write!(f, "+ {path}: {after}")?,
                Change::Removed { before } => write!(f, "- {path}: {before}")?,
                Change::Changed { before, after } => write!(f, "~ {path}: {before} -> {after}")?,
            }
        }
        Ok(())
    }
}
