//! Would this request be allowed? IAM's evaluation of a container policy, for tests and the local drill.
//!
//! The rules are IAM's: a statement applies when its principal, action, resource and every condition
//! match; an applicable `Deny` wins over everything; otherwise an applicable `Allow` allows; otherwise
//! the request is implicitly denied. What this module cannot evaluate faithfully (an operator or a
//! condition key it does not model, a policy variable) is an error, never a guess.
//!
//! Evaluation allocates nothing on the success path, so the drill can call it for every request.

use std::net::IpAddr;

use crate::pattern::Glob;
use crate::policy::{
    ConditionClause, ConditionEntry, ConditionValue, ContainerPolicy, Effect, Principal, Statement,
    statement_path,
};

/// Who makes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// An unsigned request, such as CloudFront's origin fetch or a player's.
    Anonymous,
    /// A signed request from an IAM identity, by ARN (`arn:aws:iam::000011112222:role/medialive`).
    Aws(&'a str),
    /// An AWS service principal (`medialive.amazonaws.com`).
    Service(&'a str),
}

/// The facts of one request that a container policy can look at.
///
/// ```
/// use mediastore_policy::{Caller, Request};
///
/// let request = Request::new(Caller::Anonymous, "mediastore:GetObject",
///         "arn:aws:mediastore:us-west-2:000011112222:container/demowest/demo/index.m3u8")
///     .secure_transport(true)
///     .user_agent("my-cdn-secret");
/// assert_eq!(request.user_agent, Some("my-cdn-secret"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    /// Who asks.
    pub principal: Caller<'a>,
    /// The action (`mediastore:GetObject`).
    pub action: &'a str,
    /// The resource ARN (`arn:aws:mediastore:<region>:<account>:container/<name>/<path>`).
    pub resource: &'a str,
    /// `aws:SecureTransport`: whether the request came over TLS.
    pub secure_transport: bool,
    /// `aws:UserAgent`: the `User-Agent` header, if any.
    pub user_agent: Option<&'a str>,
    /// `aws:SourceIp`: the client address, if known.
    pub source_ip: Option<IpAddr>,
    /// `aws:SourceArn`: the resource a service principal acts for (a CloudFront distribution's ARN
    /// when CloudFront signs an origin request with Origin Access Control), if any.
    pub source_arn: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A request over plain HTTP, with no `User-Agent` and no known source address.
    pub const fn new(principal: Caller<'a>, action: &'a str, resource: &'a str) -> Self {
        Self {
            principal,
            action,
            resource,
            secure_transport: false,
            user_agent: None,
            source_ip: None,
            source_arn: None,
        }
    }

    /// Sets whether the request came over TLS.
    pub const fn secure_transport(mut self, secure: bool) -> Self {
        self.secure_transport = secure;
        self
    }

    /// Sets the `User-Agent` header.
    pub const fn user_agent(mut self, user_agent: &'a str) -> Self {
        self.user_agent = Some(user_agent);
        self
    }

    /// Sets the client address.
    pub const fn source_ip(mut self, ip: IpAddr) -> Self {
        self.source_ip = Some(ip);
        self
    }

    /// Sets the resource a service principal acts for (`aws:SourceArn`).
    pub const fn source_arn(mut self, arn: &'a str) -> Self {
        self.source_arn = Some(arn);
        self
    }
}

/// The outcome of evaluating a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// An `Allow` statement applies and no `Deny` does.
    Allow,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No statement applies.
    ImplicitDeny,
}

impl Decision {
    /// Whether the request is allowed.
    pub const fn is_allowed(self) -> bool {
        matches!(self, Self::Allow)
    }
}

/// Why a request could not be evaluated. Each variant names the JSON path of what could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A statement lacks an element IAM requires, or has two that exclude each other.
    #[error("{path}: {problem}")]
    Statement {
        /// The statement's JSON path.
        path: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A condition operator this crate does not evaluate.
    #[error(
        "{path}: condition operator {operator:?} is not supported: supported are StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike, Bool, IpAddress, NotIpAddress, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike and Null, with an optional IfExists suffix (not on Null) and ForAnyValue:/ForAllValues: prefix"
    )]
    UnsupportedOperator {
        /// The condition's JSON path.
        path: String,
        /// The operator as written.
        operator: String,
    },
    /// A condition key the request does not carry.
    #[error(
        "{path}: condition key {key:?} is not supported: supported are aws:SecureTransport, aws:UserAgent, aws:SourceIp, aws:SourceArn, aws:PrincipalArn and aws:PrincipalAccount"
    )]
    UnsupportedKey {
        /// The condition's JSON path.
        path: String,
        /// The key as written.
        key: String,
    },
    /// A condition value the operator cannot use.
    #[error("{path}: value {value:?} is not allowed: expected {expected}")]
    InvalidValue {
        /// The value's JSON path.
        path: String,
        /// The value.
        value: String,
        /// What the operator takes.
        expected: &'static str,
    },
    /// A `${...}` policy variable, which this crate does not substitute.
    #[error("{path}: value {value:?} uses a policy variable, which is not supported")]
    PolicyVariable {
        /// The value's JSON path.
        path: String,
        /// The value.
        value: String,
    },
}

impl ContainerPolicy {
    /// Decides `request` with IAM's rules.
    ///
    /// An applicable `Deny` is final even if another statement cannot be evaluated; otherwise the first
    /// statement that cannot be evaluated is the error.
    ///
    /// ```
    /// use mediastore_policy::{Caller, ContainerPolicy, Decision, Request};
    ///
    /// let policy = ContainerPolicy::parse(r#"{"Version": "2012-10-17", "Statement": [{
    ///     "Effect": "Allow", "Principal": "*", "Action": "mediastore:GetObject",
    ///     "Resource": "arn:aws:mediastore:us-west-2:000011112222:container/demo/*",
    ///     "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}"#)?;
    /// let object = "arn:aws:mediastore:us-west-2:000011112222:container/demo/index.m3u8";
    /// let read = Request::new(Caller::Anonymous, "mediastore:GetObject", object);
    /// assert_eq!(policy.evaluate(&read.secure_transport(true))?, Decision::Allow);
    /// assert_eq!(policy.evaluate(&read)?, Decision::ImplicitDeny);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, request: &Request<'_>) -> Result<Decision, EvalError> {
        let mut allowed = false;
        let mut first_error = None;
        for (index, statement) in self.statements().enumerate() {
            match statement_applies(statement, request, &|| statement_path(&self.statement, index)) {
                Ok(true) if statement.effect == Effect::Deny => return Ok(Decision::ExplicitDeny),
                Ok(true) => allowed = true,
                Ok(false) => {}
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        match first_error {
            Some(error) => Err(error),
            None if allowed => Ok(Decision::Allow),
            None => Ok(Decision::ImplicitDeny),
        }
    }
}

impl ContainerPolicy {
    /// Checks that [`evaluate`](Self::evaluate) can decide every request: each statement has its
    /// required elements, and every condition operator, key and value is one it evaluates.
    ///
    /// `evaluate` reports these problems only for the statements a request reaches; a server that
    /// evaluates every request calls this once, when it loads the policy.
    pub fn check_evaluable(&self) -> Result<(), EvalError> {
        for (index, statement) in self.statements().enumerate() {
            check_statement(statement, &|| statement_path(&self.statement, index))?;
        }
        Ok(())
    }
}

/// Checks one statement as [`ContainerPolicy::check_evaluable`] does.
pub(crate) fn check_statement(statement: &Statement, path: PathFn<'_>) -> Result<(), EvalError> {
    check_elements(statement, path)?;
    let probe = Request::new(Caller::Anonymous, "", "");
    for clause in statement.condition.iter().flat_map(|c| &c.clauses) {
        let clause_path = || format!("{}.Condition.{}", path(), clause.operator);
        let operator = Operator::of(clause, &clause_path)?;
        for entry in &clause.entries {
            let entry_path = || format!("{}.{}", clause_path(), entry.key);
            if context_value(&entry.key, &probe).is_none() {
                return Err(EvalError::UnsupportedKey {
                    path: entry_path(),
                    key: entry.key.clone(),
                });
            }
            for (i, wanted) in entry.values.iter().enumerate() {
                operator.check_value(wanted, &|| element_path(&entry_path, &entry.values, i))?;
            }
        }
    }
    Ok(())
}

type PathFn<'f> = &'f dyn Fn() -> String;

/// The statement's required elements, as the policy grammar checks them, reported at `path`.
fn check_elements(statement: &Statement, path: PathFn<'_>) -> Result<(), EvalError> {
    match statement.check_elements("") {
        Err(crate::policy::Error::Statement { problem, .. }) => Err(EvalError::Statement {
            path: path(),
            problem,
        }),
        _ => Ok(()),
    }
}

/// Whether an element or its `Not` form selects the request; `matches` says whether the element's
/// value selects it. [`check_elements`] has made sure that exactly one of the two is present.
fn element_applies<T>(element: &Option<T>, not_element: &Option<T>, matches: impl Fn(&T) -> bool) -> bool {
    match (element, not_element) {
        (Some(value), _) => matches(value),
        (None, Some(value)) => !matches(value),
        (None, None) => false,
    }
}

fn statement_applies(
    statement: &Statement,
    request: &Request<'_>,
    path: PathFn<'_>,
) -> Result<bool, EvalError> {
    check_elements(statement, path)?;
    let principal = element_applies(&statement.principal, &statement.not_principal, |p| {
        principal_matches(p, request.principal)
    });
    let action = element_applies(&statement.action, &statement.not_action, |a| {
        a.iter().any(|p| Glob::IAM_ACTION.matches(p, request.action))
    });
    let resource = element_applies(&statement.resource, &statement.not_resource, |r| {
        r.iter().any(|p| Glob::IAM.matches(p, request.resource))
    });
    if !(principal && action && resource) {
        return Ok(false);
    }
    let Some(condition) = &statement.condition else {
        return Ok(true);
    };
    for clause in &condition.clauses {
        let clause_path = || format!("{}.Condition.{}", path(), clause.operator);
        let operator = Operator::of(clause, &clause_path)?;
        for entry in &clause.entries {
            let entry_path = || format!("{}.{}", clause_path(), entry.key);
            if !operator.holds(entry, request, &entry_path)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn principal_matches(principal: &Principal, caller: Caller<'_>) -> bool {
    let map = match principal {
        Principal::Everyone => return true,
        Principal::Typed(map) => map,
    };
    let aws = map.aws.iter().flatten().any(|id| match caller {
        _ if id == "*" => true,
        Caller::Aws(arn) => {
            id == arn || account_of_principal(id).is_some_and(|account| arn_account(arn) == Some(account))
        }
        Caller::Anonymous | Caller::Service(_) => false,
    });
    let service = match caller {
        Caller::Service(name) => map
            .service
            .iter()
            .flatten()
            .any(|s| s == "*" || s.eq_ignore_ascii_case(name)),
        _ => false,
    };
    aws || service
}

/// The account a principal id stands for as a whole: a bare 12-digit id or `arn:<partition>:iam::<id>:root`.
fn account_of_principal(id: &str) -> Option<&str> {
    let is_account = |a: &str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
    if is_account(id) {
        return Some(id);
    }
    let mut parts = id.split(':');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some("arn"), Some(_), Some("iam"), Some(""), Some(account), Some("root"), None)
            if is_account(account) =>
        {
            Some(account)
        }
        _ => None,
    }
}

/// The account field of an ARN.
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// A value from the request that a condition key names.
#[derive(Debug, Clone, Copy)]
enum ContextValue<'a> {
    Text(&'a str),
    Bool(bool),
    Ip(IpAddr),
}

/// The value of `key` in the request: `Some(None)` when the request has no such value (no
/// `User-Agent`, an anonymous caller's ARN), `None` for a key this crate does not model.
fn context_value<'r>(key: &str, request: &Request<'r>) -> Option<Option<ContextValue<'r>>> {
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    let arn = match request.principal {
        Caller::Aws(arn) => Some(arn),
        _ => None,
    };
    if is("aws:SecureTransport") {
        Some(Some(ContextValue::Bool(request.secure_transport)))
    } else if is("aws:UserAgent") {
        Some(request.user_agent.map(ContextValue::Text))
    } else if is("aws:SourceIp") {
        Some(request.source_ip.map(ContextValue::Ip))
    } else if is("aws:PrincipalArn") {
        Some(arn.map(ContextValue::Text))
    } else if is("aws:PrincipalAccount") {
        Some(arn.and_then(arn_account).map(ContextValue::Text))
    } else if is("aws:SourceArn") {
        Some(request.source_arn.map(ContextValue::Text))
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Bool,
    IpAddress,
    ArnLike,
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetQualifier {
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, Copy)]
struct Operator {
    set: Option<SetQualifier>,
    base: Base,
    negated: bool,
    if_exists: bool,
}

impl Operator {
    /// The operator of `clause` (at `path`), or the error that it is one the evaluator does not support.
    fn of(clause: &ConditionClause, path: PathFn<'_>) -> Result<Self, EvalError> {
        Self::parse(&clause.operator).ok_or_else(|| EvalError::UnsupportedOperator {
            path: path(),
            operator: clause.operator.clone(),
        })
    }

    fn parse(text: &str) -> Option<Self> {
        let (set, rest) = if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else {
            (None, text)
        };
        let (rest, if_exists) = match rest.strip_suffix("IfExists") {
            Some(rest) => (rest, true),
            None => (rest, false),
        };
        let (base, negated) = match rest {
            "StringEquals" => (Base::StringEquals, false),
            "StringNotEquals" => (Base::StringEquals, true),
            "StringEqualsIgnoreCase" => (Base::StringEqualsIgnoreCase, false),
            "StringNotEqualsIgnoreCase" => (Base::StringEqualsIgnoreCase, true),
            "StringLike" => (Base::StringLike, false),
            "StringNotLike" => (Base::StringLike, true),
            "Bool" => (Base::Bool, false),
            "IpAddress" => (Base::IpAddress, false),
            "NotIpAddress" => (Base::IpAddress, true),
            // IAM evaluates ArnEquals exactly like ArnLike: both take wildcards in each ARN field.
            "ArnEquals" | "ArnLike" => (Base::ArnLike, false),
            "ArnNotEquals" | "ArnNotLike" => (Base::ArnLike, true),
            "Null" if !if_exists && set.is_none() => (Base::Null, false),
            _ => return None,
        };
        Some(Self {
            set,
            base,
            negated,
            if_exists,
        })
    }

    /// Whether the condition `entry` holds for `request`.
    ///
    /// The request's values are single-valued, so the set qualifiers differ only when the key is
    /// absent: `ForAllValues` then holds (vacuously) and `ForAnyValue` does not. Without a qualifier,
    /// an absent key fails a positive operator and satisfies a negated one (`StringNotEquals`,
    /// `NotIpAddress`, ...), as IAM documents; `IfExists` makes any absent key hold.
    fn holds(
        self,
        entry: &ConditionEntry,
        request: &Request<'_>,
        path: PathFn<'_>,
    ) -> Result<bool, EvalError> {
        let value = context_value(&entry.key, request).ok_or_else(|| EvalError::UnsupportedKey {
            path: path(),
            key: entry.key.clone(),
        })?;
        if self.base == Base::Null {
            let mut result = None;
            for (i, wanted) in entry.values.iter().enumerate() {
                let wanted = parse_bool(wanted)
                    .ok_or_else(|| invalid_value(path, &entry.values, i, wanted, "\"true\" or \"false\""))?;
                result = Some(result.unwrap_or(false) || wanted == value.is_none());
            }
            return Ok(result.unwrap_or(false));
        }
        let Some(value) = value else {
            return Ok(match self.set {
                _ if self.if_exists => true,
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => self.negated,
            });
        };
        let mut any = false;
        for (i, wanted) in entry.values.iter().enumerate() {
            if self.value_matches(wanted, value, &|| element_path(path, &entry.values, i))? {
                any = true;
                break;
            }
        }
        Ok(any != self.negated)
    }

    /// Checks that `wanted` is a value this operator can compare with.
    fn check_value(self, wanted: &ConditionValue, path: PathFn<'_>) -> Result<(), EvalError> {
        let probes = [
            ContextValue::Text(""),
            ContextValue::Ip(IpAddr::from([0, 0, 0, 0])),
        ];
        match self.base {
            Base::Null => parse_bool(wanted)
                .map(drop)
                .ok_or_else(|| EvalError::InvalidValue {
                    path: path(),
                    value: wanted.as_text().into_owned(),
                    expected: "\"true\" or \"false\"",
                }),
            _ => probes
                .iter()
                .try_for_each(|probe| self.value_matches(wanted, *probe, path).map(drop)),
        }
    }

    fn value_matches(
        self,
        wanted: &ConditionValue,
        value: ContextValue<'_>,
        path: PathFn<'_>,
    ) -> Result<bool, EvalError> {
        let text = wanted.as_text();
        let invalid = |expected| EvalError::InvalidValue {
            path: path(),
            value: text.to_string(),
            expected,
        };
        match self.base {
            Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike | Base::ArnLike
                if text.contains("${") =>
            {
                Err(EvalError::PolicyVariable {
                    path: path(),
                    value: text.to_string(),
                })
            }
            Base::StringEquals => Ok(with_text(value, |v| v == text)),
            Base::StringEqualsIgnoreCase => Ok(with_text(value, |v| v.eq_ignore_ascii_case(&text))),
            Base::StringLike => Ok(with_text(value, |v| Glob::IAM.matches(&text, v))),
            Base::ArnLike => Ok(with_text(value, |v| arn_like(&text, v))),
            Base::Bool => {
                let wanted = parse_bool(wanted).ok_or_else(|| invalid("\"true\" or \"false\""))?;
                Ok(match value {
                    ContextValue::Bool(b) => b == wanted,
                    ContextValue::Text(t) => parse_bool_text(t) == Some(wanted),
                    ContextValue::Ip(_) => false,
                })
            }
            Base::IpAddress => {
                let block = Cidr::parse(&text).ok_or_else(|| {
                    invalid("an IPv4 or IPv6 address or CIDR block, such as \"198.51.100.0/24\"")
                })?;
                Ok(matches!(value, ContextValue::Ip(ip) if block.contains(ip)))
            }
            Base::Null => Ok(false),
        }
    }
}

fn element_path(path: PathFn<'_>, values: &crate::OneOrMany<ConditionValue>, i: usize) -> String {
    match values {
        crate::OneOrMany::One(_) => path(),
        crate::OneOrMany::Many(_) => format!("{}[{i}]", path()),
    }
}

fn invalid_value(
    path: PathFn<'_>,
    values: &crate::OneOrMany<ConditionValue>,
    i: usize,
    wanted: &ConditionValue,
    expected: &'static str,
) -> EvalError {
    EvalError::InvalidValue {
        path: element_path(path, values, i),
        value: wanted.as_text().into_owned(),
        expected,
    }
}

/// Runs `f` on the request value as text; an address has no borrowed text, so it is formatted (rare:
/// only string operators on `aws:SourceIp` get here).
fn with_text(value: ContextValue<'_>, f: impl Fn(&str) -> bool) -> bool {
    match value {
        ContextValue::Text(t) => f(t),
        ContextValue::Bool(true) => f("true"),
        ContextValue::Bool(false) => f("false"),
        ContextValue::Ip(ip) => f(&ip.to_string()),
    }
}

fn parse_bool(value: &ConditionValue) -> Option<bool> {
    match value {
        ConditionValue::Bool(b) => Some(*b),
        ConditionValue::String(s) => parse_bool_text(s),
        ConditionValue::Number(_) => None,
    }
}

fn parse_bool_text(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `ArnLike`: each of the six `:`-separated fields is matched on its own, with `*` and `?` wildcards.
fn arn_like(pattern: &str, arn: &str) -> bool {
    let mut p = pattern.splitn(6, ':');
    let mut a = arn.splitn(6, ':');
    loop {
        match (p.next(), a.next()) {
            (Some(pp), Some(aa)) if Glob::IAM.matches(pp, aa) => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// An address block: an address and a prefix length (a bare address is a block of one).
#[derive(Debug, Clone, Copy)]
struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = addr.trim().parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse::<u8>().ok()?,
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Self { network, prefix })
    }

    fn contains(self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            // An IPv4 client seen through an IPv6 socket.
            (IpAddr::V4(_), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_blocks() {
        let block = Cidr::parse("198.51.100.0/24").unwrap();
        assert!(block.contains("198.51.100.188".parse().unwrap()));
        assert!(!block.contains("198.51.101.1".parse().unwrap()));
        assert!(block.contains("::ffff:198.51.100.7".parse().unwrap()));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("203.0.113.9".parse().unwrap())
        );
        assert!(
            Cidr::parse("203.0.113.9")
                .unwrap()
                .contains("203.0.113.9".parse().unwrap())
        );
        assert!(
            Cidr::parse("2001:db8::/32")
                .unwrap()
                .contains("2001:db8:1::1".parse().unwrap())
        );
        for bad in [
            "198.51.100.0/33",
            "198.51.100.0/",
            "198.51.100/24",
            "x",
            "10.0.0.0/-1",
        ] {
            assert!(Cidr::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn operators() {
        assert!(
            Operator::parse("ForAllValues:StringNotLikeIfExists").is_some_and(|o| o.negated && o.if_exists)
        );
        assert!(Operator::parse("NumericLessThan").is_none());
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("stringequals").is_none());
    }

    #[test]
    fn arn_fields_match_separately() {
        assert!(arn_like(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::000011112222:role/x"
        ));
        assert!(!arn_like("arn:aws:*", "arn:aws:iam::000011112222:role/x"));
        assert!(arn_like(
            "arn:aws:iam::000011112222:*",
            "arn:aws:iam::000011112222:role/a:b"
        ));
    }

    #[test]
    fn whole_account_principals() {
        assert_eq!(
            account_of_principal("arn:aws:iam::000011112222:root"),
            Some("000011112222")
        );
        assert_eq!(account_of_principal("000011112222"), Some("000011112222"));
        assert_eq!(account_of_principal("arn:aws:iam::000011112222:role/x"), None);
        let root = Principal::aws("arn:aws:iam::000011112222:root");
        assert!(principal_matches(
            &root,
            Caller::Aws("arn:aws:sts::000011112222:assumed-role/a/b")
        ));
        assert!(!principal_matches(
            &root,
            Caller::Aws("arn:aws:iam::999988887777:root")
        ));
        assert!(!principal_matches(&root, Caller::Anonymous));
        assert!(principal_matches(
            &Principal::service("medialive.amazonaws.com"),
            Caller::Service("medialive.amazonaws.com")
        ));
    }
}
