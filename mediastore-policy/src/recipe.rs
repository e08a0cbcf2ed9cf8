//! The recipe's container policy: full access for the owning account over TLS, and reads for the CDN,
//! recognised by a secret `User-Agent`, over TLS.

use typed_builder::TypedBuilder;

use crate::policy::{Condition, ConditionValue, ContainerPolicy, Effect, OneOrMany, Principal, Statement};
use crate::{ContainerArn, UserAgentSecret};

/// The actions a CDN needs to serve objects: `GetObject` and `DescribeObject` (for `HEAD`).
pub const READ_ACTIONS: [&str; 2] = ["mediastore:GetObject", "mediastore:DescribeObject"];

/// The recipe's container policy, as a builder: the container and the secret are required, the rest
/// has defaults.
///
/// The statement ids default to `MediaStoreFullAccess` (as in the recipe) and
/// `ReadWithSecretUserAgentOverHttps` (the recipe calls it `PublicReadOverHttpOrHttps`, although the
/// statement requires TLS). The secret is compared with `StringLike`, as in the recipe; a
/// [`UserAgentSecret`] cannot contain the `*`/`?` wildcards, so this is an exact comparison.
///
/// ```
/// use mediastore_policy::{Caller, ContainerArn, Decision, RecipePolicy, Request, UserAgentSecret};
///
/// let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demowest".parse()?;
/// let secret = UserAgentSecret::new("9f86d081884c7d659a2feaa0c55ad015")?;
/// let policy = RecipePolicy::builder().container(container.clone()).secret(secret.clone()).build().to_policy();
///
/// let object = container.object("demo/index.m3u8");
/// let cdn = Request::new(Caller::Anonymous, "mediastore:GetObject", &object)
///     .secure_transport(true)
///     .user_agent(secret.expose());
/// assert_eq!(policy.evaluate(&cdn)?, Decision::Allow);
/// assert_eq!(policy.evaluate(&cdn.secure_transport(false))?, Decision::ImplicitDeny);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, TypedBuilder)]
pub struct RecipePolicy {
    /// The container the policy is attached to; its objects are the statements' resource.
    container: ContainerArn,
    /// The `User-Agent` value the CDN sends.
    secret: UserAgentSecret,
    /// Who gets full access; by default the container's account root (every principal the account
    /// authorises, such as MediaLive's role).
    #[builder(default, setter(strip_option, into))]
    full_access_principal: Option<String>,
    /// The full-access statement id.
    #[builder(default = "MediaStoreFullAccess".to_owned(), setter(into))]
    full_access_sid: String,
    /// The CDN-read statement id.
    #[builder(default = "ReadWithSecretUserAgentOverHttps".to_owned(), setter(into))]
    read_sid: String,
}

impl RecipePolicy {
    /// The policy document. The secret is written into it, and only there.
    pub fn to_policy(&self) -> ContainerPolicy {
        let objects = self.container.objects();
        let tls_only =
            || Condition::default().with("Bool", "aws:SecureTransport", OneOrMany::One("true".into()));
        let principal = self
            .full_access_principal
            .clone()
            .unwrap_or_else(|| self.container.account_root_principal());
        let full_access = Statement {
            sid: Some(self.full_access_sid.clone()),
            effect: Effect::Allow,
            principal: Some(Principal::aws(principal)),
            action: Some(OneOrMany::One("mediastore:*".to_owned())),
            resource: Some(OneOrMany::One(objects.clone())),
            condition: Some(tls_only()),
            ..Statement::default()
        };
        let condition = Condition::default().with(
            "StringLike",
            "aws:UserAgent",
            OneOrMany::One(ConditionValue::String(self.secret.expose().to_owned())),
        );
        let read = Statement {
            sid: Some(self.read_sid.clone()),
            effect: Effect::Allow,
            principal: Some(Principal::Everyone),
            action: Some(OneOrMany::Many(
                READ_ACTIONS.iter().map(|a| (*a).to_owned()).collect(),
            )),
            resource: Some(OneOrMany::One(objects)),
            condition: Some(Condition {
                clauses: [condition.clauses, tls_only().clauses].concat(),
            }),
            ..Statement::default()
        };
        ContainerPolicy::new(vec![full_access, read])
    }
}
