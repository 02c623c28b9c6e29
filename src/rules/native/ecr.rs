//! ECR repositories that hold machine-learning containers: whether their images are scanned on
//! push and their tags are immutable (AIP-ECR-001).
//!
//! "Holds ML containers" is decided from the model, never from the repository's name alone: a
//! repository is in scope when a SageMaker resource in the same module, template or Config file
//! uses it, either by reference (`"${aws_ecr_repository.x.repository_url}:1.0"`,
//! `!Sub "${Repo.RepositoryUri}:1.0"`, `!GetAtt Repo.RepositoryUri`) or through an image URI
//! string naming it (`<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`; in AWS Config data
//! the account and region must match the repository's ARN too). Step Functions state machines
//! are not counted: their images may be for ECS or Batch.
//!
//! Scan on push may also come from the registry: a registry scanning configuration (basic or
//! enhanced) with a `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` rule whose filter matches the
//! repository covers it, as the repository-level setting is deprecated in favour of it. AWS
//! Config items do not show the registry's configuration, so there a repository without scan
//! on push is unknown for that part, not failed.

use super::found;
use crate::model::{lookup, Format, Segment, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// SageMaker resource types whose images make a repository an ML repository.
const USERS: &[&str] = &[
    "aws_sagemaker_model",
    "aws_sagemaker_pipeline",
    "aws_sagemaker_data_quality_job_definition",
    "aws_sagemaker_image_version",
    "AWS::SageMaker::Model",
    "AWS::SageMaker::ModelPackage",
    "AWS::SageMaker::Pipeline",
    "AWS::SageMaker::DataQualityJobDefinition",
    "AWS::SageMaker::ModelQualityJobDefinition",
    "AWS::SageMaker::ModelBiasJobDefinition",
    "AWS::SageMaker::ModelExplainabilityJobDefinition",
    "AWS::SageMaker::MonitoringSchedule",
    "AWS::SageMaker::ImageVersion",
    "AWS::SageMaker::InferenceComponent",
];

const REGISTRY_SCANNING: &[&str] = &[
    "aws_ecr_registry_scanning_configuration",
    "AWS::ECR::RegistryScanningConfiguration",
];

/// Attribute spellings of one format.
struct Names {
    name: &'static str,
    scan: &'static str,
    mutability: &'static str,
}

fn names(format: Format) -> Option<Names> {
    Some(match format {
        Format::Terraform => Names {
            name: "name",
            scan: "image_scanning_configuration.scan_on_push",
            mutability: "image_tag_mutability",
        },
        Format::CloudFormation => Names {
            name: "RepositoryName",
            scan: "ImageScanningConfiguration.ScanOnPush",
            mutability: "ImageTagMutability",
        },
        Format::AwsConfig => Names {
            name: "repositoryName",
            scan: "imageScanningConfiguration.scanOnPush",
            mutability: "imageTagMutability",
        },
        Format::Aiposture => return None,
    })
}

/// How a path is shown in messages: Config items are read with keys lowercased, but the
/// user sees them in the item as AWS spells them (PascalCase).
fn shown(format: Format, path: &str) -> String {
    if format != Format::AwsConfig {
        return path.to_string();
    }
    path.split('.')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(".")
}

/// True when an ECR repository that SageMaker uses does not scan images on push or has
/// mutable tags.
pub fn ml_repository_unhardened(s: &Subject) -> Outcome {
    let r = s.resource;
    let Some(n) = names(r.format) else {
        return Outcome::new(Tri::False);
    };
    let (scan_shown, mutability_shown) = (shown(r.format, n.scan), shown(r.format, n.mutability));
    let name = lookup(s.value, n.name)
        .nodes
        .first()
        .and_then(|node| node.value.as_str().map(str::to_string));
    let Some(user) = ml_user(s, name.as_deref()) else {
        return Outcome::new(Tri::False);
    };

    let mut failures: Vec<(String, Option<u32>)> = Vec::new();
    let mut unknown: Option<String> = None;

    // Tags: absent means MUTABLE (CreateRepository default). IMMUTABLE_WITH_EXCLUSION keeps
    // every tag but the excluded ones immutable and counts as immutable.
    let tags = lookup(s.value, n.mutability);
    let set_tags = tags
        .nodes
        .iter()
        .find(|node| !matches!(node.value, Value::Null));
    match set_tags {
        None if tags.unknown => unknown = Some(format!("{mutability_shown} is not known")),
        None => failures.push((
            format!("image tags are mutable ({mutability_shown} is not set, defaults to MUTABLE)"),
            None,
        )),
        Some(node) => match &node.value {
            Value::String(v) if v == "MUTABLE" || v == "MUTABLE_WITH_EXCLUSION" => failures.push((
                format!("image tags are mutable ({mutability_shown} is {v})"),
                Some(node.line),
            )),
            Value::String(_) => {}
            _ => unknown = Some(format!("{mutability_shown} is not known")),
        },
    }

    // Scan on push: absent means false (ImageScanningConfiguration default).
    let scan = lookup(s.value, n.scan);
    let set_scan = scan
        .nodes
        .iter()
        .find(|node| !matches!(node.value, Value::Null));
    let repo_flag = match set_scan {
        None if scan.unknown => None,
        None => Some((false, None)),
        Some(node) => truth(&node.value).map(|b| (b, Some(node.line))),
    };
    match repo_flag {
        Some((true, _)) => {}
        None => {
            unknown.get_or_insert_with(|| format!("{scan_shown} is not known"));
        }
        Some((false, line)) => {
            let observed = match line {
                Some(_) => format!("{scan_shown} is false"),
                None => format!("{scan_shown} is not set, defaults to false"),
            };
            if r.format == Format::AwsConfig {
                unknown.get_or_insert_with(|| {
                    format!("{observed}; registry-level scanning rules are not in AWS Config data")
                });
            } else {
                match registry_scans(s, name.as_deref()) {
                    Some(true) => {}
                    Some(false) => failures.push((
                        format!(
                            "images are not scanned on push ({observed}, and no registry scanning rule covers the repository)"
                        ),
                        line,
                    )),
                    None => {
                        unknown.get_or_insert_with(|| {
                            format!("{observed}; whether a registry scanning rule covers the repository is not known")
                        });
                    }
                }
            }
        }
    }

    if !failures.is_empty() {
        let line = match failures.as_slice() {
            [(_, line)] => *line,
            _ => None,
        };
        let parts: Vec<String> = failures.into_iter().map(|(d, _)| d).collect();
        return found(
            format!(
                "{}; SageMaker uses its images ({user})",
                parts.join(" and ")
            ),
            line,
        );
    }
    match unknown {
        Some(why) => Outcome::unknown(why),
        None => Outcome::new(Tri::False),
    }
}

fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// The SageMaker resource that uses this repository's images, named for the message.
fn ml_user(s: &Subject, name: Option<&str>) -> Option<String> {
    let r = s.resource;
    let mut users: Vec<&str> = s
        .set
        .referrers(&r.address)
        .filter(|(u, _)| USERS.contains(&u.resource_type.as_str()))
        .map(|(u, _)| u.address.as_str())
        .collect();
    if let Some(name) = name {
        let repo_arn = (r.format == Format::AwsConfig)
            .then(|| arn_parts(&r.address))
            .flatten();
        for u in s.set.resources.iter() {
            if USERS.contains(&u.resource_type.as_str())
                && !users.contains(&u.address.as_str())
                && names_repository(&u.attributes, name, repo_arn)
            {
                users.push(u.address.as_str());
            }
        }
    }
    let first = users.first()?;
    Some(match users.len() {
        1 => (*first).to_string(),
        n => format!("{first} and {} more", n - 1),
    })
}

/// Region and account of an ECR repository ARN (`arn:aws:ecr:REGION:ACCOUNT:repository/NAME`).
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.split(':');
    let (_arn, _partition, service, region, account) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (service == "ecr").then_some((region, account))
}

/// Whether any string in `v` is an ECR image URI of the repository `name` (and, when given,
/// of its region and account).
fn names_repository(v: &Value, name: &str, arn: Option<(&str, &str)>) -> bool {
    match v {
        Value::String(text) => uri_names(text, name, arn),
        Value::Partial(segs) => {
            let text: String = segs
                .iter()
                .map(|s| match s {
                    Segment::Lit(l) => l.as_str(),
                    _ => "\u{0}",
                })
                .collect();
            uri_names(&text, name, arn)
        }
        Value::List(items) => items.iter().any(|n| names_repository(&n.value, name, arn)),
        Value::Map(entries) => entries
            .iter()
            .any(|(_, n)| names_repository(&n.value, name, arn)),
        _ => false,
    }
}

/// Finds `ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/NAME` followed by `:`, `@`, a quote, a
/// space or the end; image URIs may sit inside JSON text (pipeline definitions).
fn uri_names(text: &str, name: &str, arn: Option<(&str, &str)>) -> bool {
    const MARK: &str = ".dkr.ecr.";
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let before = rest.get(..at).unwrap_or("");
        let account = before
            .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        let after = rest.get(at + MARK.len()..).unwrap_or("");
        let Some((host_tail, path)) = after.split_once('/') else {
            return false;
        };
        let region = host_tail.split('.').next().unwrap_or("");
        let repo = path
            .split([':', '@', '"', '\'', ' ', '\n', ',', '}', '\u{0}'])
            .next()
            .unwrap_or("");
        let host_ok = host_tail.contains(".amazonaws.com");
        let place_ok = match arn {
            Some((r, a)) => region == r && account == a,
            None => true,
        };
        if host_ok && place_ok && repo == name {
            return true;
        }
        rest = after;
    }
    false
}

/// Whether a registry scanning configuration in the set scans this repository on push or
/// continuously: `None` when that cannot be told (unknown rules, or a filter that needs the
/// repository's name when the name is not known).
fn registry_scans(s: &Subject, name: Option<&str>) -> Option<bool> {
    let mut unknown = false;
    for config in s
        .set
        .resources
        .iter()
        .filter(|c| REGISTRY_SCANNING.contains(&c.resource_type.as_str()))
    {
        let (rules, frequency, filters, filter) = match config.format {
            Format::Terraform => ("rule", "scan_frequency", "repository_filter", "filter"),
            _ => ("Rules", "ScanFrequency", "RepositoryFilters", "Filter"),
        };
        let found = lookup(&config.attributes, rules);
        unknown |= found.unknown;
        for rule in &found.nodes {
            let freq = lookup(&rule.value, frequency);
            let scans = freq
                .nodes
                .iter()
                .any(|f| matches!(f.value.as_str(), Some("SCAN_ON_PUSH" | "CONTINUOUS_SCAN")));
            if !scans {
                unknown |= freq.unknown || freq.nodes.iter().any(|f| f.value.as_str().is_none());
                continue;
            }
            let pats = lookup(&rule.value, &format!("{filters}.{filter}"));
            unknown |= pats.unknown;
            for p in &pats.nodes {
                match (p.value.as_str(), name) {
                    (Some(pat), Some(n)) if filter_matches(pat, n) => return Some(true),
                    (Some("*"), None) => return Some(true),
                    (Some(_), Some(_)) => {}
                    _ => unknown = true,
                }
            }
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// ECR repository filters: without a wildcard a filter matches names that contain it; with
/// `*` it matches where each `*` stands for zero or more characters.
fn filter_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return name.contains(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let last = parts.len().saturating_sub(1);
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == last {
            return rest.ends_with(part);
        } else if !part.is_empty() {
            match rest.find(part) {
                Some(at) => rest = rest.get(at + part.len()..).unwrap_or(""),
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_uris_name_their_repository() {
        let uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm-serving:1.4";
        assert!(uri_names(uri, "llm-serving", None));
        assert!(!uri_names(uri, "llm", None));
        assert!(uri_names(
            uri,
            "llm-serving",
            Some(("eu-west-1", "123456789012"))
        ));
        assert!(!uri_names(
            uri,
            "llm-serving",
            Some(("us-east-1", "123456789012"))
        ));
        let json = r#"{"ImageUri": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trainer@sha256:ab"}"#;
        assert!(uri_names(json, "team/trainer", None));
        assert!(!uri_names("docker.io/library/python:3.12", "python", None));
    }

    #[test]
    fn registry_filters_follow_ecr_semantics() {
        assert!(filter_matches("*", "llm-serving"));
        assert!(filter_matches("llm", "team/llm-serving"));
        assert!(filter_matches("llm-*", "llm-serving"));
        assert!(!filter_matches("llm-*", "team/llm-serving"));
        assert!(filter_matches("*-serving", "llm-serving"));
        assert!(filter_matches("ml/*/prod", "ml/llm/prod"));
        assert!(!filter_matches("ml/*/prod", "ml/llm/dev"));
    }

    #[test]
    fn arns_give_region_and_account() {
        assert_eq!(
            arn_parts("arn:aws:ecr:eu-west-1:123456789012:repository/llm-serving"),
            Some(("eu-west-1", "123456789012"))
        );
        assert_eq!(arn_parts("AWS::ECR::Repository/llm"), None);
    }
}
