//! Findings about a container policy that is valid but probably not what its author meant.

use std::fmt;

use crate::ContainerArn;
use crate::evaluate::{EvalError, check_statement};
use crate::pattern::Glob;
use crate::policy::{ContainerPolicy, Effect, Statement, statement_path};
use crate::secret::{self, check_strength};

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingKind {
    /// Everyone may write or delete objects (`PutObject`, `DeleteObject`).
    PublicWrite,
    /// Everyone may read objects without `aws:SecureTransport` being required.
    PublicReadWithoutTls,
    /// Everyone is granted every MediaStore action (`mediastore:*`, `*` or a `NotAction`).
    PublicAllActions,
    /// A resource that names nothing in the container the policy is for.
    ResourceOutsideContainer {
        /// The resource as written.
        resource: String,
    },
    /// A `User-Agent` secret that a [`UserAgentSecret`](crate::UserAgentSecret) would refuse.
    WeakSecret {
        /// Why it is weak (the message never contains the value).
        reason: secret::Error,
    },
    /// A `User-Agent` condition with `*` or `?` under `StringLike`, which matches more than one value.
    WildcardSecret,
    /// A statement that [`ContainerPolicy::evaluate`] cannot evaluate.
    NotEvaluable {
        /// Why.
        reason: EvalError,
    },
}

/// One lint finding, located by the statement's JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The statement (`Statement[1]`) or element the finding is about.
    pub path: String,
    /// What was found.
    pub kind: FindingKind,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.kind {
            FindingKind::PublicWrite => write!(f, "{path}: everyone may write or delete objects"),
            FindingKind::PublicReadWithoutTls => {
                write!(
                    f,
                    "{path}: everyone may read without TLS: add Condition Bool aws:SecureTransport \"true\""
                )
            }
            FindingKind::PublicAllActions => write!(f, "{path}: everyone is granted every MediaStore action"),
            FindingKind::ResourceOutsideContainer { resource } => {
                write!(f, "{path}: resource {resource:?} names nothing in this container")
            }
            FindingKind::WeakSecret { reason } => write!(f, "{path}: weak User-Agent secret: {reason}"),
            FindingKind::WildcardSecret => {
                write!(
                    f,
                    "{path}: the User-Agent condition uses a wildcard, so more than one value is accepted"
                )
            }
            FindingKind::NotEvaluable { reason } => write!(f, "{path}: cannot be evaluated: {reason}"),
        }
    }
}

const WRITE_ACTIONS: [&str; 2] = ["mediastore:PutObject", "mediastore:DeleteObject"];
const READ_ACTIONS: [&str; 2] = ["mediastore:GetObject", "mediastore:DescribeObject"];
/// An action name no real action has: a statement that grants it grants every action.
const ANY_ACTION_PROBE: &str = "mediastore:\u{1}AnyAction";

impl ContainerPolicy {
    /// Lints the policy as the policy of `container`.
    ///
    /// "Everyone" is `Principal: "*"`, `{"AWS": "*"}` or any `NotPrincipal` in an `Allow` statement; a
    /// `User-Agent` condition does not make a statement private (anyone who learns the value is in).
    /// A resource is outside the container when it matches neither the container's ARN nor its `/*`
    /// object pattern.
    ///
    /// ```
    /// use mediastore_policy::{ContainerArn, ContainerPolicy, lint::FindingKind};
    ///
    /// let container: ContainerArn = "arn:aws:mediastore:us-west-2:000011112222:container/demo".parse()?;
    /// let policy = ContainerPolicy::parse(r#"{"Statement": [{"Effect": "Allow", "Principal": "*",
    ///     "Action": "mediastore:*", "Resource": "arn:aws:mediastore:us-west-2:000011112222:container/demo/*"}]}"#)?;
    /// let kinds: Vec<_> = policy.lint(&container).into_iter().map(|f| f.kind).collect();
    /// assert!(kinds.contains(&FindingKind::PublicWrite));
    /// assert!(kinds.contains(&FindingKind::PublicAllActions));
    /// assert!(kinds.contains(&FindingKind::PublicReadWithoutTls));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lint(&self, container: &ContainerArn) -> Vec<Finding> {
        let mut findings = Vec::new();
        let arn = container.to_string();
        let objects = container.objects();
        for (index, statement) in self.statements().enumerate() {
            let path = statement_path(&self.statement, index);
            let mut push = |kind| {
                findings.push(Finding {
                    path: path.clone(),
                    kind,
                })
            };
            let public = statement.effect == Effect::Allow
                && (statement.principal.as_ref().is_some_and(|p| p.is_everyone())
                    || statement.not_principal.is_some());
            if public {
                if WRITE_ACTIONS.iter().any(|a| grants(statement, a)) {
                    push(FindingKind::PublicWrite);
                }
                if grants(statement, ANY_ACTION_PROBE) {
                    push(FindingKind::PublicAllActions);
                }
                if READ_ACTIONS.iter().any(|a| grants(statement, a)) && !requires_tls(statement) {
                    push(FindingKind::PublicReadWithoutTls);
                }
            }
            for resource in statement.resource.iter().flatten() {
                if !Glob::IAM.matches(resource, &arn) && !Glob::IAM.matches(resource, &objects) {
                    push(FindingKind::ResourceOutsideContainer {
                        resource: resource.clone(),
                    });
                }
            }
            // A secret is what an Allow statement requires the agent to be; a deny list (`StringNotLike`)
            // or a Deny statement's condition is not one.
            let conditions = statement.condition.iter().flat_map(|c| &c.clauses);
            for clause in conditions.filter(|_| statement.effect == Effect::Allow) {
                let Some(like) = secret_operator(&clause.operator) else {
                    continue;
                };
                let user_agents = clause
                    .entries
                    .iter()
                    .filter(|e| e.key.eq_ignore_ascii_case("aws:UserAgent"));
                for value in user_agents.flat_map(|e| &e.values) {
                    let value = value.as_text();
                    if like && value.contains(['*', '?']) {
                        push(FindingKind::WildcardSecret);
                    } else if let Err(reason) = check_strength(&value) {
                        push(FindingKind::WeakSecret { reason });
                    }
                }
            }
        }
        for (index, statement) in self.statements().enumerate() {
            let path = || statement_path(&self.statement, index);
            if let Err(reason) = check_statement(statement, &path) {
                findings.push(Finding {
                    path: path(),
                    kind: FindingKind::NotEvaluable { reason },
                });
            }
        }
        findings
    }
}

/// For an operator that requires a value (`StringEquals`, `StringLike`, `StringEqualsIgnoreCase`, with
/// any qualifier or `IfExists`), whether it takes wildcards; `None` for any other operator.
fn secret_operator(operator: &str) -> Option<bool> {
    let base = operator.rsplit(':').next().unwrap_or(operator);
    let base = base.strip_suffix("IfExists").unwrap_or(base);
    match base {
        "StringLike" => Some(true),
        "StringEquals" | "StringEqualsIgnoreCase" => Some(false),
        _ => None,
    }
}

/// Whether `statement` names `action` (before its principal, resource and conditions are considered).
fn grants(statement: &Statement, action: &str) -> bool {
    match (&statement.action, &statement.not_action) {
        (Some(actions), _) => actions.iter().any(|p| Glob::IAM_ACTION.matches(p, action)),
        (None, Some(excluded)) => !excluded.iter().any(|p| Glob::IAM_ACTION.matches(p, action)),
        (None, None) => false,
    }
}

/// Whether the statement only applies over TLS: `Bool` `aws:SecureTransport` `true`.
fn requires_tls(statement: &Statement) -> bool {
    statement
        .condition
        .as_ref()
        .and_then(|c| c.values("Bool", "aws:SecureTransport"))
        .is_some_and(|values| {
            !values.is_empty() && values.iter().all(|v| v.as_text().eq_ignore_ascii_case("true"))
        })
}
