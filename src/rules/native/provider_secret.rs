//! Secrets Manager secrets that hold an AI provider key (OpenAI, Anthropic, Hugging Face,
//! Cohere, ...). Rotation itself is a relation the rule states in YAML; this module only
//! decides, from what the configuration shows, whether a secret holds such a key. The
//! evidence, in order: the secret's name, description or tag values name a provider; its
//! value (a Terraform secret version, or CloudFormation's `SecretString`) is shaped like a
//! provider key or has a field named after one; or a Lambda function or SageMaker model
//! reads it through an environment variable named after a provider key (`OPENAI_API_KEY`,
//! `HF_TOKEN`). A key's value never appears in a message.

use super::found;
use super::secrets::{classify, ENV_PATHS};
use crate::model::{lookup, refers_to, Format, Node, Resource, Segment, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// Provider names that are distinctive anywhere in a name, matched with separators removed
/// (`hugging-face` is `huggingface`).
const PROVIDER_WORDS: &[(&str, &str)] = &[
    ("openai", "OpenAI"),
    ("anthropic", "Anthropic"),
    ("claude", "Anthropic"),
    ("huggingface", "Hugging Face"),
    ("mistral", "Mistral"),
    ("gemini", "Google Gemini"),
    ("deepseek", "DeepSeek"),
    ("perplexity", "Perplexity"),
    ("groq", "Groq"),
];

/// Short or common words that only count as a whole token (`hf_token`, `cohere-key`; not
/// `coherent`, `replicated`).
const PROVIDER_TOKENS: &[(&str, &str)] = &[
    ("hf", "Hugging Face"),
    ("cohere", "Cohere"),
    ("replicate", "Replicate"),
    ("ai21", "AI21"),
    ("llm", "an LLM provider"),
];

/// The AI provider a name or text mentions.
pub fn provider_named(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let squashed: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    if let Some((_, p)) = PROVIDER_WORDS.iter().find(|(w, _)| squashed.contains(w)) {
        return Some(p);
    }
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    PROVIDER_TOKENS
        .iter()
        .find(|(w, _)| tokens.contains(w))
        .map(|(_, p)| *p)
}

/// A variable or field name for a provider's key: `OPENAI_API_KEY`, `HF_TOKEN`,
/// `ANTHROPIC_KEY_SECRET_ARN`.
fn key_name_provider(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let credential = ["key", "token", "secret"].iter().any(|w| lower.contains(w));
    credential.then(|| provider_named(name)).flatten()
}

/// Key kinds from `secrets::classify` that belong to AI providers (not AWS's own keys).
fn ai_key_kind(name: &str, text: &str) -> Option<&'static str> {
    classify(name, text).filter(|k| !k.starts_with("AWS"))
}

/// The known text of a value, with unknown pieces left out, and whether any piece is unknown.
fn known_text(v: &Value) -> (String, bool) {
    match v {
        Value::String(s) => (s.clone(), false),
        Value::Partial(segs) => {
            let text = segs
                .iter()
                .map(|s| match s {
                    Segment::Lit(l) => l.as_str(),
                    _ => " ",
                })
                .collect();
            (text, true)
        }
        Value::Null => (String::new(), false),
        _ => (String::new(), true),
    }
}

/// What the secret's value says: a provider key, or a field named after one.
fn value_evidence(v: &Value) -> Option<String> {
    match v {
        Value::String(text) => {
            if let Some(kind) = ai_key_kind("", text) {
                return Some(format!("its value matches the {kind} format"));
            }
            let json: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
            value_evidence(&Value::from_json(&json, 0))
        }
        Value::Map(entries) => entries.iter().find_map(|(name, node)| {
            if let Value::String(text) = &node.value {
                if let Some(kind) = ai_key_kind(name, text) {
                    return Some(format!("its value field {name} matches the {kind} format"));
                }
            }
            key_name_provider(name)
                .map(|p| format!("its value has a field {name}, named after {p}"))
        }),
        _ => None,
    }
}

struct Names {
    /// Where the secret's own words are.
    name: &'static [&'static str],
    description: &'static str,
    tags: &'static str,
    /// The value inside the secret resource (CloudFormation) and separate versions (Terraform).
    inline_value: Option<&'static str>,
    version: Option<(&'static str, &'static str, &'static str)>,
}

const TERRAFORM: Names = Names {
    name: &["name", "name_prefix"],
    description: "description",
    tags: "tags",
    inline_value: None,
    version: Some((
        "aws_secretsmanager_secret_version",
        "secret_id",
        "secret_string",
    )),
};

const CLOUDFORMATION: Names = Names {
    name: &["Name"],
    description: "Description",
    tags: "Tags",
    inline_value: Some("SecretString"),
    version: None,
};

/// Environment variables of other resources that refer to this secret, as (resource, name).
fn env_readers<'a>(secret: &Resource, s: &'a Subject) -> Vec<(&'a Resource, &'a str)> {
    let mut out = Vec::new();
    for (reader, _) in s.set.referrers(&secret.address) {
        for path in ENV_PATHS {
            for node in lookup(&reader.attributes, path).nodes {
                let Value::Map(entries) = &node.value else {
                    continue;
                };
                for (name, var) in entries {
                    let mut refs = Vec::new();
                    var.value.references(&mut refs);
                    if refs.iter().any(|r| refers_to(&r.address, &secret.address)) {
                        out.push((reader, name.as_str()));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.address.cmp(&b.0.address).then(a.1.cmp(b.1)));
    out.dedup_by(|a, b| a.0.address == b.0.address && a.1 == b.1);
    out
}

/// AIP-CRED-005 (part): the secret holds an AI provider key, judged from its name,
/// description, tags, value, or the environment variables that read it.
pub fn ai_provider_secret(s: &Subject) -> Outcome {
    let names = match s.resource.format {
        Format::Terraform => &TERRAFORM,
        Format::CloudFormation => &CLOUDFORMATION,
        _ => return Outcome::unknown("this input format has no secrets to judge"),
    };
    let secret = s.resource;
    let mut name_unknown = false;
    for key in names.name {
        let Some(node) = secret.attr(key) else {
            continue;
        };
        let (text, unknown) = known_text(&node.value);
        if let Some(p) = provider_named(&text) {
            return found(
                format!("its {key} {} names {p}", node.value.display()),
                None,
            );
        }
        name_unknown |= unknown;
    }
    if let Some(node) = secret.attr(names.description) {
        if let Some(p) = provider_named(&known_text(&node.value).0) {
            return found(format!("its {} names {p}", names.description), None);
        }
    }
    if let Some(node) = secret.attr(names.tags) {
        let mut values: Vec<&Node> = Vec::new();
        match &node.value {
            Value::Map(entries) => values.extend(entries.iter().map(|(_, n)| n)),
            Value::List(items) => {
                values.extend(items.iter().filter_map(|i| i.value.get("Value")));
            }
            _ => {}
        }
        if let Some(p) = values
            .iter()
            .find_map(|n| n.value.as_str().and_then(provider_named))
        {
            return found(format!("a tag value names {p}"), None);
        }
    }
    if let Some(path) = names.inline_value {
        if let Some(detail) = secret.attr(path).and_then(|n| value_evidence(&n.value)) {
            return found(detail, None);
        }
    }
    if let Some((vtype, vkey, vpath)) = names.version {
        for (version, key) in s.set.referrers(&secret.address) {
            if version.resource_type != vtype || key != vkey {
                continue;
            }
            if let Some(detail) = version.attr(vpath).and_then(|n| value_evidence(&n.value)) {
                return found(format!("{} ({})", detail, version.address), None);
            }
        }
    }
    if let Some((reader, var)) = env_readers(secret, s)
        .into_iter()
        .find(|(_, var)| key_name_provider(var).is_some())
    {
        return found(
            format!(
                "{} reads it as {var}, a variable named after {}",
                reader.address,
                key_name_provider(var).unwrap_or("provider")
            ),
            None,
        );
    }
    if name_unknown {
        Outcome::unknown("the secret's name is not known")
    } else {
        Outcome::new(Tri::False)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_providers_without_false_friends() {
        assert_eq!(provider_named("prod/openai/api-key"), Some("OpenAI"));
        assert_eq!(
            provider_named("Hugging-Face hub token"),
            Some("Hugging Face")
        );
        assert_eq!(provider_named("ml/hf_token"), Some("Hugging Face"));
        assert_eq!(provider_named("cohere-prod"), Some("Cohere"));
        assert_eq!(provider_named("cache-coherence-token"), None);
        assert_eq!(provider_named("replicated-db-password"), None);
        assert_eq!(provider_named("stripe/api-key"), None);
        assert_eq!(
            provider_named("chatbot/llm-api-key"),
            Some("an LLM provider")
        );
    }

    #[test]
    fn key_names_need_a_credential_word() {
        assert_eq!(key_name_provider("OPENAI_API_KEY"), Some("OpenAI"));
        assert_eq!(key_name_provider("HF_TOKEN"), Some("Hugging Face"));
        assert_eq!(key_name_provider("OPENAI_MODEL"), None);
        assert_eq!(key_name_provider("STRIPE_API_KEY"), None);
    }

    #[test]
    fn values_are_judged_without_echoing_them() {
        let v =
            Value::String(r#"{"api_key":"sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123"}"#.into());
        let detail = value_evidence(&v).expect("an Anthropic key");
        assert!(detail.contains("Anthropic API key"));
        assert!(!detail.contains("sk-ant"));
        assert_eq!(
            value_evidence(&Value::String("AKIAIOSFODNN7EXAMPLE".into())),
            None
        );
        assert_eq!(
            value_evidence(&Value::String(
                r#"{"username":"app","password":"x"}"#.into()
            )),
            None
        );
    }
}
