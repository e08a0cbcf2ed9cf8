//! Every name the workflow gives AWS: resources, tags and the distribution's caller reference.
//!
//! Names are computed from the config alone (never from the `User-Agent` secret or from anything
//! AWS returns), so the plan, `apply` (which adopts what already exists), discovery (which finds
//! an event whose state file is lost), teardown and status all agree on them. They are how
//! existing deployments are found: changing one orphans every event deployed before the change.
//!
//! ```
//! # let config = resilient_live::Config::from_toml(r#"
//! #     [event]
//! #     name = "demo"
//! #     path = "live"
//! #     account_id = "000011112222"
//! #     medialive_role_arn = "arn:aws:iam::000011112222:role/MediaLiveAccessRole"
//! #     user_agent_env = "DEMO_USER_AGENT"
//! #     [regions]
//! #     primary = "us-east-1"
//! #     backup = "us-west-2"
//! #     [containers]
//! #     primary = "demo-east"
//! #     backup = "demo-west"
//! #     [contribution]
//! #     protocol = "zixi-push"
//! #     allowed_cidr = "203.0.113.0/24"
//! #     ingest_port = 2088
//! # "#)?;
//! use medialive_template::Pipeline;
//! use origin_failover::Site;
//! use resilient_live::names::Names;
//!
//! let names = Names::new(&config);
//! assert_eq!(names.flow(Site::Backup, Pipeline::Primary), "demo-backup-a");
//! assert_eq!(names.caller_reference(), "demo-distribution");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use medialive_template::Pipeline;
use mediapackage_origin::OriginNames;
use mediastore_policy::ContainerName;
use origin_failover::Site;

use crate::config::Config;

/// The tag every tagged resource carries, with the event's name as value.
pub const EVENT_TAG: &str = "resilient-live:event";

/// The names of one event's resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    event: String,
    containers: Option<[ContainerName; 2]>,
    package: Option<OriginNames>,
    tags: BTreeMap<String, String>,
}

impl Names {
    /// The names a config gives its event's resources.
    pub fn new(config: &Config) -> Names {
        let mut tags = config.tags().clone();
        tags.insert(EVENT_TAG.to_owned(), config.event().to_owned());
        Names {
            event: config.event().to_owned(),
            containers: config
                .mediastore()
                .map(|mediastore| Site::BOTH.map(|site| mediastore.container(site).clone())),
            package: config.mediapackage().map(|package| package.names().clone()),
            tags,
        }
    }

    /// The event's name, which every other name starts with.
    pub fn event(&self) -> &str {
        &self.event
    }

    /// A Region's MediaStore container, when the origin is MediaStore: the config names it (a
    /// container name is global to the account and Region, so the user chooses it).
    pub fn container(&self, site: Site) -> Option<&ContainerName> {
        let containers = self.containers.as_ref()?;
        Some(match site {
            Site::Primary => &containers[0],
            Site::Backup => &containers[1],
        })
    }

    /// The MediaPackage v2 channel group, channel and endpoint, the same in both Regions, when the
    /// origin is MediaPackage v2: the config names them (by default after the event).
    pub fn package(&self) -> Option<&OriginNames> {
        self.package.as_ref()
    }

    /// The origin access control the distribution signs MediaPackage requests with, such as
    /// `demo-mediapackage` (unique in the account, like the caller reference).
    pub fn origin_access_control(&self) -> String {
        format!("{}-mediapackage", self.event)
    }

    /// A pipeline's MediaConnect flow in a Region, such as `demo-primary-a`.
    pub fn flow(&self, site: Site, pipeline: Pipeline) -> String {
        format!("{}-{site}-{}", self.event, pipeline.letter())
    }

    /// The source of a pipeline's flow, such as `demo-primary-a-source`.
    pub fn flow_source(&self, site: Site, pipeline: Pipeline) -> String {
        format!("{}-source", self.flow(site, pipeline))
    }

    /// A Region's MediaLive input, such as `demo-primary-input`.
    pub fn input(&self, site: Site) -> String {
        format!("{}-{site}-input", self.event)
    }

    /// A Region's MediaLive channel, such as `demo-primary`.
    pub fn channel(&self, site: Site) -> String {
        format!("{}-{site}", self.event)
    }

    /// The id of a Region's origin in the CloudFront distribution, such as `demo-backup`.
    pub fn origin(&self, site: Site) -> String {
        format!("{}-{site}", self.event)
    }

    /// The CloudFront caller reference, such as `demo-distribution`: CloudFront refuses a second
    /// distribution with the same one, and discovery finds the distribution by it.
    pub fn caller_reference(&self) -> String {
        format!("{}-distribution", self.event)
    }

    /// The distribution's comment, such as `Live HLS event demo`.
    pub fn distribution_comment(&self) -> String {
        format!("Live HLS event {}", self.event)
    }

    /// The tags every tagged resource gets: the config's, and [`EVENT_TAG`] with the event's name.
    pub fn tags(&self) -> &BTreeMap<String, String> {
        &self.tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(file: &str) -> Names {
        let path = format!("{}/../examples/{file}", env!("CARGO_MANIFEST_DIR"));
        Names::new(&Config::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap())
    }

    /// Existing deployments are found by these names: they must never change.
    #[test]
    fn the_names_of_the_example_event_are_pinned() {
        let names = example("event-mediastore.toml");
        assert_eq!(names.event(), "demo");
        assert_eq!(
            Site::BOTH.map(|site| names.container(site).map(ToString::to_string)),
            [Some("demo-east".to_owned()), Some("demo-west".to_owned())]
        );
        assert_eq!(names.package(), None);
        let flows: Vec<String> = Site::BOTH
            .into_iter()
            .flat_map(|site| Pipeline::BOTH.map(|pipeline| names.flow(site, pipeline)))
            .collect();
        assert_eq!(
            flows,
            [
                "demo-primary-a",
                "demo-primary-b",
                "demo-backup-a",
                "demo-backup-b"
            ]
        );
        assert_eq!(
            names.flow_source(Site::Backup, Pipeline::Backup),
            "demo-backup-b-source"
        );
        assert_eq!(
            Site::BOTH.map(|site| names.input(site)),
            ["demo-primary-input", "demo-backup-input"]
        );
        assert_eq!(
            Site::BOTH.map(|site| names.channel(site)),
            ["demo-primary", "demo-backup"]
        );
        assert_eq!(
            Site::BOTH.map(|site| names.origin(site)),
            ["demo-primary", "demo-backup"]
        );
        assert_eq!(names.caller_reference(), "demo-distribution");
        assert_eq!(names.distribution_comment(), "Live HLS event demo");
        assert_eq!(names.tags().get(EVENT_TAG).map(String::as_str), Some("demo"));
        assert_eq!(
            names.tags().get("Project").map(String::as_str),
            Some("resilient-live-demo")
        );
        assert_eq!(EVENT_TAG, "resilient-live:event");
    }

    #[test]
    fn the_mediapackage_names_of_the_example_event_are_pinned() {
        let names = example("event.toml");
        assert_eq!(names.container(Site::Primary), None);
        let package = names.package().unwrap();
        assert_eq!(
            [
                package.group.as_str(),
                package.channel.as_str(),
                package.endpoint.as_str()
            ],
            ["demo", "main", "hls"]
        );
        assert_eq!(names.origin_access_control(), "demo-mediapackage");
        assert_eq!(names.caller_reference(), "demo-distribution");
        assert_eq!(names.flow(Site::Primary, Pipeline::Primary), "demo-primary-a");
    }
}
