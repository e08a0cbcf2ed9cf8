//! The deployment's two Regions, by the role the origin group gives them.

use std::fmt;
use std::str::FromStr;

/// One of the deployment's two Regions, by role: the origin group's first origin or its second.
///
/// ```
/// use origin_failover::Site;
///
/// assert_eq!(Site::Primary.other(), Site::Backup);
/// assert_eq!("backup".parse::<Site>()?, Site::Backup);
/// assert_eq!(Site::Backup.to_string(), "backup");
/// # Ok::<(), origin_failover::site::UnknownSite>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    /// The Region CloudFront asks first.
    Primary,
    /// The Region CloudFront fails over to.
    Backup,
}

impl Site {
    /// Both Regions, primary first (the origin group's order).
    pub const BOTH: [Site; 2] = [Site::Primary, Site::Backup];

    /// `primary` or `backup`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Site::Primary => "primary",
            Site::Backup => "backup",
        }
    }

    /// The position of the Region's origin in the origin group (0 or 1).
    pub const fn index(self) -> usize {
        match self {
            Site::Primary => 0,
            Site::Backup => 1,
        }
    }

    /// The other Region.
    pub const fn other(self) -> Site {
        match self {
            Site::Primary => Site::Backup,
            Site::Backup => Site::Primary,
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Region role that is neither `primary` nor `backup`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Region role {value:?} is not allowed: primary or backup")]
pub struct UnknownSite {
    /// The value given.
    pub value: String,
}

impl FromStr for Site {
    type Err = UnknownSite;

    fn from_str(value: &str) -> Result<Site, UnknownSite> {
        Site::BOTH
            .into_iter()
            .find(|site| site.as_str() == value)
            .ok_or_else(|| UnknownSite {
                value: value.to_owned(),
            })
    }
}
