//! Checks written in Rust, for what the YAML condition language cannot say cleanly: IAM
//! policy analysis, following an API to the Lambda and role behind it, the VPC endpoints a
//! network needs for the AI services its workloads use, and secret detection with redaction.
//! Each is a predicate a rule file names with `native: NAME`; the rule's metadata stays in YAML.
//!
//! These read Terraform attribute names today; the CloudFormation and AWS Config producers
//! will bring their own shapes to the same predicates.

mod ai_bucket;
mod ai_role;
mod api;
mod aws_image_accounts;
mod ecr;
mod images;
mod jobs;
mod logging;
mod monitoring;
pub mod policy;
mod provider_secret;
mod secrets;

use std::collections::BTreeSet;

use super::cond::{Evidence, Outcome, Subject, Tri};
use crate::model::{lookup, Resource, ResourceSet, Segment, Value};
use policy::{all_resources, allows, statements, Effect, Field, Statement, Text};

/// A native predicate: true when the resource fails.
pub type NativeCheck = fn(&Subject) -> Outcome;

const CHECKS: &[(&str, NativeCheck)] = &[
    ("iam-policy-ai-overbroad", iam_policy_ai_overbroad),
    ("api-stage-fronts-ai", api::api_stage_fronts_ai),
    ("entry-point-fronts-ai", api::entry_point_fronts_ai),
    ("api-stage-unthrottled", api::api_stage_unthrottled),
    ("ai-provider-secret", provider_secret::ai_provider_secret),
    ("vpc-ai-endpoints-missing", vpc_ai_endpoints_missing),
    ("hardcoded-secret", secrets::hardcoded_secret),
    ("required-tags-missing", required_tags_missing),
    (
        "workflow-job-inter-container-encryption-off",
        jobs::inter_container_encryption_off,
    ),
    (
        "workflow-job-network-isolation-off",
        jobs::network_isolation_off,
    ),
    ("workflow-job-vpc-missing", jobs::vpc_missing),
    ("workflow-job-kms-missing", jobs::kms_missing),
    ("monitoring-job-kms-missing", monitoring::kms_missing),
    (
        "ecr-ml-repository-unhardened",
        ecr::ml_repository_unhardened,
    ),
    (
        "bedrock-invocation-logging-missing",
        logging::bedrock_invocation_logging_missing,
    ),
    (
        "invocation-log-destination-unencrypted",
        logging::invocation_log_destination_unencrypted,
    ),
    (
        "ai-threat-detection-missing",
        logging::ai_threat_detection_missing,
    ),
    (
        "model-image-outside-private-registry",
        images::model_image_outside_private_registry,
    ),
    (
        "iam-passrole-all-roles-ai-role",
        ai_role::passrole_on_all_roles,
    ),
    ("ai-role-trust-open", ai_role::ai_role_trust_open),
    ("ai-bucket-kms-missing", ai_bucket::kms_missing),
    (
        "ai-bucket-public-access-unblocked",
        ai_bucket::public_access_unblocked,
    ),
    ("ai-bucket-tls-not-enforced", ai_bucket::tls_not_enforced),
];

pub fn lookup_check(name: &str) -> Option<NativeCheck> {
    CHECKS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Whether a native check has anything to do under these settings. An inactive check is not
/// run at all, so its resources are "not assessed" rather than "passed".
pub fn is_active(check: NativeCheck, settings: &crate::rules::cond::Settings) -> bool {
    if std::ptr::fn_addr_eq(check, required_tags_missing as NativeCheck) {
        return !settings.required_tags.is_empty();
    }
    true
}

/// AWS Config types a native check reads besides the resource it judges, so that a live audit
/// fetches them too.
pub fn context_types(check: NativeCheck) -> &'static [&'static str] {
    let bucket_checks: [NativeCheck; 3] = [
        ai_bucket::kms_missing,
        ai_bucket::public_access_unblocked,
        ai_bucket::tls_not_enforced,
    ];
    if bucket_checks
        .iter()
        .any(|c| std::ptr::fn_addr_eq(*c, check))
    {
        return ai_bucket::CONTEXT_TYPES;
    }
    &[]
}

pub fn names() -> Vec<&'static str> {
    CHECKS.iter().map(|(n, _)| *n).collect()
}

/// The name a rule file uses for this check.
pub fn name_of(check: NativeCheck) -> &'static str {
    CHECKS
        .iter()
        .find(|(_, f)| std::ptr::fn_addr_eq(*f, check))
        .map_or("?", |(n, _)| *n)
}

fn found(detail: String, line: Option<u32>) -> Outcome {
    Outcome {
        truth: Tri::True,
        evidence: Evidence {
            detail,
            line,
            ..Evidence::default()
        },
    }
}

const AI_SERVICES: [&str; 2] = ["bedrock", "sagemaker"];

/// Actions that only work on `Resource: "*"`, so `*` there is not overbroad.
fn needs_all_resources(action: &str) -> bool {
    let name = action.split_once(':').map(|(_, n)| n).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    lower.starts_with("list") || lower.starts_with("search")
}

fn ai_service(action: &str) -> Option<&'static str> {
    let (svc, _) = action.split_once(':')?;
    AI_SERVICES
        .iter()
        .copied()
        .find(|s| svc.eq_ignore_ascii_case(s))
}

/// One overbroad grant in a statement, and the actions that stand for it (for Deny checks).
struct Hit {
    line: u32,
    detail: String,
    representative: Vec<String>,
}

fn statement_hits(s: &Statement) -> (Vec<Hit>, bool) {
    let mut hits = Vec::new();
    let mut unknown = false;
    if s.effect == Effect::Unknown {
        return (hits, true);
    }
    if s.effect == Effect::Deny {
        return (hits, false);
    }
    let rep = |svc: &str| {
        vec![
            format!("{svc}:InvokeModel"),
            format!("{svc}:InvokeEndpoint"),
        ]
    };
    match &s.actions {
        Field::Known(items) => {
            for t in items {
                match t {
                    Text::Lit(a) if a == "*" || a == "*:*" => hits.push(Hit {
                        line: s.line,
                        detail: "allows every action (\"*\"), including bedrock:* and sagemaker:*"
                            .into(),
                        representative: AI_SERVICES.iter().flat_map(|s| rep(s)).collect(),
                    }),
                    Text::Lit(a) => {
                        if let Some((svc, name)) = a.split_once(':') {
                            if name.chars().all(|c| c == '*') && !name.is_empty() {
                                for ai in AI_SERVICES {
                                    if policy::wildcard_match(svc, ai) {
                                        hits.push(Hit {
                                            line: s.line,
                                            detail: format!("allows {a} (every {ai} action)"),
                                            representative: rep(ai),
                                        });
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
                if *t == Text::Unknown {
                    unknown = true;
                }
            }
        }
        Field::Unknown => unknown = true,
        Field::Absent => {}
    }
    match &s.not_actions {
        Field::Known(items) => {
            for ai in AI_SERVICES {
                let excluded = items.iter().any(|t| match t {
                    Text::Lit(p) => {
                        p == "*"
                            || p.split_once(':').is_some_and(|(svc, name)| {
                                policy::wildcard_match(svc, ai) && name.chars().all(|c| c == '*')
                            })
                    }
                    _ => false,
                });
                let maybe = items.iter().any(|t| !matches!(t, Text::Lit(_)));
                if !excluded && maybe {
                    unknown = true;
                } else if !excluded {
                    hits.push(Hit {
                        line: s.line,
                        detail: format!(
                            "Allow with NotAction grants every action not listed, including {ai}:*"
                        ),
                        representative: rep(ai),
                    });
                }
            }
        }
        Field::Unknown => unknown = true,
        Field::Absent => {}
    }
    if hits.is_empty() && !s.has_condition {
        let on_everything =
            all_resources(&s.resources) || matches!(s.not_resources, Field::Known(_));
        if on_everything {
            if let Field::Known(items) = &s.actions {
                for t in items {
                    if let Text::Lit(a) = t {
                        if ai_service(a).is_some() && !needs_all_resources(a) {
                            hits.push(Hit {
                                line: s.line,
                                detail: format!("allows {a} on every resource (\"*\")"),
                                representative: vec![a.replace('*', "X")],
                            });
                            break;
                        }
                    }
                }
            }
        }
    }
    (hits, unknown)
}

/// The names a native check needs, per input format: the logic is shared, the vocabulary is
/// not (Terraform's `rest_api_id` is CloudFormation's `RestApiId`, an integration is its own
/// resource in Terraform but a property of the method in CloudFormation, ...).
struct Vocab {
    /// Paths holding policy documents on IAM policy, role, user and group resources.
    policy_docs: &'static [&'static str],
    /// Paths holding inline policy documents on a role.
    role_inline_docs: &'static [&'static str],
    role_managed_arns: &'static str,
    /// (type, key referring to the role, path of the document) for policies attached by reference.
    role_policy_referrers: &'static [(&'static str, &'static str, &'static str)],
    /// (type, key referring to the role, path of the policy ARN) for attachments by ARN.
    role_arn_attachments: &'static [(&'static str, &'static str, &'static str)],
    /// The document of a customer-managed policy resource.
    managed_policy_doc: &'static str,
    lambda_types: &'static [&'static str],
    lambda_role: &'static str,
    stage_api: &'static str,
    api_endpoint_types: &'static str,
    api_body: &'static str,
    /// (type, key referring to the API, path of the integration URI).
    integration: (&'static str, &'static str, &'static str),
    subnet: (&'static str, &'static str),
    /// SageMaker workloads and the paths that place them in a subnet or VPC.
    vpc_workloads: &'static [(&'static str, &'static [&'static str])],
    lambda_subnets: &'static str,
    /// (type, VPC key, service name key).
    vpc_endpoint: (&'static str, &'static str, &'static str),
}

const TERRAFORM: Vocab = Vocab {
    policy_docs: &["policy", "inline_policy.policy"],
    role_inline_docs: &["inline_policy.policy"],
    role_managed_arns: "managed_policy_arns",
    role_policy_referrers: &[("aws_iam_role_policy", "role", "policy")],
    role_arn_attachments: &[
        ("aws_iam_role_policy_attachment", "role", "policy_arn"),
        ("aws_iam_policy_attachment", "roles", "policy_arn"),
    ],
    managed_policy_doc: "policy",
    lambda_types: &["aws_lambda_function"],
    lambda_role: "role",
    stage_api: "rest_api_id",
    api_endpoint_types: "endpoint_configuration.types",
    api_body: "body",
    integration: ("aws_api_gateway_integration", "rest_api_id", "uri"),
    subnet: ("aws_subnet", "vpc_id"),
    vpc_workloads: &[
        ("aws_sagemaker_notebook_instance", &["subnet_id"]),
        ("aws_sagemaker_domain", &["vpc_id", "subnet_ids"]),
        ("aws_sagemaker_model", &["vpc_config.subnets"]),
    ],
    lambda_subnets: "vpc_config.subnet_ids",
    vpc_endpoint: ("aws_vpc_endpoint", "vpc_id", "service_name"),
};

const CLOUDFORMATION: Vocab = Vocab {
    policy_docs: &["PolicyDocument", "Policies.PolicyDocument"],
    role_inline_docs: &["Policies.PolicyDocument"],
    role_managed_arns: "ManagedPolicyArns",
    role_policy_referrers: &[
        ("AWS::IAM::Policy", "Roles", "PolicyDocument"),
        ("AWS::IAM::ManagedPolicy", "Roles", "PolicyDocument"),
    ],
    role_arn_attachments: &[],
    managed_policy_doc: "PolicyDocument",
    lambda_types: &["AWS::Lambda::Function", "AWS::Serverless::Function"],
    lambda_role: "Role",
    stage_api: "RestApiId",
    api_endpoint_types: "EndpointConfiguration.Types",
    api_body: "Body",
    integration: ("AWS::ApiGateway::Method", "RestApiId", "Integration.Uri"),
    subnet: ("AWS::EC2::Subnet", "VpcId"),
    vpc_workloads: &[
        ("AWS::SageMaker::NotebookInstance", &["SubnetId"]),
        ("AWS::SageMaker::Domain", &["VpcId", "SubnetIds"]),
        ("AWS::SageMaker::Model", &["VpcConfig.Subnets"]),
    ],
    lambda_subnets: "VpcConfig.SubnetIds",
    vpc_endpoint: ("AWS::EC2::VPCEndpoint", "VpcId", "ServiceName"),
};

/// AWS Config items (keys normalised to start lowercase). Config records IAM and Lambda, but
/// not API Gateway integrations, so only the IAM and secret checks have much to read here.
const AWSCONFIG: Vocab = Vocab {
    policy_docs: &[
        "policyDocument",
        "rolePolicyList.policyDocument",
        "userPolicyList.policyDocument",
        "groupPolicyList.policyDocument",
    ],
    role_inline_docs: &["rolePolicyList.policyDocument"],
    role_managed_arns: "attachedManagedPolicies.policyArn",
    role_policy_referrers: &[],
    role_arn_attachments: &[],
    managed_policy_doc: "policyDocument",
    lambda_types: &["AWS::Lambda::Function"],
    lambda_role: "role",
    stage_api: "restApiId",
    api_endpoint_types: "endpointConfiguration.types",
    api_body: "body",
    integration: (
        "AWS::ApiGateway::Method",
        "restApiId",
        "methodIntegration.uri",
    ),
    subnet: ("AWS::EC2::Subnet", "vpcId"),
    vpc_workloads: &[
        ("AWS::SageMaker::NotebookInstance", &["subnetId"]),
        ("AWS::SageMaker::Domain", &["vpcId", "subnetIds"]),
        ("AWS::SageMaker::Model", &["vpcConfig.subnets"]),
    ],
    lambda_subnets: "vpcConfig.subnetIds",
    vpc_endpoint: ("AWS::EC2::VPCEndpoint", "vpcId", "serviceName"),
};

fn vocab(format: crate::model::Format) -> Option<&'static Vocab> {
    match format {
        crate::model::Format::Terraform => Some(&TERRAFORM),
        crate::model::Format::CloudFormation => Some(&CLOUDFORMATION),
        crate::model::Format::AwsConfig => Some(&AWSCONFIG),
        _ => None,
    }
}

/// AIP-IAM-001: a policy granting wildcard AI actions, or AI actions on every resource.
fn iam_policy_ai_overbroad(s: &Subject) -> Outcome {
    let Some(v) = vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no IAM policies");
    };
    let nodes: Vec<_> = v
        .policy_docs
        .iter()
        .flat_map(|p| lookup(s.value, p).nodes)
        .collect();
    let mut unknown = None;
    for node in nodes {
        let from_data = matches!(&node.value, Value::Ref(_));
        let Some(stmts) = statements(&node.value, node.line, s.set) else {
            unknown = Some(Outcome::unknown("the policy document is not known"));
            continue;
        };
        for st in &stmts {
            let (hits, maybe) = statement_hits(st);
            if maybe {
                unknown = unknown.or(Some(Outcome::unknown("a policy statement is not known")));
            }
            for hit in hits {
                // A Deny without conditions on every resource takes the grant back.
                let cancelled = hit
                    .representative
                    .iter()
                    .all(|a| allows(&stmts, a) == Some(false));
                if cancelled {
                    continue;
                }
                let (detail, line) = match (&node.value, from_data) {
                    (Value::Ref(r), true) => (
                        format!("{} (statement in {})", hit.detail, r.address),
                        node.line,
                    ),
                    _ => (hit.detail, hit.line.max(node.line)),
                };
                return found(detail, Some(line));
            }
        }
    }
    unknown.unwrap_or_else(|| Outcome::new(Tri::False))
}

/// A role's policy documents (inline, role policies, customer-managed policies attached by
/// reference) with their lines, the ARNs of policies attached as text (AWS managed ones), and
/// whether some attached policy could not be read.
pub(super) struct RolePolicies {
    pub docs: Vec<(Value, u32)>,
    pub managed_arns: Vec<String>,
    pub unknown: bool,
}

/// The policies of a role, or `None` when the role is not in the set.
pub(super) fn role_policies(role_address: &str, set: &ResourceSet) -> Option<RolePolicies> {
    let role = set.get(role_address)?;
    let v = vocab(role.format)?;
    let mut docs: Vec<(Value, u32)> = v
        .role_inline_docs
        .iter()
        .flat_map(|p| lookup(&role.attributes, p).nodes)
        .map(|n| (n.value.clone(), n.line))
        .collect();
    let mut managed: Vec<Value> = lookup(&role.attributes, v.role_managed_arns)
        .nodes
        .iter()
        .map(|n| n.value.clone())
        .collect();
    for (r, key) in set.referrers(role_address) {
        for (rtype, rkey, doc) in v.role_policy_referrers {
            if r.resource_type == *rtype && key == *rkey {
                docs.extend(
                    lookup(&r.attributes, doc)
                        .nodes
                        .iter()
                        .map(|n| (n.value.clone(), n.line)),
                );
            }
        }
        for (rtype, rkey, arn) in v.role_arn_attachments {
            if r.resource_type == *rtype && key == *rkey {
                managed.extend(
                    lookup(&r.attributes, arn)
                        .nodes
                        .iter()
                        .map(|n| n.value.clone()),
                );
            }
        }
    }
    let mut out = RolePolicies {
        docs,
        managed_arns: Vec::new(),
        unknown: false,
    };
    for arn in managed {
        match &arn {
            Value::String(a) => out.managed_arns.push(a.clone()),
            Value::Ref(r) => match set.get(&r.address).and_then(|p| {
                lookup(&p.attributes, v.managed_policy_doc)
                    .nodes
                    .first()
                    .copied()
            }) {
                Some(p) => out.docs.push((p.value.clone(), p.line)),
                None => out.unknown = true,
            },
            _ => out.unknown = true,
        }
    }
    Some(out)
}

/// The AI services a role may call: `sagemaker` (runtime) and `bedrock`, from its inline
/// policies, role policies, attached customer and AWS managed policies. The flag says some
/// policy could not be read.
pub fn role_ai_services(role_address: &str, set: &ResourceSet) -> (BTreeSet<&'static str>, bool) {
    let mut services = BTreeSet::new();
    let Some(RolePolicies {
        docs,
        managed_arns,
        mut unknown,
    }) = role_policies(role_address, set)
    else {
        return (services, true);
    };
    for a in managed_arns {
        let name = a.rsplit('/').next().unwrap_or("");
        match name {
            "AdministratorAccess" => {
                services.insert("sagemaker");
                services.insert("bedrock");
            }
            n if n.starts_with("AmazonBedrock") => {
                services.insert("bedrock");
            }
            n if n.starts_with("AmazonSageMaker") => {
                services.insert("sagemaker");
            }
            _ => {}
        }
    }
    for (doc, line) in docs {
        let Some(stmts) = statements(&doc, line, set) else {
            unknown = true;
            continue;
        };
        for (svc, actions) in [
            (
                "sagemaker",
                &[
                    "sagemaker:InvokeEndpoint",
                    "sagemaker:InvokeEndpointWithResponseStream",
                ][..],
            ),
            (
                "bedrock",
                &[
                    "bedrock:InvokeModel",
                    "bedrock:InvokeModelWithResponseStream",
                    "bedrock:InvokeAgent",
                    "bedrock:RetrieveAndGenerate",
                ][..],
            ),
        ] {
            for a in actions {
                match allows(&stmts, a) {
                    Some(true) => {
                        services.insert(svc);
                    }
                    Some(false) => {}
                    None => unknown = true,
                }
            }
        }
    }
    (services, unknown)
}

/// The AI services a Lambda function calls, judged by its execution role.
fn lambda_ai_services(function: &Resource, set: &ResourceSet) -> (BTreeSet<&'static str>, bool) {
    let Some(v) = vocab(function.format) else {
        return (BTreeSet::new(), true);
    };
    match function.attr(v.lambda_role).map(|n| &n.value) {
        Some(Value::Ref(r)) => role_ai_services(&r.address, set),
        _ => (BTreeSet::new(), true),
    }
}

fn literal_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Partial(segs) => Some(
            segs.iter()
                .map(|s| match s {
                    Segment::Lit(l) => l.as_str(),
                    _ => "\u{1}",
                })
                .collect(),
        ),
        _ => None,
    }
}

/// VPC endpoint service suffixes, by AI service a workload uses.
const SAGEMAKER_ENDPOINTS: [&str; 2] = ["sagemaker.api", "sagemaker.runtime"];
const BEDROCK_ENDPOINTS: [&str; 1] = ["bedrock-runtime"];

/// AIP-NET-001: a VPC hosting SageMaker or Bedrock workloads without interface endpoints for
/// the services they use.
fn vpc_ai_endpoints_missing(s: &Subject) -> Outcome {
    let Some(v) = vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no VPCs");
    };
    let vpc = &s.resource.address;
    let (subnet_type, subnet_vpc) = v.subnet;
    let subnets: BTreeSet<String> = s
        .set
        .referrers(vpc)
        .filter(|(r, key)| r.resource_type == subnet_type && *key == subnet_vpc)
        .map(|(r, _)| crate::model::base_address(&r.address).to_string())
        .collect();
    let in_vpc = |r: &Resource, paths: &[&str]| -> bool {
        paths.iter().any(|p| {
            lookup(&r.attributes, p).nodes.iter().any(|n| {
                let mut refs = Vec::new();
                n.value.references(&mut refs);
                refs.iter().any(|x| {
                    subnets.contains(&x.address) || crate::model::refers_to(&x.address, vpc)
                })
            })
        })
    };
    let mut needed: BTreeSet<&str> = BTreeSet::new();
    let mut hosts: Vec<String> = Vec::new();
    let mut unknown = false;
    for r in &s.set.resources {
        let sagemaker = v
            .vpc_workloads
            .iter()
            .any(|(t, paths)| r.resource_type == *t && in_vpc(r, paths));
        if sagemaker {
            needed.extend(SAGEMAKER_ENDPOINTS);
            hosts.push(r.address.clone());
            continue;
        }
        if v.lambda_types.contains(&r.resource_type.as_str()) && in_vpc(r, &[v.lambda_subnets]) {
            let (services, maybe) = lambda_ai_services(r, s.set);
            unknown |= maybe && services.is_empty();
            if services.contains("sagemaker") {
                needed.insert("sagemaker.runtime");
            }
            if services.contains("bedrock") {
                needed.extend(BEDROCK_ENDPOINTS);
            }
            if !services.is_empty() {
                hosts.push(r.address.clone());
            }
        }
    }
    if needed.is_empty() {
        return if unknown {
            Outcome::unknown("whether a Lambda in the VPC calls AI services is not known")
        } else {
            Outcome::new(Tri::False)
        };
    }
    let (endpoint_type, endpoint_vpc, endpoint_service) = v.vpc_endpoint;
    let mut present: BTreeSet<String> = BTreeSet::new();
    for endpoint in s.set.of_type(endpoint_type) {
        let vpc_id = endpoint.attr(endpoint_vpc).map(|n| &n.value);
        let mut refs = Vec::new();
        if let Some(v) = vpc_id {
            v.references(&mut refs);
        }
        if !refs
            .iter()
            .any(|r| crate::model::refers_to(&r.address, vpc))
        {
            if vpc_id.is_some_and(Value::has_unknown) {
                unknown = true;
            }
            continue;
        }
        match endpoint.attr(endpoint_service).map(|n| &n.value) {
            Some(v) => match literal_text(v) {
                // The region part may be unknown; the service suffix is what matters.
                Some(text) => {
                    if let Some(svc) = needed.iter().find(|svc| text.ends_with(&format!(".{svc}")))
                    {
                        present.insert((*svc).to_string());
                    }
                }
                None => unknown = true,
            },
            None => unknown = true,
        }
    }
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|svc| !present.contains(*svc))
        .collect();
    if missing.is_empty() {
        return Outcome::new(Tri::False);
    }
    if unknown {
        return Outcome::unknown("a VPC endpoint of this VPC is not known");
    }
    hosts.sort();
    hosts.dedup();
    found(
        format!(
            "hosts {} but has no interface endpoint for {}",
            hosts.join(", "),
            missing.join(", ")
        ),
        None,
    )
}

/// AIP-GOV-001: an AI resource lacks tag keys the configuration requires (`required-tags`).
/// Off (never true) until tags are configured. Tags the resource's provider adds with
/// `default_tags` count as present (Terraform). CloudFormation `Tags` is a list of
/// `Key`/`Value` (or a map on the types that take one); AWS Config gives the item's tags as a
/// map, or the configuration's `Tags` list. CloudFormation stack-level tags are applied at
/// deploy time and cannot be seen in the template. An AWS Config item without any tags field
/// (`batch-get-resource-config` output has none) is unknown, not missing.
fn required_tags_missing(s: &Subject) -> Outcome {
    let required = &s.settings.required_tags;
    if required.is_empty() {
        return Outcome::new(Tri::False);
    }
    let provider = match s.resource.attr("provider").map(|n| &n.value) {
        Some(Value::String(p)) => p.clone(),
        _ => "aws".to_string(),
    };
    let own = match s.resource.format {
        crate::model::Format::CloudFormation => s.resource.attr("Tags"),
        _ => s.resource.attr("tags"),
    };
    if own.is_none() && s.resource.format == crate::model::Format::AwsConfig {
        return Outcome::unknown("the configuration item carries no tags");
    }
    let mut keys: Vec<String> = Vec::new();
    let mut line = None;
    for source in [
        own.map(|n| (&n.value, Some(n.line))),
        s.set.default_tags.get(&provider).map(|v| (v, None)),
    ]
    .into_iter()
    .flatten()
    {
        match tag_keys(source.0) {
            Some(found) => keys.extend(found),
            None => return Outcome::unknown("the resource's tags are not known"),
        }
        line = line.or(source.1);
    }
    let missing: Vec<&str> = required
        .iter()
        .map(String::as_str)
        .filter(|t| !keys.iter().any(|k| k == t))
        .collect();
    if missing.is_empty() {
        return Outcome::new(Tri::False);
    }
    found(
        format!("missing required tags: {}", missing.join(", ")),
        line,
    )
}

/// The keys of a tag value: a map (Terraform, AWS Config items, some CloudFormation types) or
/// a list of `{Key, Value}` (CloudFormation, AWS Config configurations); `None` when a key is
/// not known.
fn tag_keys(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::Map(entries) => Some(entries.iter().map(|(k, _)| k.clone()).collect()),
        Value::List(items) => items
            .iter()
            .map(|item| {
                let key = item.value.get("Key").or_else(|| item.value.get("key"))?;
                key.value.as_str().map(str::to_string)
            })
            .collect(),
        _ => None,
    }
}
