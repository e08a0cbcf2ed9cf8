//! The command line's closed choices, as clap value enums over the workflow's own types.
//!
//! Each is a newtype over the type the library takes, listing that type's values by the names
//! the type gives them, so the command line and the library cannot disagree on a spelling.

use std::time::Duration;

use clap::ValueEnum;
use clap::builder::PossibleValue;
use medialive_template::Pipeline;
use origin_failover::Site;
use origin_failover::failover_path::FailoverPath;

/// A Region role (`primary` or `backup`), as `--site` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteArg(pub Site);

impl ValueEnum for SiteArg {
    fn value_variants<'a>() -> &'a [Self] {
        const SITES: [SiteArg; 2] = [SiteArg(Site::BOTH[0]), SiteArg(Site::BOTH[1])];
        &SITES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()))
    }
}

/// One of the recipe's failover paths, as `--preset` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetArg(pub FailoverPath);

impl ValueEnum for PresetArg {
    fn value_variants<'a>() -> &'a [Self] {
        const PRESETS: [PresetArg; 3] = [
            PresetArg(FailoverPath::ALL[0]),
            PresetArg(FailoverPath::ALL[1]),
            PresetArg(FailoverPath::ALL[2]),
        ];
        &PRESETS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()))
    }
}

/// The pipelines `--pipelines` pauses: `0`, `1` or `both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipelines {
    /// One pipeline, by MediaLive's index.
    One(Pipeline),
    /// Both pipelines of the Region.
    Both,
}

impl Pipelines {
    /// The pipelines, in MediaLive's order.
    pub fn to_vec(self) -> Vec<Pipeline> {
        match self {
            Pipelines::One(pipeline) => vec![pipeline],
            Pipelines::Both => Pipeline::BOTH.to_vec(),
        }
    }
}

impl ValueEnum for Pipelines {
    fn value_variants<'a>() -> &'a [Self] {
        const PIPELINES: [Pipelines; 3] = [
            Pipelines::One(Pipeline::BOTH[0]),
            Pipelines::One(Pipeline::BOTH[1]),
            Pipelines::Both,
        ];
        &PIPELINES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        // MediaLive's index, as `Pipeline` displays it and the schedule API names a pipeline.
        Some(match self {
            Pipelines::One(Pipeline::Primary) => PossibleValue::new("0").help("pipeline 0 (A)"),
            Pipelines::One(Pipeline::Backup) => PossibleValue::new("1").help("pipeline 1 (B)"),
            Pipelines::Both => PossibleValue::new("both").help("both pipelines"),
        })
    }
}

/// The shortest `--every` a status watch takes: each refresh describes every resource in AWS.
pub(super) const MIN_REFRESH: Duration = Duration::from_secs(1);

/// `--every`: a duration such as `10s` or `1m`, at least [`MIN_REFRESH`].
pub(super) fn refresh_interval(text: &str) -> Result<Duration, String> {
    let every = humantime::parse_duration(text).map_err(|error| error.to_string())?;
    if every < MIN_REFRESH {
        return Err(format!(
            "{text} is shorter than the {} allowed at the least (each refresh calls AWS)",
            humantime::format_duration(MIN_REFRESH)
        ));
    }
    Ok(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_to_its_library_value() {
        for site in Site::BOTH {
            assert_eq!(SiteArg::from_str(site.as_str(), false), Ok(SiteArg(site)));
        }
        for path in FailoverPath::ALL {
            assert_eq!(PresetArg::from_str(path.name(), false), Ok(PresetArg(path)));
        }
        for pipeline in Pipeline::BOTH {
            let parsed = Pipelines::from_str(&pipeline.to_string(), false);
            assert_eq!(parsed.map(Pipelines::to_vec), Ok(vec![pipeline]));
        }
        assert_eq!(
            Pipelines::from_str("both", false).map(Pipelines::to_vec),
            Ok(Pipeline::BOTH.to_vec())
        );
        assert!(SiteArg::from_str("secondary", false).is_err());
        assert!(Pipelines::from_str("2", false).is_err());
    }

    #[test]
    fn a_refresh_interval_is_at_least_a_second() {
        assert_eq!(refresh_interval("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(refresh_interval("1s"), Ok(MIN_REFRESH));
        let refused = refresh_interval("500ms");
        assert!(
            refused
                .as_ref()
                .is_err_and(|message| message.contains("500ms is shorter than the 1s")),
            "{refused:?}"
        );
        assert!(refresh_interval("soon").is_err());
    }
}
