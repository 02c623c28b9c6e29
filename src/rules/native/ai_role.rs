//! Roles that SageMaker and Bedrock run as ("AI execution roles"): which roles they are, who
//! their trust policy lets assume them (AIP-IAM-004), and whether the policies they hold let
//! them pass any role on (AIP-IAM-003).
//!
//! A role is an AI execution role when its trust policy lets `sagemaker.amazonaws.com` or
//! `bedrock.amazonaws.com` assume it, or when a SageMaker or Bedrock resource of the same
//! module, template or snapshot names it (a reference, or a literal role ARN, in any of its
//! attributes: `role_arn`, `execution_role_arn`, `agent_resource_role_arn`, `RoleArn`,
//! `ExecutionRole`...). Policy documents are read with [`super::policy`].

use super::found;
use super::policy::{
    applies_to, statements, wildcard_match, Effect, Field, Principals, Statement, Text,
};
use crate::model::{lookup, Format, Resource, ResourceSet, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// The names this module needs, per input format.
struct Names {
    role_type: &'static str,
    role_name: &'static str,
    trust_doc: &'static str,
    /// Types whose resources are SageMaker or Bedrock resources, by prefix.
    ai_prefixes: &'static [&'static str],
    /// (type of a policy holder, path of its document, where its roles are named): `Own` for
    /// the role itself, `Attr(path)` for a role named in an attribute.
    holders: &'static [(&'static str, &'static str, Holder)],
    /// (type, key holding the policy, key naming the roles) of attachments that refer to a
    /// policy resource; the role itself when the role key is empty.
    attachments: &'static [(&'static str, &'static str, &'static str)],
}

#[derive(Clone, Copy)]
enum Holder {
    Own,
    Attr(&'static str),
    /// Only through attachments (or, in AWS Config, the roles that list its ARN).
    Attached,
}

const TERRAFORM: Names = Names {
    role_type: "aws_iam_role",
    role_name: "name",
    trust_doc: "assume_role_policy",
    ai_prefixes: &["aws_sagemaker_", "aws_bedrock"],
    holders: &[
        ("aws_iam_role", "inline_policy.policy", Holder::Own),
        ("aws_iam_role_policy", "policy", Holder::Attr("role")),
        ("aws_iam_policy", "policy", Holder::Attached),
    ],
    attachments: &[
        ("aws_iam_role_policy_attachment", "policy_arn", "role"),
        ("aws_iam_policy_attachment", "policy_arn", "roles"),
        ("aws_iam_role", "managed_policy_arns", ""),
    ],
};

const CLOUDFORMATION: Names = Names {
    role_type: "AWS::IAM::Role",
    role_name: "RoleName",
    trust_doc: "AssumeRolePolicyDocument",
    ai_prefixes: &["AWS::SageMaker::", "AWS::Bedrock::"],
    holders: &[
        ("AWS::IAM::Role", "Policies.PolicyDocument", Holder::Own),
        ("AWS::IAM::Policy", "PolicyDocument", Holder::Attr("Roles")),
        (
            "AWS::IAM::ManagedPolicy",
            "PolicyDocument",
            Holder::Attr("Roles"),
        ),
    ],
    attachments: &[("AWS::IAM::Role", "ManagedPolicyArns", "")],
};

const AWSCONFIG: Names = Names {
    role_type: "AWS::IAM::Role",
    role_name: "roleName",
    trust_doc: "assumeRolePolicyDocument",
    ai_prefixes: &["AWS::SageMaker::", "AWS::Bedrock::"],
    holders: &[
        (
            "AWS::IAM::Role",
            "rolePolicyList.policyDocument",
            Holder::Own,
        ),
        ("AWS::IAM::Policy", "policyDocument", Holder::Attached),
    ],
    attachments: &[],
};

fn names(format: Format) -> Option<&'static Names> {
    match format {
        Format::Terraform => Some(&TERRAFORM),
        Format::CloudFormation => Some(&CLOUDFORMATION),
        Format::AwsConfig => Some(&AWSCONFIG),
        Format::Aiposture => None,
    }
}

const AI_SERVICE_PRINCIPALS: [&str; 2] = ["sagemaker.amazonaws.com", "bedrock.amazonaws.com"];

/// How SageMaker or Bedrock uses a role, in words; `Err(())` when that cannot be known.
type Use = Result<Option<String>, ()>;

/// Whether the role is an AI execution role, and how.
fn ai_use(role: &Resource, set: &ResourceSet, n: &Names) -> Use {
    let mut maybe = false;
    // 1. Its trust policy names the service.
    if let Some(node) = lookup(&role.attributes, n.trust_doc).nodes.first() {
        match statements(&node.value, node.line, set) {
            Some(stmts) => {
                for st in stmts.iter().filter(|st| st.effect != Effect::Deny) {
                    match trusted_ai_service(st) {
                        Ok(Some(svc)) => return Ok(Some(format!("assumed by {svc}"))),
                        Ok(None) => {}
                        Err(()) => maybe = true,
                    }
                }
            }
            None => maybe = true,
        }
    }
    // 2. A SageMaker or Bedrock resource names it.
    let is_ai = |r: &Resource| n.ai_prefixes.iter().any(|p| r.resource_type.starts_with(p));
    if let Some((r, _)) = set.referrers(&role.address).find(|(r, _)| is_ai(r)) {
        return Ok(Some(format!("used by {}", r.address)));
    }
    let name = role.attr(n.role_name).and_then(|v| v.value.as_str());
    let arn = match role.attr("arn").and_then(|v| v.value.as_str()) {
        Some(a) => Some(a),
        None if role.format == Format::AwsConfig => Some(role.address.as_str()),
        None => None,
    };
    for r in set.resources.iter().filter(|r| is_ai(r)) {
        let mut hit = false;
        walk(&r.attributes, "", &mut |key, v| match v {
            Value::String(text) if text.contains(":role/") => {
                let same_arn = arn.is_some_and(|a| a == text);
                let same_name = name.is_some_and(|nm| text.rsplit('/').next() == Some(nm));
                hit |= same_arn || same_name;
            }
            v if key.to_ascii_lowercase().contains("role") && v.has_unknown() => maybe = true,
            _ => {}
        });
        if hit {
            return Ok(Some(format!("used by {}", r.address)));
        }
    }
    if maybe {
        Err(())
    } else {
        Ok(None)
    }
}

/// Calls `f` with every scalar or unknown value and the key it sits under.
fn walk(v: &Value, key: &str, f: &mut dyn FnMut(&str, &Value)) {
    match v {
        Value::Map(entries) => entries.iter().for_each(|(k, n)| walk(&n.value, k, f)),
        Value::List(items) => items.iter().for_each(|n| walk(&n.value, key, f)),
        other => f(key, other),
    }
}

/// The AI service principal an Allow statement of a trust policy names.
fn trusted_ai_service(st: &Statement) -> Result<Option<&'static str>, ()> {
    if st.effect == Effect::Unknown {
        return Err(());
    }
    match &st.principals {
        Principals::Known(ids) => {
            let mut maybe = false;
            for (kind, id) in ids {
                if kind != "Service" {
                    continue;
                }
                match id {
                    Text::Lit(p) => {
                        if let Some(svc) = AI_SERVICE_PRINCIPALS
                            .iter()
                            .find(|svc| wildcard_match(p, svc))
                        {
                            return Ok(Some(svc));
                        }
                    }
                    _ => maybe = true,
                }
            }
            if maybe {
                Err(())
            } else {
                Ok(None)
            }
        }
        Principals::Absent => Ok(None),
        Principals::Unknown => Err(()),
    }
}

// ---------------------------------------------------------------------------------------------
// AIP-IAM-003: iam:PassRole on every role
// ---------------------------------------------------------------------------------------------

/// Condition keys that do not narrow which role may be passed: they name the service the role
/// goes to, the resource it is associated with, or where and how the caller signs in. A
/// statement conditioned only on these still passes every role in the account.
const NOT_ROLE_SCOPING: &[&str] = &[
    "iam:passedtoservice",
    "iam:associatedresourcearn",
    "aws:requestedregion",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:securetransport",
    "aws:multifactorauthpresent",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:viaawsservice",
];

/// Condition keys (prefixes) that narrow the roles passed: tags on the role itself.
const ROLE_SCOPING_PREFIXES: &[&str] = &["iam:resourcetag/", "aws:resourcetag/"];

/// True when an ARN pattern matches every role of an account (or of every account).
fn every_role(pattern: &str) -> bool {
    if pattern.chars().all(|c| c == '*') && !pattern.is_empty() {
        return true;
    }
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, service, _, _, resource] => {
            wildcard_match(service, "iam")
                && wildcard_match(resource, "role/a")
                && wildcard_match(resource, "role/path/b")
        }
        _ => false,
    }
}

enum Grant {
    /// What the statement grants, in words.
    Yes(String),
    No,
    Maybe,
}

fn passrole_grant(st: &Statement) -> Grant {
    match st.effect {
        Effect::Allow => {}
        Effect::Deny => return Grant::No,
        Effect::Unknown => return Grant::Maybe,
    }
    match applies_to(st, "iam:PassRole") {
        Some(true) => {}
        Some(false) => return Grant::No,
        None => return Grant::Maybe,
    }
    let on = match (&st.resources, &st.not_resources) {
        (Field::Known(items), Field::Absent) => {
            if let Some(Text::Lit(p)) = items
                .iter()
                .find(|t| matches!(t, Text::Lit(p) if every_role(p)))
            {
                format!("\"{p}\"")
            } else if items.contains(&Text::Unknown) {
                return Grant::Maybe;
            } else {
                return Grant::No;
            }
        }
        (Field::Absent, Field::Known(_)) => "every role but those in NotResource".to_string(),
        (Field::Absent, Field::Absent) => return Grant::No,
        _ => return Grant::Maybe,
    };
    let Some(tests) = &st.conditions else {
        return Grant::Maybe;
    };
    let mut service_only = false;
    for t in tests {
        let key = t.key.to_ascii_lowercase();
        if ROLE_SCOPING_PREFIXES.iter().any(|p| key.starts_with(p)) {
            return Grant::No;
        }
        if !NOT_ROLE_SCOPING.contains(&key.as_str()) {
            // A condition this check does not model may narrow the roles: not a finding.
            return Grant::Maybe;
        }
        service_only |= key == "iam:passedtoservice";
    }
    let which = if service_only {
        " (iam:PassedToService limits the service, not the roles)"
    } else {
        ""
    };
    Grant::Yes(format!("allows iam:PassRole on {on}{which}"))
}

/// A Deny without conditions that leaves at most the roles it lists passable.
fn passrole_denied(stmts: &[Statement]) -> bool {
    stmts.iter().any(|st| {
        st.effect == Effect::Deny
            && st.conditions.as_ref().is_some_and(Vec::is_empty)
            && applies_to(st, "iam:PassRole") == Some(true)
            && match (&st.resources, &st.not_resources) {
                (Field::Known(items), Field::Absent) => items
                    .iter()
                    .any(|t| matches!(t, Text::Lit(p) if every_role(p))),
                (Field::Absent, Field::Known(_)) => true,
                _ => false,
            }
    })
}

/// The roles a policy holder applies to; the flag says some could not be resolved.
fn roles_of<'a>(s: &Subject<'a>, n: &Names, holder: Holder) -> (Vec<&'a Resource>, bool) {
    let set = s.set;
    let mut roles = Vec::new();
    let mut maybe = false;
    let named = |v: &Value, roles: &mut Vec<&'a Resource>, maybe: &mut bool| match resolve_role(
        v, set, n,
    ) {
        Some(Some(r)) => roles.push(r),
        Some(None) => {}
        None => *maybe = true,
    };
    match holder {
        Holder::Own => roles.push(s.resource),
        Holder::Attr(key) => {
            let found = lookup(&s.resource.attributes, key);
            maybe |= found.unknown;
            for node in found.nodes {
                named(&node.value, &mut roles, &mut maybe);
            }
        }
        Holder::Attached => {}
    }
    for (r, key) in set.referrers(&s.resource.address) {
        for (atype, policy_key, role_key) in n.attachments {
            if r.resource_type != *atype || key != *policy_key {
                continue;
            }
            if role_key.is_empty() {
                roles.push(r);
            } else {
                let found = lookup(&r.attributes, role_key);
                maybe |= found.unknown || found.nodes.is_empty();
                for node in found.nodes {
                    named(&node.value, &mut roles, &mut maybe);
                }
            }
        }
    }
    // AWS Config: roles list the ARNs of the managed policies attached to them.
    if s.resource.format == Format::AwsConfig && matches!(holder, Holder::Attached) {
        let arn = s
            .resource
            .attr("arn")
            .and_then(|v| v.value.as_str())
            .unwrap_or(&s.resource.address);
        for role in set.of_type(n.role_type) {
            let attached = lookup(&role.attributes, "attachedManagedPolicies.policyArn");
            if attached.nodes.iter().any(|p| p.value.as_str() == Some(arn)) {
                roles.push(role);
            }
        }
    }
    (roles, maybe)
}

/// The role a value names: a reference to a role resource, or its name or ARN as text.
/// `Some(None)` when it names no role of this set, `None` when that cannot be known.
fn resolve_role<'a>(v: &Value, set: &'a ResourceSet, n: &Names) -> Option<Option<&'a Resource>> {
    match v {
        Value::Ref(r) => Some(
            set.get(&r.address)
                .filter(|r| r.resource_type == n.role_type),
        ),
        Value::String(text) => {
            let name = text.rsplit('/').next().unwrap_or(text);
            let role = set
                .of_type(n.role_type)
                .find(|r| r.attr(n.role_name).and_then(|v| v.value.as_str()) == Some(name));
            // A role outside the module may still be an AI role: not known.
            role.map(Some)
        }
        _ => None,
    }
}

/// AIP-IAM-003: a policy of a role that SageMaker or Bedrock uses allows `iam:PassRole` on every role.
pub(super) fn passrole_on_all_roles(s: &Subject) -> Outcome {
    let Some(n) = names(s.resource.format) else {
        return Outcome::unknown("this input format has no IAM policies");
    };
    let Some((_, doc_path, holder)) = n
        .holders
        .iter()
        .find(|(t, _, _)| *t == s.resource.resource_type)
    else {
        return Outcome::new(Tri::False);
    };
    let mut maybe = false;
    let mut grant = None;
    'docs: for node in lookup(s.value, doc_path).nodes {
        let Some(stmts) = statements(&node.value, node.line, s.set) else {
            maybe = true;
            continue;
        };
        if passrole_denied(&stmts) {
            continue;
        }
        for st in &stmts {
            match passrole_grant(st) {
                Grant::Yes(detail) => {
                    let line = match &node.value {
                        // The statement sits in a policy document data source elsewhere.
                        Value::Ref(_) => node.line,
                        _ => st.line.max(node.line),
                    };
                    grant = Some((detail, line));
                    break 'docs;
                }
                Grant::No => {}
                Grant::Maybe => maybe = true,
            }
        }
    }
    let Some((detail, line)) = grant else {
        return if maybe {
            Outcome::unknown("a policy statement is not known")
        } else {
            Outcome::new(Tri::False)
        };
    };
    let (roles, mut unresolved) = roles_of(s, n, *holder);
    for role in roles {
        match ai_use(role, s.set, n) {
            Ok(Some(how)) => {
                let whose = if role.address == s.resource.address {
                    format!("the role is {how}")
                } else {
                    format!("it applies to {}, {how}", role.address)
                };
                return found(format!("{detail}; {whose}"), Some(line));
            }
            Ok(None) => {}
            Err(()) => unresolved = true,
        }
    }
    if unresolved {
        Outcome::unknown("whether SageMaker or Bedrock uses the role is not known")
    } else {
        Outcome::new(Tri::False)
    }
}

// ---------------------------------------------------------------------------------------------
// AIP-IAM-004: trust policy of an AI execution role
// ---------------------------------------------------------------------------------------------

const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

/// Keys that tie a caller to an account, organization or resource.
const ACCOUNT_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// The confused-deputy guards of a service trust.
const SOURCE_KEYS: &[&str] = &["aws:sourceaccount", "aws:sourcearn"];

/// Whether the statement's conditions pin one of `keys` to a value: `Allow` statements with a
/// positive operator (`StringEquals`, `ArnLike`, ...), `Deny` statements with a negated one
/// (`StringNotEquals`, ...). `...IfExists` operators let a request without the key through,
/// so they are no guard. A value that is only wildcards (or an ARN with a wildcard account)
/// pins nothing. `None` when a value is not known.
fn guarded(st: &Statement, keys: &[&str]) -> Option<bool> {
    let tests = st.conditions.as_ref()?;
    let mut maybe = false;
    for t in tests {
        let key = t.key.to_ascii_lowercase();
        let op = t.operator.to_ascii_lowercase();
        let negated = op.contains("not");
        if !keys.contains(&key.as_str())
            || op.ends_with("ifexists")
            || op == "null"
            || negated != (st.effect == Effect::Deny)
        {
            continue;
        }
        match &t.values {
            Field::Known(values) => {
                let mut pins = !values.is_empty();
                for v in values {
                    match v {
                        Text::Lit(text) => pins &= !loose(text),
                        Text::Opaque => {}
                        Text::Unknown => maybe = true,
                    }
                }
                if pins && !maybe {
                    return Some(true);
                }
            }
            Field::Unknown => maybe = true,
            Field::Absent => {}
        }
    }
    if maybe {
        None
    } else {
        Some(false)
    }
}

/// A condition value that matches any account: `*`, or an ARN whose account is a wildcard.
fn loose(text: &str) -> bool {
    if text.chars().all(|c| c == '*') {
        return true;
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", _, _, _, account, _] if account.chars().all(|c| c == '*'))
}

/// What an Allow statement lets anyone assume: "*" or a wildcard account, in words.
fn open_principal(st: &Statement) -> Result<Option<String>, ()> {
    match &st.principals {
        Principals::Known(ids) => {
            let mut maybe = false;
            for (kind, id) in ids {
                match id {
                    Text::Lit(p) if p == "*" && (kind == "*" || kind == "AWS") => {
                        return Ok(Some(if kind == "*" {
                            "any principal (\"*\")".to_string()
                        } else {
                            "any AWS principal ({\"AWS\": \"*\"})".to_string()
                        }))
                    }
                    Text::Lit(p) if kind == "AWS" && p.contains('*') => {
                        return Ok(Some(format!("a wildcard account principal (\"{p}\")")))
                    }
                    Text::Lit(_) | Text::Opaque => {}
                    Text::Unknown => maybe = true,
                }
            }
            if maybe {
                Err(())
            } else {
                Ok(None)
            }
        }
        Principals::Absent => Ok(None),
        Principals::Unknown => Err(()),
    }
}

fn lets_assume(st: &Statement) -> Option<bool> {
    let mut maybe = false;
    for a in ASSUME_ACTIONS {
        match applies_to(st, a) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => maybe = true,
        }
    }
    if maybe {
        None
    } else {
        Some(false)
    }
}

/// A Deny in the trust policy that turns away callers not matching `keys`.
fn denied_unless(stmts: &[Statement], keys: &[&str]) -> Option<bool> {
    let mut maybe = false;
    for st in stmts.iter().filter(|st| st.effect == Effect::Deny) {
        let everyone = matches!(&st.principals, Principals::Known(ids)
            if ids.iter().any(|(_, id)| matches!(id, Text::Lit(p) if p == "*")));
        if !everyone || lets_assume(st) != Some(true) {
            continue;
        }
        match guarded(st, keys) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => maybe = true,
        }
    }
    if maybe {
        None
    } else {
        Some(false)
    }
}

/// AIP-IAM-004: the trust policy of an AI execution role lets anyone assume it, or trusts
/// SageMaker or Bedrock without `aws:SourceAccount` / `aws:SourceArn`.
pub(super) fn ai_role_trust_open(s: &Subject) -> Outcome {
    let Some(n) = names(s.resource.format) else {
        return Outcome::unknown("this input format has no IAM roles");
    };
    if s.resource.resource_type != n.role_type {
        return Outcome::new(Tri::False);
    }
    let Some(node) = lookup(s.value, n.trust_doc).nodes.first().copied() else {
        return Outcome::new(Tri::False);
    };
    let Some(stmts) = statements(&node.value, node.line, s.set) else {
        return Outcome::unknown("the trust policy is not known");
    };
    let line_of = |st: &Statement| match &node.value {
        Value::Ref(_) => node.line,
        _ => st.line.max(node.line),
    };
    let mut maybe = false;
    let mut problem: Option<(String, u32)> = None;
    for st in stmts.iter().filter(|st| st.effect != Effect::Deny) {
        if st.effect == Effect::Unknown {
            maybe = true;
            continue;
        }
        match lets_assume(st) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                maybe = true;
                continue;
            }
        }
        // (a) anyone, or any account.
        match open_principal(st) {
            Ok(Some(who)) => match (
                guarded(st, ACCOUNT_KEYS),
                denied_unless(&stmts, ACCOUNT_KEYS),
            ) {
                (Some(true), _) | (_, Some(true)) => {}
                (Some(false), Some(false)) => {
                    problem = Some((
                        format!("trust policy lets {who} assume the role without a condition restricting the account"),
                        line_of(st),
                    ));
                    break;
                }
                _ => maybe = true,
            },
            Ok(None) => {}
            Err(()) => maybe = true,
        }
        // (b) the service, without a confused-deputy guard.
        match trusted_ai_service(st) {
            Ok(Some(svc)) => match (guarded(st, SOURCE_KEYS), denied_unless(&stmts, SOURCE_KEYS)) {
                (Some(true), _) | (_, Some(true)) => {}
                (Some(false), Some(false)) => {
                    problem = Some((
                        format!("trust policy lets {svc} assume the role without an aws:SourceAccount or aws:SourceArn condition (confused deputy)"),
                        line_of(st),
                    ));
                    break;
                }
                _ => maybe = true,
            },
            Ok(None) => {}
            Err(()) => maybe = true,
        }
    }
    let Some((detail, line)) = problem else {
        return if maybe {
            Outcome::unknown("a trust policy statement is not known")
        } else {
            Outcome::new(Tri::False)
        };
    };
    match ai_use(s.resource, s.set, n) {
        Ok(Some(_)) => found(detail, Some(line)),
        Ok(None) => Outcome::new(Tri::False),
        Err(()) => Outcome::unknown("whether SageMaker or Bedrock uses the role is not known"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn doc(json: &str) -> Vec<Statement> {
        statements(
            &Value::String(json.into()),
            1,
            &ResourceSet::new(Vec::new()),
        )
        .expect("parses")
    }

    #[test]
    fn every_role_patterns() {
        assert!(every_role("*"));
        assert!(every_role("arn:aws:iam::*:role/*"));
        assert!(every_role("arn:aws:iam::123456789012:role/*"));
        assert!(every_role("arn:aws:iam::123456789012:*"));
        assert!(!every_role("arn:aws:iam::123456789012:role/ml-*"));
        assert!(!every_role("arn:aws:s3:::*"));
    }

    #[test]
    fn passed_to_service_does_not_scope_the_roles() {
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
            "Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}}"#,
        );
        assert!(matches!(passrole_grant(&s[0]), Grant::Yes(d) if d.contains("PassedToService")));
    }

    #[test]
    fn role_tags_scope_the_roles() {
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*",
            "Condition":{"StringEquals":{"iam:ResourceTag/team":"ml"}}}}"#,
        );
        assert!(matches!(passrole_grant(&s[0]), Grant::No));
    }

    #[test]
    fn not_action_leaving_passrole_in() {
        let s = doc(r#"{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}"#);
        assert!(matches!(passrole_grant(&s[0]), Grant::Yes(_)));
        let s = doc(r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#);
        assert!(matches!(passrole_grant(&s[0]), Grant::No));
    }

    #[test]
    fn deny_takes_passrole_back() {
        let s = doc(
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
            {"Effect":"Deny","Action":"iam:PassRole","NotResource":"arn:aws:iam::1:role/x"}]}"#,
        );
        assert!(passrole_denied(&s));
    }

    #[test]
    fn source_account_guards_service_trust() {
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},
            "Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}}"#,
        );
        assert_eq!(guarded(&s[0], SOURCE_KEYS), Some(true));
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},
            "Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sagemaker:*:*:*"}}}}"#,
        );
        assert_eq!(guarded(&s[0], SOURCE_KEYS), Some(false));
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"bedrock.amazonaws.com"},
            "Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"1"}}}}"#,
        );
        assert_eq!(guarded(&s[0], SOURCE_KEYS), Some(false));
        assert_eq!(trusted_ai_service(&s[0]), Ok(Some("bedrock.amazonaws.com")));
    }

    #[test]
    fn open_principals() {
        let s =
            doc(r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}"#);
        assert!(matches!(open_principal(&s[0]), Ok(Some(_))));
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}}"#,
        );
        assert!(matches!(open_principal(&s[0]), Ok(Some(_))));
        let s = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}"#,
        );
        assert_eq!(open_principal(&s[0]), Ok(None));
    }
}
