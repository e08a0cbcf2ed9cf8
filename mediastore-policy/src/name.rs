//! MediaStore names and ARNs: container names, account ids, Regions, container ARNs and data endpoints.

use std::fmt;
use std::str::FromStr;

/// Why a name, an ARN or an endpoint was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The value does not follow the rules for its kind.
    #[error("{kind} {value:?} is not allowed: expected {allowed}")]
    Invalid {
        /// What was being parsed (`container name`, `account id`, ...).
        kind: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
}

fn invalid(kind: &'static str, value: &str, allowed: &'static str) -> Error {
    Error::Invalid {
        kind,
        value: value.to_owned(),
        allowed,
    }
}

macro_rules! text_newtype {
    ($name:ident) => {
        impl $name {
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<Self, Error> {
                Self::new(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(text: String) -> Result<Self, Error> {
                Self::new(&text)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// A MediaStore container name: 1 to 255 characters of `A-Z`, `a-z`, `0-9`, `_` and `-`.
///
/// ```
/// use mediastore_policy::ContainerName;
/// assert!("demowest".parse::<ContainerName>().is_ok());
/// assert!("demo.west".parse::<ContainerName>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContainerName(String);

impl ContainerName {
    const ALLOWED: &'static str = "1 to 255 characters of A-Z, a-z, 0-9, '_' and '-'";

    /// A validated container name.
    pub fn new(name: &str) -> Result<Self, Error> {
        let valid = (1..=255).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(invalid("container name", name, Self::ALLOWED));
        }
        Ok(Self(name.to_owned()))
    }
}
text_newtype!(ContainerName);

/// A 12-digit AWS account id.
///
/// ```
/// use mediastore_policy::AccountId;
/// let account: AccountId = "000011112222".parse()?;
/// assert_eq!(account.root_principal(), "arn:aws:iam::000011112222:root");
/// # Ok::<(), mediastore_policy::name::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountId(String);

impl AccountId {
    /// A validated account id.
    pub fn new(id: &str) -> Result<Self, Error> {
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("account id", id, "exactly 12 digits"));
        }
        Ok(Self(id.to_owned()))
    }

    /// The account's root principal in the `aws` partition (`arn:aws:iam::<id>:root`), which in a
    /// resource policy stands for every principal the account authorises.
    pub fn root_principal(&self) -> String {
        self.root_principal_in("aws")
    }

    /// The account's root principal in `partition` (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn root_principal_in(&self, partition: &str) -> String {
        format!("arn:{partition}:iam::{}:root", self.0)
    }
}
text_newtype!(AccountId);

/// An AWS Region code such as `us-west-2` or `us-gov-west-1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region(String);

impl Region {
    const ALLOWED: &'static str =
        "a Region code: lowercase words joined by '-' ending in a number, such as \"us-west-2\"";

    /// A validated Region code: at least three `-`-separated parts of lowercase ASCII letters, the
    /// last one a number (`us-east-1`, `ap-southeast-2`, `us-gov-west-1`).
    pub fn new(code: &str) -> Result<Self, Error> {
        let parts: Vec<&str> = code.split('-').collect();
        let valid = code.len() <= 32
            && parts.len() >= 3
            && parts.iter().all(|p| !p.is_empty())
            && parts[..parts.len() - 1]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
            && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return Err(invalid("region", code, Self::ALLOWED));
        }
        Ok(Self(code.to_owned()))
    }
}
text_newtype!(Region);

/// The ARN of a MediaStore container: `arn:<partition>:mediastore:<region>:<account>:container/<name>`.
///
/// A container policy names the container's objects with [`ContainerArn::objects`], the ARN followed by
/// `/*`.
///
/// ```
/// use mediastore_policy::ContainerArn;
///
/// let arn = ContainerArn::new("us-west-2".parse()?, "000011112222".parse()?, "demowest".parse()?);
/// assert_eq!(arn.to_string(), "arn:aws:mediastore:us-west-2:000011112222:container/demowest");
/// assert_eq!(arn.objects(), "arn:aws:mediastore:us-west-2:000011112222:container/demowest/*");
/// assert_eq!(arn.to_string().parse::<ContainerArn>()?, arn);
/// # Ok::<(), mediastore_policy::name::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContainerArn {
    partition: String,
    region: Region,
    account: AccountId,
    name: ContainerName,
}

impl ContainerArn {
    const ALLOWED: &'static str = "arn:<partition>:mediastore:<region>:<12-digit account>:container/<name>";

    /// The ARN of container `name` in the `aws` partition.
    pub fn new(region: Region, account: AccountId, name: ContainerName) -> Self {
        Self {
            partition: "aws".to_owned(),
            region,
            account,
            name,
        }
    }

    /// The ARN of a container in another partition (`aws-cn`, `aws-us-gov`).
    pub fn in_partition(
        partition: &str,
        region: Region,
        account: AccountId,
        name: ContainerName,
    ) -> Result<Self, Error> {
        let valid = !partition.is_empty()
            && partition.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && partition.starts_with("aws");
        if !valid {
            return Err(invalid(
                "partition",
                partition,
                "\"aws\" or \"aws-<suffix>\" in lowercase letters",
            ));
        }
        Ok(Self {
            partition: partition.to_owned(),
            region,
            account,
            name,
        })
    }

    /// Parses `arn:<partition>:mediastore:<region>:<account>:container/<name>`.
    pub fn parse(arn: &str) -> Result<Self, Error> {
        let bad = || invalid("container ARN", arn, Self::ALLOWED);
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("mediastore"), Some(region), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        let name = resource.strip_prefix("container/").ok_or_else(bad)?;
        Self::in_partition(
            partition,
            Region::new(region)?,
            AccountId::new(account)?,
            ContainerName::new(name)?,
        )
    }

    /// The partition (`aws`).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The Region.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The owning account.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The container name.
    pub fn name(&self) -> &ContainerName {
        &self.name
    }

    /// The resource pattern for every object in the container: the ARN followed by `/*`.
    pub fn objects(&self) -> String {
        format!("{self}/*")
    }

    /// The ARN of the object at `path` (`demo/index.m3u8`), as a request names it.
    pub fn object(&self, path: &str) -> String {
        format!("{self}/{}", path.trim_start_matches('/'))
    }

    /// The owning account's root principal in this ARN's partition.
    pub fn account_root_principal(&self) -> String {
        self.account.root_principal_in(&self.partition)
    }
}

impl fmt::Display for ContainerArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:mediastore:{}:{}:container/{}",
            self.partition, self.region, self.account, self.name
        )
    }
}

impl FromStr for ContainerArn {
    type Err = Error;
    fn from_str(arn: &str) -> Result<Self, Error> {
        Self::parse(arn)
    }
}

impl TryFrom<String> for ContainerArn {
    type Error = Error;
    fn try_from(arn: String) -> Result<Self, Error> {
        Self::parse(&arn)
    }
}

impl From<ContainerArn> for String {
    fn from(arn: ContainerArn) -> String {
        arn.to_string()
    }
}

/// A container's data endpoint: `https://<id>.data.mediastore.<region>.amazonaws.com`.
///
/// MediaLive writes to `mediastoressl://<host>/<path>/<base>` and CloudFront reads from the host.
///
/// ```
/// use mediastore_policy::DataEndpoint;
///
/// let endpoint: DataEndpoint = "https://a1b2c3d4e5f6g7.data.mediastore.us-west-2.amazonaws.com".parse()?;
/// assert_eq!(endpoint.host(), "a1b2c3d4e5f6g7.data.mediastore.us-west-2.amazonaws.com");
/// assert_eq!(endpoint.id(), "a1b2c3d4e5f6g7");
/// assert_eq!(endpoint.region().as_str(), "us-west-2");
/// # Ok::<(), mediastore_policy::name::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DataEndpoint {
    id: String,
    region: Region,
}

impl DataEndpoint {
    const ALLOWED: &'static str = "https://<id>.data.mediastore.<region>.amazonaws.com, the id made of 1 to 63 lowercase letters and digits";

    /// The endpoint with id `id` in `region`.
    pub fn new(id: &str, region: Region) -> Result<Self, Error> {
        if !(1..=63).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(invalid(
                "data endpoint id",
                id,
                "1 to 63 lowercase letters and digits",
            ));
        }
        Ok(Self {
            id: id.to_owned(),
            region,
        })
    }

    /// Parses the endpoint URL as `DescribeContainer` returns it (a trailing `/` is accepted).
    pub fn parse(url: &str) -> Result<Self, Error> {
        let bad = || invalid("data endpoint", url, Self::ALLOWED);
        let host = url.strip_prefix("https://").ok_or_else(bad)?;
        let host = host.strip_suffix('/').unwrap_or(host);
        Self::from_host(host).map_err(|_| bad())
    }

    /// Parses the bare host name (`<id>.data.mediastore.<region>.amazonaws.com`).
    pub fn from_host(host: &str) -> Result<Self, Error> {
        let bad = || {
            invalid(
                "data endpoint host",
                host,
                "<id>.data.mediastore.<region>.amazonaws.com",
            )
        };
        let rest = host.strip_suffix(".amazonaws.com").ok_or_else(bad)?;
        let (id, rest) = rest.split_once(".data.mediastore.").ok_or_else(bad)?;
        let region = Region::new(rest).map_err(|_| bad())?;
        Self::new(id, region).map_err(|_| bad())
    }

    /// The endpoint id (the first label of the host).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The Region of the container.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The host name: `<id>.data.mediastore.<region>.amazonaws.com`.
    pub fn host(&self) -> String {
        format!("{}.data.mediastore.{}.amazonaws.com", self.id, self.region)
    }

    /// The URL of the object at `path`.
    pub fn object_url(&self, path: &str) -> String {
        format!("{self}/{}", path.trim_start_matches('/'))
    }
}

impl fmt::Display for DataEndpoint {
    /// The URL without a trailing slash.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "https://{}.data.mediastore.{}.amazonaws.com",
            self.id, self.region
        )
    }
}

impl FromStr for DataEndpoint {
    type Err = Error;
    fn from_str(url: &str) -> Result<Self, Error> {
        Self::parse(url)
    }
}

impl TryFrom<String> for DataEndpoint {
    type Error = Error;
    fn try_from(url: String) -> Result<Self, Error> {
        Self::parse(&url)
    }
}

impl From<DataEndpoint> for String {
    fn from(endpoint: DataEndpoint) -> String {
        endpoint.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names() {
        assert!(ContainerName::new(&"a".repeat(255)).is_ok());
        assert!(ContainerName::new(&"a".repeat(256)).is_err());
        assert!(ContainerName::new("").is_err());
        let err = ContainerName::new("demo west").unwrap_err().to_string();
        assert!(
            err.contains("\"demo west\"") && err.contains("A-Z, a-z, 0-9"),
            "{err}"
        );
    }

    #[test]
    fn accounts_and_regions() {
        assert!(AccountId::new("12345678901").is_err());
        assert!(AccountId::new("12345678901a").is_err());
        for ok in ["us-east-1", "ap-southeast-2", "us-gov-west-1", "eu-central-1"] {
            assert!(Region::new(ok).is_ok(), "{ok}");
        }
        for bad in ["us-east", "US-east-1", "useast1", "us--1", "us-east-1a", ""] {
            assert!(Region::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arns() {
        let arn = ContainerArn::parse("arn:aws-cn:mediastore:cn-north-1:000011112222:container/x").unwrap();
        assert_eq!(arn.account_root_principal(), "arn:aws-cn:iam::000011112222:root");
        assert_eq!(
            arn.object("/demo/a.ts"),
            "arn:aws-cn:mediastore:cn-north-1:000011112222:container/x/demo/a.ts"
        );
        assert!(ContainerArn::parse("arn:aws:s3:us-west-2:000011112222:container/x").is_err());
        assert!(ContainerArn::parse("arn:aws:mediastore:us-west-2:000011112222:bucket/x").is_err());
        assert!(ContainerArn::parse("arn:aws:mediastore:us-west-2:0000:container/x").is_err());
    }

    #[test]
    fn endpoints() {
        let e = DataEndpoint::parse("https://abc.data.mediastore.us-east-1.amazonaws.com/").unwrap();
        assert_eq!(
            e.to_string(),
            "https://abc.data.mediastore.us-east-1.amazonaws.com"
        );
        assert_eq!(
            e.object_url("demo/index.m3u8"),
            "https://abc.data.mediastore.us-east-1.amazonaws.com/demo/index.m3u8"
        );
        assert!(DataEndpoint::parse("http://abc.data.mediastore.us-east-1.amazonaws.com").is_err());
        assert!(DataEndpoint::parse("https://ABC.data.mediastore.us-east-1.amazonaws.com").is_err());
        assert!(DataEndpoint::parse("https://abc.mediastore.us-east-1.amazonaws.com").is_err());
    }
}
