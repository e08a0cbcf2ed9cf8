//! The two spellings of a channel document: PascalCase (AWS CLI, SDKs, CloudFormation, the console's
//! "Download custom template") and camelCase (the MediaLive REST API).
//!
//! MediaLive's REST member names are its PascalCase names with the first letter lowered
//! (`EncoderSettings` is `encoderSettings`, `H264Settings` is `h264Settings`, `Id` is `id`), so the
//! conversion is a recursive rename of object keys. Values are never touched, and neither are the keys of
//! `Tags` maps, which belong to the user. Converting PascalCase to camelCase and back gives the same
//! document for every key that starts with an upper-case ASCII letter, which all MediaLive keys do.
//!
//! ```
//! use serde_json::json;
//! use medialive_template::casing;
//!
//! let pascal = json!({"Name": "live", "Tags": {"Team": "news"}, "EncoderSettings": {"H264Settings": {}}});
//! let rest = casing::to_rest(&pascal);
//! assert_eq!(rest, json!({"name": "live", "tags": {"Team": "news"}, "encoderSettings": {"h264Settings": {}}}));
//! assert_eq!(casing::from_rest(&rest), pascal);
//! ```

use serde_json::{Map, Value};

/// Which spelling a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Spelling {
    /// PascalCase keys (AWS CLI, SDKs, CloudFormation, the console's custom templates).
    Pascal,
    /// camelCase keys (the MediaLive REST API).
    Rest,
}

/// The spelling of a document, judged by its top-level keys: camelCase if any starts with a lower-case
/// ASCII letter, PascalCase otherwise (including for an empty object or a non-object).
///
/// ```
/// use serde_json::json;
/// use medialive_template::casing::{self, Spelling};
///
/// assert_eq!(casing::detect(&json!({"name": "x", "encoderSettings": {}})), Spelling::Rest);
/// assert_eq!(casing::detect(&json!({"Name": "x"})), Spelling::Pascal);
/// ```
pub fn detect(value: &Value) -> Spelling {
    let rest = value.as_object().is_some_and(|object| {
        object
            .keys()
            .any(|key| key.starts_with(|c: char| c.is_ascii_lowercase()))
    });
    if rest { Spelling::Rest } else { Spelling::Pascal }
}

/// Object keys whose values are user-keyed maps, in either spelling.
const USER_KEYED_MAPS: [&str; 2] = ["Tags", "tags"];

/// The document with every key in the REST spelling (first letter lower-case).
pub fn to_rest(value: &Value) -> Value {
    rename(value, &|key| {
        let mut chars = key.chars();
        match chars.next() {
            Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    })
}

/// The document with every key in the CLI/SDK spelling (first letter upper-case).
pub fn from_rest(value: &Value) -> Value {
    rename(value, &|key| {
        let mut chars = key.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    })
}

fn rename(value: &Value, key_of: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::Object(object) => {
            let mut renamed = Map::with_capacity(object.len());
            for (key, child) in object {
                let child = if USER_KEYED_MAPS.contains(&key.as_str()) {
                    child.clone()
                } else {
                    rename(child, key_of)
                };
                renamed.insert(key_of(key), child);
            }
            Value::Object(renamed)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| rename(item, key_of)).collect()),
        other => other.clone(),
    }
}
