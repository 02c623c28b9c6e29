//! Evaluates every rule against every resource set, in parallel over (set, rule) pairs.

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::cond::{eval, Settings, Subject, Tri};
use super::{Category, Rule, Severity};
use crate::model::{Location, Resource, ResourceSet};

/// A rule that failed on a resource.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub resource: ResourceRef,
    pub location: Location,
    pub message: String,
    pub remediation: String,
    pub snippet: Option<String>,
    pub frameworks: std::collections::BTreeMap<String, Vec<String>>,
    pub fingerprint: String,
    /// Set when an inline ignore or a waiver accepts this finding; it is still reported.
    pub suppression: Option<Suppression>,
    /// Set when the scan compares against a baseline (`--baseline`).
    pub baseline: Option<BaselineState>,
}

impl Finding {
    /// The report order: file, line, rule, resource.
    pub fn order_key(&self) -> (&str, u32, &str, &str) {
        (
            &self.location.file,
            self.location.start_line,
            &self.rule_id,
            &self.resource.address,
        )
    }

    /// Whether the finding counts toward the exit code and the default text listing.
    pub fn is_active(&self) -> bool {
        self.suppression.is_none() && self.baseline != Some(BaselineState::Unchanged)
    }
}

/// How a risk was accepted. Every field an auditor needs is kept, also in the outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    /// `YYYY-MM-DD`; the suppression stops working after this day.
    pub expires: Option<String>,
    pub ticket: Option<String>,
    /// Where the suppression is written: the comment's or the waiver entry's file and line.
    pub source_file: String,
    pub source_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// `# aiposture:ignore RULE reason="..."` in the source.
    Inline,
    /// An entry of a waiver file or of `[[waivers]]` in the config.
    Waiver,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inline",
            SuppressionKind::Waiver => "waiver",
        }
    }
}

/// A finding compared with a baseline, as SARIF's `baselineState` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineState {
    New,
    Unchanged,
}

impl BaselineState {
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Unchanged => "unchanged",
        }
    }
}

/// A rule that was evaluated on a resource and passed.
#[derive(Debug, Clone)]
pub struct Passed {
    pub rule_id: String,
    pub resource: ResourceRef,
    pub location: Location,
}

impl Passed {
    /// The report order: file, line, rule, resource.
    pub fn order_key(&self) -> (&str, u32, &str, &str) {
        (
            &self.location.file,
            self.location.start_line,
            &self.rule_id,
            &self.resource.address,
        )
    }
}

/// A rule that could not decide on a resource because a value it needs is unknown.
#[derive(Debug, Clone)]
pub struct UnknownResult {
    pub rule_id: String,
    pub resource: ResourceRef,
    pub location: Location,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef {
    pub format: crate::model::Format,
    pub resource_type: String,
    pub address: String,
}

impl ResourceRef {
    pub fn of(r: &Resource) -> ResourceRef {
        ResourceRef {
            format: r.format,
            resource_type: r.resource_type.clone(),
            address: r.address.clone(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub unknown: Vec<UnknownResult>,
    pub passed: Vec<Passed>,
}

/// Runs `rules` over `sets`. Results come back sorted by (file, line, rule, address).
pub fn run(rules: &[Rule], sets: &[ResourceSet], settings: &Settings) -> Evaluation {
    let pairs: Vec<(&ResourceSet, &Rule)> = sets
        .iter()
        .flat_map(|s| rules.iter().filter(|r| !r.deprecated).map(move |r| (s, r)))
        .collect();
    let partial: Vec<Evaluation> = pairs
        .par_iter()
        .with_min_len(8)
        .map(|(set, rule)| run_one(rule, set, settings))
        .collect();
    let mut out = Evaluation::default();
    for p in partial {
        out.findings.extend(p.findings);
        out.unknown.extend(p.unknown);
        out.passed.extend(p.passed);
    }
    out.passed.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    out.findings
        .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    out.findings
        .dedup_by(|a, b| a.fingerprint == b.fingerprint && a.location == b.location);
    out.unknown.sort_by(|a, b| {
        (&a.location.file, a.location.start_line, &a.rule_id).cmp(&(
            &b.location.file,
            b.location.start_line,
            &b.rule_id,
        ))
    });
    out
}

fn run_one(rule: &Rule, set: &ResourceSet, settings: &Settings) -> Evaluation {
    let mut out = Evaluation::default();
    for check in rule
        .checks
        .iter()
        .filter(|c| c.condition.is_active(settings))
    {
        for resource in set.resources.iter().filter(|r| {
            r.format == check.format && check.resource_types.iter().any(|t| type_matches(t, r))
        }) {
            let subject = Subject {
                resource,
                value: &resource.attributes,
                set,
                settings,
            };
            let outcome = eval(&check.condition, &subject);
            if outcome.evidence.elsewhere && outcome.truth != Tri::True {
                continue;
            }
            let ev = &outcome.evidence;
            let location = match ev.line {
                Some(line) if line >= resource.location.start_line => Location {
                    file: resource.location.file.clone(),
                    start_line: line,
                    end_line: ev.end_line.unwrap_or(line).max(line),
                },
                _ => resource.location.clone(),
            };
            match outcome.truth {
                Tri::True => out.findings.push(Finding {
                    rule_id: rule.id.clone(),
                    title: rule.title.clone(),
                    severity: rule.severity,
                    category: rule.category,
                    resource: ResourceRef::of(resource),
                    message: render_message(&check.message, ev),
                    remediation: rule.remediation.clone(),
                    snippet: rule.snippets.get(&check.format).cloned(),
                    frameworks: rule.frameworks.clone(),
                    fingerprint: fingerprint(&rule.id, &resource.address, &resource.location.file),
                    location,
                    suppression: None,
                    baseline: None,
                }),
                Tri::Unknown => out.unknown.push(UnknownResult {
                    rule_id: rule.id.clone(),
                    resource: ResourceRef::of(resource),
                    location,
                    reason: if ev.unknown_reason.is_empty() {
                        "a value the rule needs is not known".to_string()
                    } else {
                        ev.unknown_reason.clone()
                    },
                }),
                Tri::False => out.passed.push(Passed {
                    rule_id: rule.id.clone(),
                    resource: ResourceRef::of(resource),
                    location: resource.location.clone(),
                }),
            }
        }
    }
    out
}

/// `data.aws_iam_policy_document` in a rule names data sources; plain types name resources.
fn type_matches(pattern: &str, r: &Resource) -> bool {
    match pattern.strip_prefix("data.") {
        Some(t) => r.is_data && r.resource_type == t,
        None => !r.is_data && r.resource_type == pattern,
    }
}

fn render_message(template: &str, ev: &super::cond::Evidence) -> String {
    template
        .replace("{attr}", &ev.attr)
        .replace("{value}", &ev.value)
        .replace("{detail}", &ev.detail)
}

/// Stable across runs and line shifts: rule, resource address and file, not the line.
pub fn fingerprint(rule_id: &str, address: &str, file: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(address.as_bytes());
    h.update([0]);
    h.update(file.as_bytes());
    let digest = h.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
