//! Checks about the audit and logging set-up of a whole configuration (a Terraform root module
//! with its child modules, a CloudFormation template): Bedrock model invocation logging and
//! where its logs go, CloudTrail and GuardDuty next to AI workloads.
//!
//! Invocation logging, trails and detectors are account-level (per Region) settings, so a gap is
//! a property of the set, not of one resource. The engine evaluates rules per resource, so these
//! checks report once per set, on one *representative* resource chosen deterministically: the
//! first qualifying resource by file, line and address ([`stands_for_set`]).

use std::cmp::Ordering;

use super::policy::{allows, statements, Effect, Field, Statement, Text};
use super::{found, role_policies, vocab};
use crate::model::{lookup, refers_to, Format, Node, Resource, ResourceSet, Value};
use crate::rules::cond::{Evidence, Outcome, Subject, Tri};

/// Whether the subject is the one resource that speaks for the set.
enum Standing {
    Representative,
    /// Not the representative: the outcome to return instead (false, or unknown).
    Other(Outcome),
}

fn order(a: &Resource, b: &Resource) -> Ordering {
    (&a.location.file, a.location.start_line, &a.address).cmp(&(
        &b.location.file,
        b.location.start_line,
        &b.address,
    ))
}

/// The subject stands for the set when it is a member (per `member`) and no member comes
/// before it by (file, line, address). Every other resource is marked `elsewhere`, so it is
/// neither passed nor failed; a resource whose membership is unknown is unknown when no known
/// member exists.
fn stands_for_set(s: &Subject, member: impl Fn(&Resource) -> Tri) -> Standing {
    let members = |r: &&Resource| !r.is_data && member(r) == Tri::True;
    // Judged on another resource: neither passed nor unknown here.
    let elsewhere = || {
        Standing::Other(Outcome {
            truth: Tri::False,
            evidence: Evidence {
                elsewhere: true,
                ..Evidence::default()
            },
        })
    };
    match member(s.resource) {
        Tri::True => {
            let earlier = s
                .set
                .resources
                .iter()
                .filter(|r| order(r, s.resource) == Ordering::Less)
                .any(|r| members(&r));
            if earlier {
                elsewhere()
            } else {
                Standing::Representative
            }
        }
        Tri::False => elsewhere(),
        Tri::Unknown => {
            if s.set.resources.iter().any(|r| members(&r)) {
                elsewhere()
            } else {
                Standing::Other(Outcome::unknown(
                    "whether this resource uses the AI service is not known",
                ))
            }
        }
    }
}

/// Terraform resources whose existence shows the configuration uses Bedrock models.
pub(super) const BEDROCK_USERS: &[&str] = &[
    "aws_bedrockagent_agent",
    "aws_bedrockagent_knowledge_base",
    "aws_bedrockagent_flow",
    "aws_bedrock_guardrail",
    "aws_bedrock_custom_model",
    "aws_bedrock_provisioned_model_throughput",
    "aws_bedrock_inference_profile",
];

const INVOCATION_LOGGING: &str = "aws_bedrock_model_invocation_logging_configuration";

/// The Bedrock actions whose calls invocation logging records.
const INVOKE_ACTIONS: [&str; 2] = [
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
];

/// Whether an Allow statement names Bedrock actions itself (`bedrock:InvokeModel`,
/// `bedrock:Invoke*`, `bedrock:*`), as opposed to `*` or `NotAction`, which grant Bedrock only
/// in passing. A statement whose actions are not known might name them.
fn names_bedrock(st: &Statement) -> bool {
    match &st.actions {
        Field::Known(items) => items.iter().any(|t| match t {
            Text::Lit(a) => a
                .split_once(':')
                .is_some_and(|(svc, _)| svc.eq_ignore_ascii_case("bedrock")),
            Text::Opaque | Text::Unknown => true,
        }),
        Field::Unknown => true,
        Field::Absent => false,
    }
}

/// Whether a role's policies grant `bedrock:InvokeModel` explicitly: an AWS managed Bedrock
/// policy that allows invocation, or a statement naming Bedrock actions (Deny statements still
/// take grants back). Roles that reach Bedrock only through `*` (AdministratorAccess, `"*"`
/// actions) are not taken as evidence that the configuration uses Bedrock.
fn role_invokes_bedrock(role_address: &str, set: &ResourceSet) -> Tri {
    let Some(policies) = role_policies(role_address, set) else {
        return Tri::Unknown;
    };
    let managed = policies.managed_arns.iter().any(|a| {
        let name = a.rsplit('/').next().unwrap_or("");
        name.starts_with("AmazonBedrock") && !name.contains("ReadOnly")
    });
    if managed {
        return Tri::True;
    }
    let mut unknown = policies.unknown;
    for (doc, line) in &policies.docs {
        let Some(stmts) = statements(doc, *line, set) else {
            unknown = true;
            continue;
        };
        let explicit: Vec<Statement> = stmts
            .into_iter()
            .filter(|st| st.effect != Effect::Allow || names_bedrock(st))
            .collect();
        for action in INVOKE_ACTIONS {
            match allows(&explicit, action) {
                Some(true) => return Tri::True,
                Some(false) => {}
                None => unknown = true,
            }
        }
    }
    if unknown {
        Tri::Unknown
    } else {
        Tri::False
    }
}

/// Whether a resource shows that its configuration uses Bedrock models: a Bedrock agent,
/// knowledge base, flow, guardrail, custom model, provisioned throughput or inference profile,
/// an IAM role granting `bedrock:InvokeModel`, or a Lambda function with such a role.
fn bedrock_user(r: &Resource, set: &ResourceSet) -> Tri {
    if r.is_data {
        return Tri::False;
    }
    if BEDROCK_USERS.contains(&r.resource_type.as_str()) {
        return Tri::True;
    }
    if r.resource_type == "aws_iam_role" {
        return role_invokes_bedrock(&r.address, set);
    }
    let Some(v) = vocab(r.format) else {
        return Tri::False;
    };
    if v.lambda_types.contains(&r.resource_type.as_str()) {
        return match r.attr(v.lambda_role).map(|n| &n.value) {
            Some(Value::Ref(role)) => role_invokes_bedrock(&role.address, set),
            _ => Tri::Unknown,
        };
    }
    Tri::False
}

/// AIP-BR-011: the configuration uses Bedrock and defines no model invocation logging.
/// Reported once, on the first resource that shows Bedrock use.
pub fn bedrock_invocation_logging_missing(s: &Subject) -> Outcome {
    if let Standing::Other(outcome) = stands_for_set(s, |r| bedrock_user(r, s.set)) {
        return outcome;
    }
    let configured = s
        .set
        .resources
        .iter()
        .any(|r| !r.is_data && r.resource_type == INVOCATION_LOGGING);
    if configured {
        return Outcome::new(Tri::False);
    }
    found(
        format!("the configuration uses Bedrock but has no {INVOCATION_LOGGING}"),
        None,
    )
}

/// Terraform and CloudFormation types that run SageMaker or Bedrock workloads (AIP-LOG-001).
pub(super) const AI_WORKLOADS: &[&str] = &[
    "aws_sagemaker_notebook_instance",
    "aws_sagemaker_domain",
    "aws_sagemaker_user_profile",
    "aws_sagemaker_space",
    "aws_sagemaker_model",
    "aws_sagemaker_endpoint_configuration",
    "aws_sagemaker_endpoint",
    "aws_sagemaker_pipeline",
    "aws_sagemaker_feature_group",
    "aws_sagemaker_data_quality_job_definition",
    "aws_sagemaker_monitoring_schedule",
    "aws_sagemaker_flow_definition",
    "aws_sagemaker_model_package_group",
    "aws_sagemaker_mlflow_tracking_server",
    "aws_bedrockagent_agent",
    "aws_bedrockagent_knowledge_base",
    "aws_bedrockagent_flow",
    "aws_bedrock_guardrail",
    "aws_bedrock_custom_model",
    "aws_bedrock_provisioned_model_throughput",
    "aws_bedrock_inference_profile",
    "AWS::SageMaker::NotebookInstance",
    "AWS::SageMaker::Domain",
    "AWS::SageMaker::UserProfile",
    "AWS::SageMaker::Space",
    "AWS::SageMaker::Model",
    "AWS::SageMaker::EndpointConfig",
    "AWS::SageMaker::Endpoint",
    "AWS::SageMaker::InferenceComponent",
    "AWS::SageMaker::Pipeline",
    "AWS::SageMaker::FeatureGroup",
    "AWS::SageMaker::DataQualityJobDefinition",
    "AWS::SageMaker::ModelQualityJobDefinition",
    "AWS::SageMaker::ModelBiasJobDefinition",
    "AWS::SageMaker::ModelExplainabilityJobDefinition",
    "AWS::SageMaker::MonitoringSchedule",
    "AWS::SageMaker::ModelPackageGroup",
    "AWS::SageMaker::Cluster",
    "AWS::SageMaker::MlflowTrackingServer",
    "AWS::Bedrock::Agent",
    "AWS::Bedrock::KnowledgeBase",
    "AWS::Bedrock::Flow",
    "AWS::Bedrock::Guardrail",
    "AWS::Bedrock::Prompt",
    "AWS::Bedrock::ApplicationInferenceProfile",
    "AWS::Bedrock::IntelligentPromptRouter",
    "AWS::Bedrock::DataAutomationProject",
];

/// (type, switch, readable name) of the trail and the detector, per format. An absent switch
/// means on: Terraform's `enable_logging` and `enable` default to true; CloudFormation requires
/// `IsLogging` and `Enable`, so a template without them does not deploy and is not judged.
struct Controls {
    trail: (&'static str, &'static str),
    detector: (&'static str, &'static str),
}

const TERRAFORM_CONTROLS: Controls = Controls {
    trail: ("aws_cloudtrail", "enable_logging"),
    detector: ("aws_guardduty_detector", "enable"),
};

const CLOUDFORMATION_CONTROLS: Controls = Controls {
    trail: ("AWS::CloudTrail::Trail", "IsLogging"),
    detector: ("AWS::GuardDuty::Detector", "Enable"),
};

/// True when some resource of the type is on (its switch absent or true), false when there is
/// none or every one is off, unknown when a switch is not known.
fn control_on(set: &ResourceSet, (rtype, switch): (&str, &str)) -> Tri {
    let mut result = Tri::False;
    for r in set.of_type(rtype).filter(|r| !r.is_data) {
        match r.attr(switch).map(|n| &n.value) {
            None | Some(Value::Null) => return Tri::True,
            Some(v) => match flag(v) {
                Some(true) => return Tri::True,
                Some(false) => {}
                None => result = Tri::Unknown,
            },
        }
    }
    result
}

fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// AIP-LOG-001: the configuration runs SageMaker or Bedrock workloads and has no CloudTrail
/// trail that is logging, or no enabled GuardDuty detector. Reported once, on the first AI
/// workload.
pub fn ai_threat_detection_missing(s: &Subject) -> Outcome {
    let controls = match s.resource.format {
        Format::Terraform => &TERRAFORM_CONTROLS,
        Format::CloudFormation => &CLOUDFORMATION_CONTROLS,
        _ => return Outcome::unknown("this input format does not show a whole stack"),
    };
    let workload = |r: &Resource| {
        if AI_WORKLOADS.contains(&r.resource_type.as_str()) {
            Tri::True
        } else {
            Tri::False
        }
    };
    if let Standing::Other(outcome) = stands_for_set(s, workload) {
        return outcome;
    }
    let trail = control_on(s.set, controls.trail);
    let detector = control_on(s.set, controls.detector);
    let mut missing = Vec::new();
    if trail == Tri::False {
        missing.push(format!(
            "no CloudTrail trail that is logging ({})",
            controls.trail.0
        ));
    }
    if detector == Tri::False {
        missing.push(format!(
            "no enabled GuardDuty detector ({})",
            controls.detector.0
        ));
    }
    if !missing.is_empty() {
        return found(
            format!(
                "the stack runs AI workloads but has {}",
                missing.join(" and ")
            ),
            None,
        );
    }
    if trail == Tri::Unknown || detector == Tri::Unknown {
        return Outcome::unknown("whether the trail or the detector is enabled is not known");
    }
    Outcome::new(Tri::False)
}

/// A resource of `rtype` named by `value`: a reference to it, or its `name_attr` written the
/// same way (a literal name, or the same interpolation).
fn resolve<'a>(
    set: &'a ResourceSet,
    value: &Value,
    rtype: &str,
    name_attr: &str,
) -> Option<&'a Resource> {
    match value {
        Value::Ref(r) => set
            .get(&r.address)
            .filter(|found| found.resource_type == rtype),
        Value::String(_) | Value::Partial(_) => set.resources.iter().find(|c| {
            !c.is_data
                && c.resource_type == rtype
                && c.attr(name_attr).is_some_and(|n| n.value == *value)
        }),
        _ => None,
    }
}

/// Whether a log group is not encrypted with a KMS key (`kms_key_id` absent means the
/// service-owned key of CloudWatch Logs).
fn log_group_unencrypted(group: &Resource) -> Tri {
    match group.attr("kms_key_id").map(|n| &n.value) {
        None | Some(Value::Null) => Tri::True,
        Some(Value::Unknown(_)) => Tri::Unknown,
        Some(_) => Tri::False,
    }
}

/// The algorithms a server-side encryption configuration (or a bucket's inline
/// `server_side_encryption_configuration` block) sets.
fn algorithms(value: &Value, path: &str) -> Vec<Value> {
    lookup(value, path)
        .nodes
        .iter()
        .map(|n| n.value.clone())
        .collect()
}

const SSE_ALGORITHM: &str = "rule.apply_server_side_encryption_by_default.sse_algorithm";
const SSE_CONFIG: &str = "aws_s3_bucket_server_side_encryption_configuration";

/// Whether a bucket's default encryption is not KMS (`aws:kms` or `aws:kms:dsse`). A bucket
/// without an encryption configuration uses SSE-S3 (AES256), the default since January 2023.
fn bucket_not_kms(bucket: &Resource, set: &ResourceSet) -> Tri {
    let name = bucket.attr("bucket").map(|n| &n.value);
    let mut algs = algorithms(
        &bucket.attributes,
        &format!("server_side_encryption_configuration.{SSE_ALGORITHM}"),
    );
    let mut maybe = false;
    for c in set.of_type(SSE_CONFIG).filter(|c| !c.is_data) {
        let Some(target) = c.attr("bucket").map(|n| &n.value) else {
            continue;
        };
        let mut refs = Vec::new();
        target.references(&mut refs);
        let ours = refs.iter().any(|r| refers_to(&r.address, &bucket.address))
            || (matches!(target, Value::String(_)) && Some(target) == name);
        if ours {
            algs.extend(algorithms(&c.attributes, SSE_ALGORITHM));
        } else if target.has_unknown() {
            maybe = true;
        }
    }
    let mut result = Tri::True;
    for alg in &algs {
        match alg {
            Value::String(a) if a.starts_with("aws:kms") => return Tri::False,
            Value::String(_) => {}
            _ => result = Tri::Unknown,
        }
    }
    if maybe && result == Tri::True && algs.is_empty() {
        return Tri::Unknown;
    }
    result
}

/// AIP-BR-012: a destination of model invocation logging (the CloudWatch log group, the S3
/// bucket, the bucket for large payloads) is not encrypted with a KMS key. Destinations not
/// defined in the configuration are unknown.
pub fn invocation_log_destination_unencrypted(s: &Subject) -> Outcome {
    let log_groups = lookup(s.value, "logging_config.cloudwatch_config.log_group_name").nodes;
    let buckets: Vec<&Node> = [
        "logging_config.s3_config.bucket_name",
        "logging_config.cloudwatch_config.large_data_delivery_s3_config.bucket_name",
    ]
    .iter()
    .flat_map(|p| lookup(s.value, p).nodes)
    .collect();
    let mut failures: Vec<(u32, String)> = Vec::new();
    let mut unknown = false;
    let mut seen: Vec<&str> = Vec::new();
    for node in log_groups {
        match resolve(s.set, &node.value, "aws_cloudwatch_log_group", "name") {
            Some(group) => match log_group_unencrypted(group) {
                Tri::True => failures.push((
                    node.line,
                    format!("log group {} has no kms_key_id", group.address),
                )),
                Tri::Unknown => unknown = true,
                Tri::False => {}
            },
            None => unknown = true,
        }
    }
    for node in buckets {
        match resolve(s.set, &node.value, "aws_s3_bucket", "bucket") {
            Some(bucket) => {
                if seen.contains(&bucket.address.as_str()) {
                    continue;
                }
                seen.push(&bucket.address);
                match bucket_not_kms(bucket, s.set) {
                    Tri::True => failures.push((
                        node.line,
                        format!("bucket {} is not encrypted with aws:kms", bucket.address),
                    )),
                    Tri::Unknown => unknown = true,
                    Tri::False => {}
                }
            }
            None => unknown = true,
        }
    }
    if let Some((line, _)) = failures.first() {
        let line = *line;
        let detail = failures
            .into_iter()
            .map(|(_, d)| d)
            .collect::<Vec<_>>()
            .join("; ");
        return found(detail, Some(line));
    }
    if unknown {
        return Outcome::unknown(
            "a destination of invocation logging is not defined here or not known",
        );
    }
    Outcome::new(Tri::False)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Reference};
    use crate::rules::cond::Settings;

    fn res(rtype: &str, name: &str, file: &str, line: u32, attrs: Vec<(&str, Value)>) -> Resource {
        Resource {
            format: if rtype.starts_with("AWS::") {
                Format::CloudFormation
            } else {
                Format::Terraform
            },
            resource_type: rtype.into(),
            address: if rtype.starts_with("AWS::") {
                name.into()
            } else {
                format!("{rtype}.{name}")
            },
            attributes: Value::Map(
                attrs
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), Node::new(v, line + 1)))
                    .collect(),
            ),
            location: Location {
                file: file.into(),
                start_line: line,
                end_line: line + 5,
            },
            is_data: false,
        }
    }

    fn reference(address: &str) -> Value {
        Value::Ref(Reference {
            address: address.into(),
            attribute: "arn".into(),
        })
    }

    fn eval(set: &ResourceSet, check: fn(&Subject) -> Outcome) -> Vec<(String, Tri)> {
        let settings = Settings::default();
        set.resources
            .iter()
            .map(|r| {
                let s = Subject {
                    resource: r,
                    value: &r.attributes,
                    set,
                    settings: &settings,
                };
                (r.address.clone(), check(&s).truth)
            })
            .collect()
    }

    fn firing(set: &ResourceSet, check: fn(&Subject) -> Outcome) -> Vec<String> {
        eval(set, check)
            .into_iter()
            .filter(|(_, t)| *t == Tri::True)
            .map(|(a, _)| a)
            .collect()
    }

    #[test]
    fn representative_is_first_by_file_then_line() {
        let set = ResourceSet::new(vec![
            res("aws_sagemaker_model", "m", "b.tf", 1, vec![]),
            res("aws_sagemaker_endpoint", "e", "a.tf", 30, vec![]),
            res("aws_bedrock_guardrail", "g", "a.tf", 10, vec![]),
            res("aws_s3_bucket", "b", "a.tf", 1, vec![]),
        ]);
        assert_eq!(
            firing(&set, ai_threat_detection_missing),
            vec!["aws_bedrock_guardrail.g"]
        );
    }

    #[test]
    fn controls_present_or_switched_off() {
        let base = || {
            vec![
                res("aws_sagemaker_model", "m", "a.tf", 1, vec![]),
                res("aws_cloudtrail", "t", "a.tf", 20, vec![]),
            ]
        };
        // Trail present, no detector.
        assert_eq!(
            firing(&ResourceSet::new(base()), ai_threat_detection_missing),
            vec!["aws_sagemaker_model.m"]
        );
        // Both present; `enable` absent means true.
        let mut both = base();
        both.push(res("aws_guardduty_detector", "d", "a.tf", 30, vec![]));
        assert!(firing(&ResourceSet::new(both), ai_threat_detection_missing).is_empty());
        // A detector that is off counts as none.
        let mut off = base();
        off.push(res(
            "aws_guardduty_detector",
            "d",
            "a.tf",
            30,
            vec![("enable", Value::Bool(false))],
        ));
        assert_eq!(
            firing(&ResourceSet::new(off), ai_threat_detection_missing).len(),
            1
        );
        // An unknown switch is unknown.
        let mut unknown = base();
        unknown.push(res(
            "aws_guardduty_detector",
            "d",
            "a.tf",
            30,
            vec![("enable", Value::unknown("var.enable"))],
        ));
        let set = ResourceSet::new(unknown);
        let results = eval(&set, ai_threat_detection_missing);
        assert!(results.iter().any(|(_, t)| *t == Tri::Unknown));
        assert!(!results.iter().any(|(_, t)| *t == Tri::True));
    }

    #[test]
    fn no_ai_workload_no_finding() {
        let set = ResourceSet::new(vec![res("aws_s3_bucket", "b", "a.tf", 1, vec![])]);
        assert!(firing(&set, ai_threat_detection_missing).is_empty());
    }

    fn role_with_policy(name: &str, actions: &[&str]) -> Resource {
        let doc = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]
        });
        res(
            "aws_iam_role",
            name,
            "iam.tf",
            1,
            vec![(
                "inline_policy",
                Value::List(vec![Node::new(
                    Value::Map(vec![(
                        "policy".into(),
                        Node::new(Value::String(doc.to_string()), 3),
                    )]),
                    2,
                )]),
            )],
        )
    }

    #[test]
    fn lambda_role_granting_invoke_model_uses_bedrock() {
        let set = ResourceSet::new(vec![
            role_with_policy("chat", &["bedrock:InvokeModel"]),
            res(
                "aws_lambda_function",
                "chat",
                "lambda.tf",
                1,
                vec![("role", reference("aws_iam_role.chat"))],
            ),
        ]);
        assert_eq!(
            firing(&set, bedrock_invocation_logging_missing),
            vec!["aws_iam_role.chat"]
        );
    }

    #[test]
    fn admin_wildcard_is_not_bedrock_use() {
        let set = ResourceSet::new(vec![role_with_policy("admin", &["*"])]);
        assert!(firing(&set, bedrock_invocation_logging_missing).is_empty());
        let set = ResourceSet::new(vec![role_with_policy("b", &["bedrock:Invoke*"])]);
        assert_eq!(firing(&set, bedrock_invocation_logging_missing).len(), 1);
    }

    #[test]
    fn logging_configuration_silences_the_set() {
        let set = ResourceSet::new(vec![
            res("aws_bedrockagent_agent", "a", "a.tf", 1, vec![]),
            res(INVOCATION_LOGGING, "this", "a.tf", 20, vec![]),
        ]);
        assert!(firing(&set, bedrock_invocation_logging_missing).is_empty());
    }

    #[test]
    fn rule_files_list_every_member_type() {
        let log = include_str!("../../../rules/AIP-LOG-001.yaml");
        for t in AI_WORKLOADS {
            assert!(log.contains(&format!(" {t}\n")), "AIP-LOG-001 misses {t}");
        }
        let br = include_str!("../../../rules/AIP-BR-011.yaml");
        for t in BEDROCK_USERS {
            assert!(br.contains(&format!(" {t}\n")), "AIP-BR-011 misses {t}");
        }
    }
}
