//! Where a SageMaker model's container images come from (AIP-SM-014).
//!
//! An image reference names its registry in its first path component when that component
//! looks like a host (it has a `.` or a `:`, or is `localhost`); otherwise it is a Docker Hub
//! image (`nginx`, `huggingface/text-generation-inference:2.0`). A private Amazon ECR registry
//! is `ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]` (or the dual-stack
//! `ACCOUNT.dkr-ecr[-fips].REGION.on.aws`).
//!
//! What counts as outside the account's private registry:
//! - a public registry (Docker Hub, Amazon ECR Public, GitHub, Quay, Google, NVIDIA NGC, ...),
//!   whatever the repository access mode;
//! - any other host while the model pulls in `Platform` mode (the default when `ImageConfig`
//!   is absent, which SageMaker documents as "the image is in Amazon ECR"); in `Vpc` mode such
//!   a host is a private Docker registry reached through the model's VPC, which is what the
//!   AWS Config rule `sagemaker-model-private-registry-required` asks for, so it passes;
//! - a private ECR registry of another account, but only when both accounts are known: the
//!   model's from its ARN (AWS Config) or from its execution role's ARN (a model can only pass
//!   a role of its own account), and the registry's from the image. AWS's own image accounts
//!   (SageMaker built-in algorithms, Deep Learning Containers, ...) are not another account in
//!   this sense: see [`super::aws_image_accounts`].
//!
//! A reference whose registry part is not known (a variable, a resource attribute such as
//! `aws_ecr_repository.x.repository_url`, an interpolation before the first `/`) is unknown.
//! Containers that name a model package and no image take their images from the package, which
//! this check does not follow.

use super::aws_image_accounts::AWS_IMAGE_ACCOUNTS;
use super::found;
use crate::model::{lookup, Segment, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// The container blocks of a model: Terraform, CloudFormation and AWS Config casings.
const CONTAINER_PATHS: &[&str] = &[
    "primary_container",
    "container",
    "PrimaryContainer",
    "Containers",
    "primaryContainer",
    "containers",
];
const IMAGE_KEYS: &[&str] = &["image", "Image"];
const ACCESS_MODE_PATHS: &[&str] = &[
    "image_config.repository_access_mode",
    "ImageConfig.RepositoryAccessMode",
    "imageConfig.repositoryAccessMode",
];
const ROLE_KEYS: &[&str] = &["execution_role_arn", "ExecutionRoleArn", "executionRoleArn"];

/// Where an image reference points.
#[derive(Debug, PartialEq)]
enum Registry<'a> {
    /// A private Amazon ECR registry, with its account.
    Ecr(&'a str),
    /// A public registry, by name.
    Public(&'static str),
    /// Another host: a private Docker registry, or a public one not known here.
    Other(&'a str),
}

/// The account of a private Amazon ECR registry host, or `None` for any other host.
fn ecr_account(host: &str) -> Option<&str> {
    let (account, rest) = host.split_once('.')?;
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let region = if let Some(r) = rest
        .strip_prefix("dkr.ecr.")
        .or_else(|| rest.strip_prefix("dkr.ecr-fips."))
    {
        [
            ".amazonaws.com",
            ".amazonaws.com.cn",
            ".c2s.ic.gov",
            ".sc2s.sgov.gov",
        ]
        .iter()
        .find_map(|suffix| r.strip_suffix(suffix))?
    } else {
        rest.strip_prefix("dkr-ecr.")
            .or_else(|| rest.strip_prefix("dkr-ecr-fips."))?
            .strip_suffix(".on.aws")?
    };
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then_some(account)
}

fn public_registry(host: &str) -> Option<&'static str> {
    Some(match host {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => {
            "Docker Hub"
        }
        "public.ecr.aws" => "Amazon ECR Public",
        "ghcr.io" | "docker.pkg.github.com" => "GitHub Container Registry",
        "quay.io" => "Quay.io",
        "nvcr.io" => "NVIDIA NGC",
        "mcr.microsoft.com" => "Microsoft Container Registry",
        "registry.gitlab.com" => "GitLab Container Registry",
        "registry.k8s.io" => "the Kubernetes registry",
        "cgr.dev" => "Chainguard",
        h if h == "gcr.io" || h.ends_with(".gcr.io") => "Google Container Registry",
        h if h.ends_with("-docker.pkg.dev") => "Google Artifact Registry",
        _ => return None,
    })
}

/// The registry of an image reference whose registry part is known: the whole reference, or
/// a literal prefix that reaches the first `/`. `None` when the prefix stops before it.
fn registry_of(reference: &str, complete: bool) -> Option<Registry<'_>> {
    let Some((first, _)) = reference.split_once('/') else {
        // `nginx:1.27` is a Docker Hub library image; a prefix without `/` tells nothing.
        return complete.then_some(Registry::Public("Docker Hub"));
    };
    if !(first.contains('.') || first.contains(':') || first == "localhost") {
        return Some(Registry::Public("Docker Hub"));
    }
    if let Some(account) = ecr_account(first) {
        return Some(Registry::Ecr(account));
    }
    let host = first.to_ascii_lowercase();
    Some(match public_registry(&host) {
        Some(name) => Registry::Public(name),
        None => Registry::Other(first),
    })
}

/// The literal text of a value and whether it is the whole value (else a known prefix).
fn known_text(value: &Value) -> Option<(&str, bool)> {
    match value {
        Value::String(s) => Some((s, true)),
        Value::Partial(segs) => match segs.first() {
            Some(Segment::Lit(prefix)) => Some((prefix, false)),
            _ => None,
        },
        _ => None,
    }
}

/// The account field of an ARN, when the text reaches past it and it is 12 digits.
fn arn_account(arn: &str) -> Option<&str> {
    let mut fields = arn.split(':');
    if fields.next() != Some("arn") {
        return None;
    }
    let account = fields.nth(3)?;
    // The account is only complete when the text goes on after it.
    fields.next()?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// The model's own account: from its ARN (AWS Config addresses are ARNs), else from its
/// execution role, which CreateModel only accepts from the model's account.
fn model_account<'a>(s: &'a Subject) -> Option<&'a str> {
    if let Some(account) = arn_account(&s.resource.address) {
        return Some(account);
    }
    ROLE_KEYS.iter().find_map(|k| {
        s.value
            .get(k)
            .and_then(|n| known_text(&n.value))
            .and_then(|(text, _)| arn_account(text))
    })
}

fn shown(image: &str) -> String {
    if image.chars().count() > 100 {
        let cut: String = image.chars().take(97).collect();
        format!("{cut}...")
    } else {
        image.to_string()
    }
}

enum Verdict {
    Fails(String),
    Unknown(String),
    Passes,
}

/// Whether an image in this registry is outside the model account's private registry.
fn judge(registry: &Registry, container: &Value, own_account: Option<&str>) -> Verdict {
    match registry {
        Registry::Public(name) => Verdict::Fails(format!(
            "comes from {name}, not a private Amazon ECR registry"
        )),
        Registry::Other(host) => {
            let mode = ACCESS_MODE_PATHS
                .iter()
                .map(|p| lookup(container, p))
                .find(|l| !l.nodes.is_empty() || l.unknown);
            // Without ImageConfig, SageMaker pulls in Platform mode (from Amazon ECR).
            let mode_text = match &mode {
                None => Some("Platform"),
                Some(l) => l.nodes.first().and_then(|n| n.value.as_str()),
            };
            match mode_text {
                Some("Vpc") => Verdict::Passes,
                Some(_) => Verdict::Fails(format!(
                    "comes from {host}, which is not an Amazon ECR registry"
                )),
                None => Verdict::Unknown(format!(
                    "the repository access mode for {host} is not known"
                )),
            }
        }
        Registry::Ecr(account) => {
            if AWS_IMAGE_ACCOUNTS.binary_search(account).is_ok() {
                return Verdict::Passes;
            }
            match own_account {
                Some(own) if own != *account => Verdict::Fails(format!(
                    "comes from the ECR registry of account {account}, \
                     not the model's own account {own}"
                )),
                Some(_) => Verdict::Passes,
                None => Verdict::Unknown(format!(
                    "the model's account is not known, so whether account {account}'s \
                     registry is its own cannot be told"
                )),
            }
        }
    }
}

pub fn model_image_outside_private_registry(s: &Subject) -> Outcome {
    let own_account = model_account(s);
    let mut unknown: Option<String> = None;
    for path in CONTAINER_PATHS {
        for container in lookup(s.value, path).nodes {
            let Some(image) = IMAGE_KEYS.iter().find_map(|k| container.value.get(k)) else {
                // A model package container: its images are fixed in the package.
                continue;
            };
            let Some((text, complete)) = known_text(&image.value) else {
                if !matches!(image.value, Value::Null) {
                    unknown.get_or_insert_with(|| "the image's registry is not known".into());
                }
                continue;
            };
            let shown_image = if complete {
                shown(text)
            } else {
                format!("{}...", shown(text))
            };
            let Some(registry) = registry_of(text, complete) else {
                unknown.get_or_insert_with(|| "the image's registry is not known".into());
                continue;
            };
            let verdict = judge(&registry, &container.value, own_account);
            match verdict {
                Verdict::Fails(why) => {
                    return found(format!("image {shown_image} {why}"), Some(image.line))
                }
                Verdict::Unknown(why) => {
                    unknown.get_or_insert(why);
                }
                Verdict::Passes => {}
            }
        }
    }
    match unknown {
        Some(reason) => Outcome::unknown(reason),
        None => Outcome::new(Tri::False),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_image_accounts_are_sorted_and_unique() {
        assert!(AWS_IMAGE_ACCOUNTS.windows(2).all(|w| w[0] < w[1]));
        assert!(AWS_IMAGE_ACCOUNTS.contains(&"763104351884"));
    }

    #[test]
    fn classifies_registries() {
        assert_eq!(
            registry_of("123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1", true),
            Some(Registry::Ecr("123456789012"))
        );
        assert_eq!(
            registry_of(
                "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/llm:1",
                true
            ),
            Some(Registry::Ecr("123456789012"))
        );
        assert_eq!(
            registry_of("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/llm", true),
            Some(Registry::Ecr("123456789012"))
        );
        assert_eq!(
            registry_of("123456789012.dkr-ecr.eu-west-1.on.aws/llm", true),
            Some(Registry::Ecr("123456789012"))
        );
        assert_eq!(
            registry_of("nginx:1.27", true),
            Some(Registry::Public("Docker Hub"))
        );
        assert_eq!(
            registry_of("huggingface/text-generation-inference:2.0", true),
            Some(Registry::Public("Docker Hub"))
        );
        assert_eq!(
            registry_of("docker.io/library/python:3.12", true),
            Some(Registry::Public("Docker Hub"))
        );
        assert_eq!(
            registry_of("public.ecr.aws/deep-learning-containers/x:1", true),
            Some(Registry::Public("Amazon ECR Public"))
        );
        assert_eq!(
            registry_of("us-docker.pkg.dev/p/r/i:1", true),
            Some(Registry::Public("Google Artifact Registry"))
        );
        assert_eq!(
            registry_of("registry.corp.example:5000/ml/llm:1", true),
            Some(Registry::Other("registry.corp.example:5000"))
        );
        // A fake ECR host with a suffix is another host.
        assert_eq!(
            registry_of(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/x",
                true
            ),
            Some(Registry::Other(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example"
            ))
        );
        // A known prefix that stops before the first `/` tells nothing.
        assert_eq!(registry_of("123456789012.dkr.ecr.", false), None);
        assert_eq!(
            registry_of("ghcr.io/", false),
            Some(Registry::Public("GitHub Container Registry"))
        );
    }

    #[test]
    fn reads_arn_accounts() {
        assert_eq!(
            arn_account("arn:aws:iam::123456789012:role/x"),
            Some("123456789012")
        );
        assert_eq!(
            arn_account("arn:aws:sagemaker:eu-west-1:123456789012:model/m"),
            Some("123456789012")
        );
        assert_eq!(arn_account("arn:aws:iam::1234"), None);
        assert_eq!(arn_account("arn:aws:iam::123456789012"), None);
        assert_eq!(arn_account("aws_sagemaker_model.llm"), None);
    }
}
