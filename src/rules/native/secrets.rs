//! Hard-coded credentials in environment variables (Lambda functions, SageMaker model
//! containers). The secret itself never leaves this module: findings carry only the kind of
//! key, the variable name and a redacted prefix.

use std::sync::OnceLock;

use regex::Regex;

use super::found;
use crate::model::{lookup, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// Where environment variables live, by resource type.
pub(super) const ENV_PATHS: &[&str] = &[
    "environment.variables",
    "primary_container.environment",
    "container.environment",
    "Environment.Variables",
    "PrimaryContainer.Environment",
    "Containers.Environment",
];

struct Pattern {
    kind: &'static str,
    regex: Regex,
}

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        // Order matters: the Anthropic prefix also matches the generic `sk-` shape.
        [
            ("Anthropic API key", r"^sk-ant-[A-Za-z0-9_-]{20,}$"),
            (
                "OpenAI API key",
                r"^sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$",
            ),
            ("Hugging Face token", r"^hf_[A-Za-z0-9]{30,}$"),
            ("AWS access key id", r"^(AKIA|ASIA)[A-Z0-9]{16}$"),
            ("Google AI API key", r"^AIza[0-9A-Za-z_-]{35}$"),
        ]
        .into_iter()
        .filter_map(|(kind, re)| Regex::new(re).ok().map(|regex| Pattern { kind, regex }))
        .collect()
    })
}

/// A 40-character AWS secret access key in a variable whose name says so.
fn aws_secret(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.contains("secret") || n.contains("aws_secret"))
        && value.len() == 40
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '+')
}

/// The kind of secret a value is, if it is one.
pub fn classify(name: &str, value: &str) -> Option<&'static str> {
    let value = value.trim();
    if let Some(p) = patterns().iter().find(|p| p.regex.is_match(value)) {
        return Some(p.kind);
    }
    if aws_secret(name, value) {
        return Some("AWS secret access key");
    }
    None
}

/// Shows just enough to find the secret (its first four characters) and its length.
pub fn redact(value: &str) -> String {
    let prefix: String = value.chars().take(4).collect();
    format!("{prefix}… (redacted, {} characters)", value.chars().count())
}

pub fn hardcoded_secret(s: &Subject) -> Outcome {
    for path in ENV_PATHS {
        let found_vars = lookup(s.value, path);
        for node in found_vars.nodes {
            let Value::Map(entries) = &node.value else {
                continue;
            };
            for (name, var) in entries {
                let Value::String(text) = &var.value else {
                    continue;
                };
                if let Some(kind) = classify(name, text) {
                    return found(
                        format!(
                            "environment variable {name} holds a hard-coded {kind}: {}",
                            redact(text)
                        ),
                        Some(var.line),
                    );
                }
            }
        }
    }
    Outcome::new(Tri::False)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_provider_keys() {
        assert_eq!(
            classify("K", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123"),
            Some("Anthropic API key")
        );
        assert_eq!(
            classify("K", "sk-proj-abcdefghijklmnopqrstuvwxyz0123"),
            Some("OpenAI API key")
        );
        assert_eq!(
            classify("K", "hf_abcdefghijklmnopqrstuvwxyzABCDEF"),
            Some("Hugging Face token")
        );
        assert_eq!(
            classify("K", "AKIAIOSFODNN7EXAMPLE"),
            Some("AWS access key id")
        );
        assert_eq!(
            classify(
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            ),
            Some("AWS secret access key")
        );
        assert_eq!(classify("MODEL_ID", "anthropic.claude-3-haiku"), None);
        assert_eq!(
            classify("SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x"),
            None
        );
    }

    #[test]
    fn redaction_keeps_no_more_than_a_prefix() {
        let r = redact("sk-proj-abcdefghijklmnopqrstuvwxyz0123");
        assert!(r.starts_with("sk-p…"));
        assert!(!r.contains("abcdef"));
    }
}
