//! A STANDARD channel's two pipelines, and where each writes: one shared path and a base name each.
//!
//! The base-name rule lives here, once: the channel builder, the master-manifest prediction and the
//! lifecycle rule all take [`PipelineNames`], so a name one of them accepts is never refused by another.

use std::fmt;
use std::str::FromStr;

use hls_epoch::naming::master_playlist;

/// One of a STANDARD channel's two pipelines.
///
/// Pipeline 0 writes to the output group's destination A (the recipe's `primary` base name) and is fed
/// by the Region's flow A; pipeline 1 writes to destination B (`backup`) and is fed by flow B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pipeline {
    /// Pipeline 0, destination A (the recipe's `primary`).
    #[serde(alias = "a", alias = "0")]
    Primary,
    /// Pipeline 1, destination B (the recipe's `backup`).
    #[serde(alias = "b", alias = "1")]
    Backup,
}

impl Pipeline {
    /// Both pipelines, in MediaLive's order.
    pub const BOTH: [Pipeline; 2] = [Pipeline::Primary, Pipeline::Backup];

    /// MediaLive's pipeline index (0 or 1).
    pub const fn index(self) -> u8 {
        match self {
            Self::Primary => 0,
            Self::Backup => 1,
        }
    }

    /// The pipeline's destination letter, lower case (`a` or `b`), as the console labels the output
    /// group's two destinations and as the workflow names the flow that feeds the pipeline.
    pub const fn letter(self) -> &'static str {
        match self {
            Self::Primary => "a",
            Self::Backup => "b",
        }
    }

    /// The other pipeline.
    pub const fn other(self) -> Self {
        match self {
            Self::Primary => Self::Backup,
            Self::Backup => Self::Primary,
        }
    }
}

impl fmt::Display for Pipeline {
    /// MediaLive's index, as the schedule API and the console name a pipeline (`0`, `1`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.index())
    }
}

/// Why a pipeline, or the names of both pipelines' files, were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value is not allowed.
    #[error("{field} = {value:?} is not allowed: {allowed}")]
    Invalid {
        /// The field (`primary_base`, `path`).
        field: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
}

impl FromStr for Pipeline {
    type Err = Error;

    /// `0` or `primary`, `1` or `backup`.
    fn from_str(value: &str) -> Result<Pipeline, Error> {
        match value {
            "0" | "primary" => Ok(Pipeline::Primary),
            "1" | "backup" => Ok(Pipeline::Backup),
            _ => Err(Error::Invalid {
                field: "pipeline",
                value: value.to_owned(),
                allowed: "0 (or primary) or 1 (or backup)",
            }),
        }
    }
}

/// Where both pipelines write: one shared path and a base file name each (`demo/primary`,
/// `demo/backup`). With redundant manifests, MediaLive requires both destinations to share protocol,
/// host and path and to differ only in their base name.
///
/// ```
/// use medialive_template::{Pipeline, PipelineNames};
///
/// let names = PipelineNames::new("live", "primary", "backup")?;
/// assert_eq!(names.master_key(Pipeline::Backup), "live/backup.m3u8");
/// assert!(PipelineNames::new("live", "p,1", "backup").is_err()); // a ',' breaks the manifest's CODECS lists
/// # Ok::<(), medialive_template::pipeline::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PipelineNames {
    path: String,
    primary: String,
    backup: String,
}

/// What a base name, a name modifier or an audio group name may be: see [`is_name_part`].
pub const NAME_PART_ALLOWED: &str = "a file name of visible ASCII without '/', '\"', ',' or '$' (no date/time variables with redundant manifests)";

/// Whether `name` may be part of a playlist's name or its group: a base name, a name modifier or an
/// audio group. Non-empty visible ASCII without `/` (one path), `"` and `,` (they would break the
/// master manifest's quoted attribute lists) and `$` (date/time variables change with time, so the
/// pipelines and Regions would disagree).
pub fn is_name_part(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b'"' | b',' | b'$'))
}

impl PipelineNames {
    /// `path` is the object path both destinations share (`demo`, `live/demo`, or empty; leading and
    /// trailing `/` are dropped); `primary` and `backup` are pipeline 0's and pipeline 1's base file
    /// names, which must differ and hold no `/`, `"`, `,` and no date or time variable (`$dt$`...).
    pub fn new(path: &str, primary: &str, backup: &str) -> Result<Self, Error> {
        let path = path.trim_matches('/');
        if path.split('/').any(|s| s == "." || s == "..")
            || path.contains("//")
            || !path.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(Error::Invalid {
                field: "path",
                value: path.to_owned(),
                allowed: "an object path of visible ASCII such as \"demo\" or \"live/demo\", without \".\" or \"..\" parts",
            });
        }
        for (field, base) in [("primary_base", primary), ("backup_base", backup)] {
            check_base(field, base)?;
        }
        if primary == backup {
            return Err(Error::Invalid {
                field: "backup_base",
                value: backup.to_owned(),
                allowed: "a base name different from the primary's",
            });
        }
        Ok(Self {
            path: path.to_owned(),
            primary: primary.to_owned(),
            backup: backup.to_owned(),
        })
    }

    /// The recipe's names in `path`: `primary` for pipeline 0 and `backup` for pipeline 1.
    pub fn recipe(path: &str) -> Result<Self, Error> {
        Self::new(path, "primary", "backup")
    }

    /// The shared path, without leading or trailing `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A pipeline's base file name.
    pub fn base(&self, pipeline: Pipeline) -> &str {
        match pipeline {
            Pipeline::Primary => &self.primary,
            Pipeline::Backup => &self.backup,
        }
    }

    /// Both base names, pipeline 0 first.
    pub fn bases(&self) -> [&str; 2] {
        [&self.primary, &self.backup]
    }

    /// The object key of a file in the shared path (`demo/index.m3u8`).
    pub fn key(&self, file: &str) -> String {
        if self.path.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{file}", self.path)
        }
    }

    /// The object key of a pipeline's own master (`demo/primary.m3u8`).
    pub fn master_key(&self, pipeline: Pipeline) -> String {
        self.key(&master_playlist(self.base(pipeline)))
    }
}

impl Default for PipelineNames {
    /// The recipe's names at the root of the origin: `primary` and `backup`.
    fn default() -> Self {
        Self {
            path: String::new(),
            primary: "primary".to_owned(),
            backup: "backup".to_owned(),
        }
    }
}

fn check_base(field: &'static str, name: &str) -> Result<(), Error> {
    if is_name_part(name) {
        Ok(())
    } else {
        Err(Error::Invalid {
            field,
            value: name.to_owned(),
            allowed: NAME_PART_ALLOWED,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipelines_have_medialive_indices_letters_and_each_other() {
        assert_eq!(Pipeline::Primary.index(), 0);
        assert_eq!(Pipeline::Backup.index(), 1);
        assert_eq!(Pipeline::Primary.letter(), "a");
        assert_eq!(Pipeline::Backup.letter(), "b");
        assert_eq!(Pipeline::Primary.other(), Pipeline::Backup);
        assert_eq!(Pipeline::Backup.to_string(), "1");
        assert_eq!("0".parse::<Pipeline>(), Ok(Pipeline::Primary));
        assert_eq!("backup".parse::<Pipeline>(), Ok(Pipeline::Backup));
        let err = "2".parse::<Pipeline>().unwrap_err().to_string();
        assert!(err.contains("\"2\"") && err.contains("0 (or primary)"), "{err}");
    }

    #[test]
    fn pipelines_read_their_older_spellings() {
        // State files written before pipelines had one home keyed flows by destination letter.
        let read: Vec<Pipeline> = serde_json::from_str(r#"["a", "b", "primary", "1"]"#).unwrap();
        assert_eq!(
            read,
            [
                Pipeline::Primary,
                Pipeline::Backup,
                Pipeline::Primary,
                Pipeline::Backup
            ]
        );
        assert_eq!(serde_json::to_string(&Pipeline::Backup).unwrap(), "\"backup\"");
    }

    #[test]
    fn names_share_a_path_and_differ_in_base() {
        let names = PipelineNames::new("/demo/", "primary", "backup").unwrap();
        assert_eq!(names.path(), "demo");
        assert_eq!(names.key("index.m3u8"), "demo/index.m3u8");
        assert_eq!(names.master_key(Pipeline::Backup), "demo/backup.m3u8");
        assert_eq!(names.bases(), ["primary", "backup"]);
        assert_eq!(PipelineNames::recipe("").unwrap(), PipelineNames::default());
        assert_eq!(PipelineNames::default().key("index.m3u8"), "index.m3u8");
    }

    #[test]
    fn one_base_name_rule() {
        assert!(PipelineNames::new("demo", "same", "same").is_err());
        for bad in ["", "a/b", "primary_$dt$", "p,1", "p\"1", "p 1"] {
            let err = PipelineNames::new("demo", bad, "backup").unwrap_err();
            assert_eq!(
                err,
                Error::Invalid {
                    field: "primary_base",
                    value: bad.to_owned(),
                    allowed: NAME_PART_ALLOWED,
                },
                "{bad:?}"
            );
        }
        let err = PipelineNames::new("demo", "primary", "backup_$dt$")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("backup_base") && err.contains("$dt$") && err.contains("date/time"),
            "{err}"
        );
        assert!(PipelineNames::new("demo/../x", "a", "b").is_err());
        assert!(PipelineNames::new("a//b", "a", "b").is_err());
    }
}
