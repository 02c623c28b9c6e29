//! `.aiposture.toml`: found by walking up from the scanned path (the first one found wins),
//! named with `--config`, or ignored with `--no-config`. Command-line flags apply after it.
//! Unknown keys are errors with the file and line: a typo must not silently do nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rules::{Category, Rule, Severity};
use crate::suppress::WaiverEntry;

pub const FILE_NAME: &str = ".aiposture.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Default output format (`text`, `json`, `sarif`, `junit`).
    pub format: Option<String>,
    /// Default `--fail-on` (`critical` ... `info`, `never`).
    pub fail_on: Option<String>,
    /// Globs skipped in addition to `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A baseline file applied as if given with `--baseline`.
    pub baseline: Option<PathBuf>,
    /// Tag keys every AI resource must carry (AIP-GOV-001, off while empty).
    #[serde(default)]
    pub required_tags: Vec<String>,
    #[serde(default)]
    pub rules: RulesConfig,
    /// Waivers written in the config instead of a waiver file.
    #[serde(default)]
    pub waivers: Vec<WaiverEntry>,
    /// Settings of the evidence report (`--format evidence`).
    #[serde(default)]
    pub evidence: EvidenceConfig,
}

/// `[evidence]`: when the evidence report warns that risk acceptances look rubber-stamped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct EvidenceConfig {
    /// Warn when one approver signed more than this many waivers...
    pub max_waivers_per_approver: usize,
    /// ...within this many days (by their `approved_on` dates).
    pub approver_window_days: u32,
    /// Warn when more than this percentage of a high or critical rule's findings is
    /// accepted...
    pub max_accepted_percent: u32,
    /// ...and the rule has at least this many findings.
    pub min_findings_for_share: usize,
}

impl Default for EvidenceConfig {
    fn default() -> EvidenceConfig {
        let t = crate::report::evidence::Thresholds::default();
        EvidenceConfig {
            max_waivers_per_approver: t.max_waivers_per_approver,
            approver_window_days: t.approver_window_days,
            max_accepted_percent: t.max_accepted_percent,
            min_findings_for_share: t.min_findings_for_share,
        }
    }
}

impl EvidenceConfig {
    pub fn thresholds(&self) -> crate::report::evidence::Thresholds {
        crate::report::evidence::Thresholds {
            max_waivers_per_approver: self.max_waivers_per_approver,
            approver_window_days: self.approver_window_days,
            max_accepted_percent: self.max_accepted_percent,
            min_findings_for_share: self.min_findings_for_share,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// When set, only these rules run (ids or slugs).
    #[serde(default)]
    pub enable: Vec<String>,
    /// These rules do not run (ids or slugs).
    #[serde(default)]
    pub disable: Vec<String>,
    /// When set, only rules of these categories run.
    #[serde(default)]
    pub enable_categories: Vec<Category>,
    /// Rules of these categories do not run.
    #[serde(default)]
    pub disable_categories: Vec<Category>,
    /// Severity overrides by rule id or slug.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// A directory of extra rule files, as `--rules`.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A loaded config and where it came from (relative paths in it are relative to its directory).
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
    text: String,
}

impl Loaded {
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The line of the first occurrence of `needle`, for errors found after parsing.
    pub fn line_of(&self, needle: &str) -> usize {
        self.text
            .lines()
            .position(|l| l.contains(needle))
            .map_or(1, |i| i + 1)
    }

    fn error(&self, needle: &str, message: String) -> ConfigError {
        ConfigError {
            file: self.path.display().to_string(),
            line: self.line_of(needle),
            message,
        }
    }
}

/// Walks up from `start` (a file's directory or a directory) to the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir: Option<&Path> = Some(if start.is_file() {
        start.parent()?
    } else {
        start.as_path()
    });
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: shown.clone(),
        line: 1,
        message: format!("cannot read config: {e}"),
    })?;
    let config: Config = toml::from_str(&text).map_err(|e| ConfigError {
        file: shown.clone(),
        line: e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        }),
        message: e.message().trim().to_string(),
    })?;
    Ok(Loaded {
        path: path.to_path_buf(),
        config,
        text,
    })
}

fn find_rule<'r>(rules: &'r [Rule], name: &str) -> Option<&'r Rule> {
    rules.iter().find(|r| {
        r.id.eq_ignore_ascii_case(name)
            || r.slug == name
            || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    })
}

/// Applies `[rules]`: enable/disable filters and severity overrides. Names that match no rule
/// are errors, so a misspelt id cannot leave a rule running that was meant to be off.
pub fn apply_rules(loaded: &Loaded, rules: Vec<Rule>) -> Result<Vec<Rule>, ConfigError> {
    let rc = &loaded.config.rules;
    for name in rc
        .enable
        .iter()
        .chain(rc.disable.iter())
        .chain(rc.severity.keys())
    {
        if find_rule(&rules, name).is_none() {
            return Err(loaded.error(
                name,
                format!("no rule `{name}`; `aiposture rules` lists them"),
            ));
        }
    }
    let wanted = |r: &Rule, names: &[String]| {
        names.iter().any(|n| {
            r.id.eq_ignore_ascii_case(n)
                || r.slug == *n
                || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
        })
    };
    let mut out = Vec::with_capacity(rules.len());
    for mut rule in rules {
        if rule.meta {
            // Suppression bookkeeping rules always run: they keep risk acceptances honest.
            out.push(rule);
            continue;
        }
        if !rc.enable.is_empty() && !wanted(&rule, &rc.enable) {
            continue;
        }
        if wanted(&rule, &rc.disable) {
            continue;
        }
        if !rc.enable_categories.is_empty() && !rc.enable_categories.contains(&rule.category) {
            continue;
        }
        if rc.disable_categories.contains(&rule.category) {
            continue;
        }
        for (name, severity) in &rc.severity {
            if wanted(&rule, std::slice::from_ref(name)) {
                rule.severity = *severity;
            }
        }
        out.push(rule);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Loaded, ConfigError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).expect("write");
        load(&path)
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let err = load_text("format = \"json\"\n\n[rules]\ndisabel = [\"AIP-SM-001\"]\n")
            .expect_err("rejected");
        assert_eq!(err.line, 4, "{err}");
        assert!(err.message.contains("disabel"), "{err}");
    }

    #[test]
    fn bad_category_is_an_error() {
        let err = load_text("[rules]\ndisable-categories = [\"crypto\"]\n").expect_err("rejected");
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn full_config_parses() {
        let loaded = load_text(
            r#"format = "sarif"
fail-on = "high"
exclude = ["legacy/**"]

[rules]
disable = ["AIP-CRED-001"]
disable-categories = ["governance"]

[rules.severity]
AIP-SM-002 = "high"

[[waivers]]
rule = "AIP-SM-005"
resource = "aws_sagemaker_notebook_instance.research"
reason = "isolated sandbox account"
approved-by = "security@example.com"
approved-on = 2026-10-01
expires = "2099-12-31"
"#,
        )
        .expect("parses");
        assert_eq!(loaded.config.format.as_deref(), Some("sarif"));
        assert_eq!(loaded.config.waivers.len(), 1);
        assert_eq!(
            loaded.config.waivers[0].approved_on.as_deref(),
            Some("2026-10-01")
        );
    }

    #[test]
    fn evidence_section_has_defaults_and_rejects_typos() {
        let loaded = load_text("[evidence]\nmax-waivers-per-approver = 2\n").expect("parses");
        let t = loaded.config.evidence.thresholds();
        assert_eq!(t.max_waivers_per_approver, 2);
        assert_eq!(
            t.approver_window_days,
            crate::report::evidence::Thresholds::default().approver_window_days
        );
        let err = load_text("[evidence]\nmax-waivers = 2\n").expect_err("rejected");
        assert_eq!(err.line, 2, "{err}");
    }
}
