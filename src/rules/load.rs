//! Rule files: one YAML document per rule, validated at load.
//!
//! The built-in pack (`rules/*.yaml`) is embedded in the binary by `build.rs`; `--rules DIR`
//! adds users' own rules. Any mistake (unknown key, bad category, missing text, bad regex,
//! unknown native check, duplicate id) stops the run with the file and line.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::cond::{self, CondSpec};
use super::{Category, Check, Rule, Severity};
use crate::model::Format;

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
}

impl RuleError {
    fn at(file: &str, line: u64, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// The framework vocabularies a rule may map to.
pub const FRAMEWORKS: &[&str] = &["owasp-llm-2025", "nist-ai-rmf", "iso-42001", "mitre-atlas"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Spanned<String>,
    slug: String,
    title: String,
    severity: Severity,
    category: Category,
    description: String,
    remediation: RemediationFile,
    references: Spanned<Vec<String>>,
    #[serde(default)]
    frameworks: BTreeMap<String, Vec<String>>,
    /// Why no framework mapping fits, where none does.
    #[serde(default)]
    frameworks_note: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    deprecated: bool,
    /// Raised by aiposture itself (suppression bookkeeping), so it has no checks.
    #[serde(default)]
    meta: bool,
    /// The rows of the coverage target (docs/coverage.md) this rule implements.
    #[serde(default)]
    coverage: Vec<u32>,
    /// Formats where this rule's side cannot exist, each with the reason.
    #[serde(default)]
    unsupported: BTreeMap<FormatKey, String>,
    #[serde(default)]
    checks: BTreeMap<FormatKey, Vec<CheckFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RemediationFile {
    summary: String,
    #[serde(default)]
    snippets: BTreeMap<FormatKey, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FormatKey {
    Terraform,
    Cloudformation,
    Awsconfig,
}

impl From<FormatKey> for Format {
    fn from(k: FormatKey) -> Format {
        match k {
            FormatKey::Terraform => Format::Terraform,
            FormatKey::Cloudformation => Format::CloudFormation,
            FormatKey::Awsconfig => Format::AwsConfig,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckFile {
    resource_types: Vec<String>,
    fail_when: Spanned<CondSpec>,
    message: String,
}

/// Parses and validates one rule file. `origin` is the name used in errors.
pub fn parse_rule(origin: &str, text: &str) -> Result<Rule, RuleError> {
    let file: RuleFile = serde_saphyr::from_str(text).map_err(|e| {
        let message = e.to_string();
        let line = e.location().map(|l| l.line()).unwrap_or(1);
        RuleError::at(origin, line, first_line(&message))
    })?;
    let id_line = file.id.referenced.line();
    let id = file.id.value.clone();
    let id_ok = regex::Regex::new(r"^AIP-[A-Z][A-Z0-9]*-[0-9]{3}$").map(|re| re.is_match(&id));
    if !matches!(id_ok, Ok(true)) {
        return Err(RuleError::at(
            origin,
            id_line,
            format!("id `{id}` must look like AIP-AREA-NNN (e.g. AIP-SM-001)"),
        ));
    }
    let slug_ok = regex::Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").map(|re| re.is_match(&file.slug));
    if !matches!(slug_ok, Ok(true)) {
        return Err(RuleError::at(
            origin,
            id_line,
            "slug must be lowercase words joined by `-`",
        ));
    }
    for (name, value) in [
        ("title", &file.title),
        ("description", &file.description),
        ("remediation.summary", &file.remediation.summary),
    ] {
        if value.trim().is_empty() {
            return Err(RuleError::at(
                origin,
                id_line,
                format!("{name} must not be empty"),
            ));
        }
    }
    let refs_line = file.references.referenced.line();
    if file.references.value.is_empty() {
        return Err(RuleError::at(
            origin,
            refs_line,
            "references: at least one https link is required",
        ));
    }
    for link in &file.references.value {
        if !link.starts_with("https://") {
            return Err(RuleError::at(
                origin,
                refs_line,
                format!("reference `{link}` is not an https link"),
            ));
        }
    }
    for (framework, controls) in &file.frameworks {
        if !FRAMEWORKS.contains(&framework.as_str()) {
            return Err(RuleError::at(
                origin,
                id_line,
                format!(
                    "unknown framework `{framework}`; known: {}",
                    FRAMEWORKS.join(", ")
                ),
            ));
        }
        if controls.is_empty() {
            return Err(RuleError::at(
                origin,
                id_line,
                format!("framework `{framework}` lists no controls"),
            ));
        }
    }
    if file.frameworks.is_empty()
        && file
            .frameworks_note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
    {
        return Err(RuleError::at(
            origin,
            id_line,
            "frameworks: map the rule to at least one framework, or say why none fits in frameworks_note",
        ));
    }
    if file.checks.is_empty() && !file.meta {
        return Err(RuleError::at(
            origin,
            id_line,
            "checks: at least one input format is required",
        ));
    }
    if file.meta && !file.checks.is_empty() {
        return Err(RuleError::at(origin, id_line, "a meta rule has no checks"));
    }
    for (format, reason) in &file.unsupported {
        let name = Format::from(*format).as_str();
        if file.checks.contains_key(format) {
            return Err(RuleError::at(
                origin,
                id_line,
                format!("unsupported: {name} is listed, but the rule has {name} checks"),
            ));
        }
        if reason.trim().is_empty() {
            return Err(RuleError::at(
                origin,
                id_line,
                format!("unsupported: say why there is no {name} side"),
            ));
        }
    }
    let rows = super::coverage::ROWS;
    if let Some(row) = file
        .coverage
        .iter()
        .find(|r| !rows.iter().any(|known| known.number == **r))
    {
        return Err(RuleError::at(
            origin,
            id_line,
            format!(
                "coverage: {row} is not a row of the coverage target (1 to {})",
                rows.len()
            ),
        ));
    }
    let mut checks = Vec::new();
    for (format, list) in &file.checks {
        if !file.remediation.snippets.contains_key(format) {
            return Err(RuleError::at(
                origin,
                id_line,
                format!(
                    "remediation.snippets has no {:?} snippet, but the rule checks that format",
                    Format::from(*format).as_str()
                ),
            ));
        }
        for check in list {
            let line = check.fail_when.referenced.line();
            if check.resource_types.is_empty() {
                return Err(RuleError::at(
                    origin,
                    line,
                    "resource_types must not be empty",
                ));
            }
            if check.message.trim().is_empty() {
                return Err(RuleError::at(origin, line, "message must not be empty"));
            }
            let condition = cond::compile(&check.fail_when.value)
                .map_err(|message| RuleError::at(origin, line, format!("fail_when: {message}")))?;
            checks.push(Check {
                format: (*format).into(),
                resource_types: check.resource_types.clone(),
                condition,
                message: check.message.clone(),
            });
        }
    }
    Ok(Rule {
        id,
        slug: file.slug,
        title: fold(&file.title),
        severity: file.severity,
        category: file.category,
        description: fold(&file.description),
        remediation: fold(&file.remediation.summary),
        snippets: file
            .remediation
            .snippets
            .into_iter()
            .map(|(k, v)| (Format::from(k), v))
            .collect(),
        references: file.references.value,
        frameworks: file.frameworks,
        frameworks_note: file.frameworks_note,
        aliases: file.aliases,
        deprecated: file.deprecated,
        meta: file.meta,
        coverage: file.coverage,
        unsupported: file
            .unsupported
            .into_iter()
            .map(|(k, v)| (Format::from(k), fold(&v)))
            .collect(),
        checks,
        origin: origin.to_string(),
    })
}

/// Joins the lines of each paragraph of YAML prose; blank lines stay paragraph breaks.
fn fold(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// One example per rule, format and outcome, from the rule's fixtures: (rule id, format,
/// flagged?, path in the repository, text).
pub fn builtin_examples(
) -> &'static [(&'static str, &'static str, bool, &'static str, &'static str)] {
    embedded::EXAMPLES
}

/// The rule pack built into the binary: (file name, text), sorted by name.
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    embedded::RULES
}

/// A rule file's name and text, kept for the rules digest.
pub type RuleSource = (String, String);

/// Loads the built-in rules and, when given, every `*.yaml`/`*.yml` in `extra_dir`.
/// Returns the rules and the text of every file, for the rules digest.
pub fn load_all(extra_dir: Option<&Path>) -> Result<(Vec<Rule>, Vec<RuleSource>), RuleError> {
    let mut sources: Vec<(String, String)> = builtin_sources()
        .iter()
        .map(|(name, text)| (format!("rules/{name}"), (*text).to_string()))
        .collect();
    if let Some(dir) = extra_dir {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| RuleError::Io {
            file: shown.clone(),
            message: format!("cannot read rules directory: {e}"),
        })?;
        let mut names = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                names.push(path);
            }
        }
        names.sort();
        for path in names {
            let text = std::fs::read_to_string(&path).map_err(|e| RuleError::Io {
                file: path.display().to_string(),
                message: format!("cannot read rule file: {e}"),
            })?;
            sources.push((path.display().to_string(), text));
        }
    }
    // YAML parsing is most of a small scan's time (about four fifths of a pre-commit run's
    // instructions with 55 rules), so the files are parsed in parallel; errors are still
    // reported for the first bad file in order, so the message does not depend on scheduling.
    let parsed: Vec<Result<Rule, RuleError>> = sources
        .par_iter()
        .map(|(origin, text)| parse_rule(origin, text))
        .collect();
    let mut rules = Vec::with_capacity(sources.len());
    let mut seen: HashSet<String> = HashSet::new();
    for ((origin, _), rule) in sources.iter().zip(parsed) {
        let rule = rule?;
        for name in std::iter::once(&rule.id).chain(rule.aliases.iter()) {
            if !seen.insert(name.clone()) {
                return Err(RuleError::at(
                    origin,
                    1,
                    format!("rule id `{name}` is defined twice"),
                ));
            }
        }
        rules.push(rule);
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((rules, sources))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id: AIP-TST-001
slug: test-rule
title: A test rule
severity: high
category: hardening
description: Why it matters.
remediation:
  summary: What to do.
  snippets:
    terraform: "x = 1"
references: [https://docs.aws.amazon.com/]
frameworks:
  owasp-llm-2025: [LLM02]
checks:
  terraform:
    - resource_types: [aws_x]
      fail_when: {attr: x, absent: true}
      message: x is not set
"#;

    #[test]
    fn good_rule_loads() {
        let rule = parse_rule("t.yaml", GOOD).expect("loads");
        assert_eq!(rule.id, "AIP-TST-001");
        assert_eq!(rule.checks.len(), 1);
    }

    #[test]
    fn unknown_key_names_line() {
        let text = GOOD.replace("slug: test-rule", "slug: test-rule\nsluggish: yes");
        let err = parse_rule("t.yaml", &text)
            .expect_err("rejects")
            .to_string();
        assert!(err.starts_with("t.yaml:4:"), "{err}");
        assert!(err.contains("sluggish"), "{err}");
    }

    #[test]
    fn bad_category_is_rejected() {
        let text = GOOD.replace("category: hardening", "category: hardness");
        let err = parse_rule("t.yaml", &text)
            .expect_err("rejects")
            .to_string();
        assert!(err.starts_with("t.yaml:6:"), "{err}");
    }

    #[test]
    fn bad_regex_names_line() {
        let text = GOOD.replace("{attr: x, absent: true}", "{attr: x, matches: \"(\"}");
        let err = parse_rule("t.yaml", &text)
            .expect_err("rejects")
            .to_string();
        assert!(err.starts_with("t.yaml:18:"), "{err}");
        assert!(err.contains("regex"), "{err}");
    }

    #[test]
    fn http_reference_is_rejected() {
        let text = GOOD.replace("https://docs", "http://docs");
        assert!(parse_rule("t.yaml", &text).is_err());
    }

    #[test]
    fn builtin_pack_loads() {
        let (rules, _) = load_all(None).expect("built-in rules load");
        assert!(!rules.is_empty());
    }
}
