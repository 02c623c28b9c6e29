//! `--format evidence`: the bundle a security architect hands to an auditor or a GRC team.
//!
//! One model ([`EvidenceReport`]) is built from the finished [`Report`] and rendered three
//! times: `report.json` (the documented contract, docs/evidence-report.schema.json),
//! `report.md` (for tickets and wikis) and `report.html` (one self-contained, printable file).
//! `manifest.json` lists the SHA-256 of each of them. `--format inventory-json` writes the AI
//! asset inventory alone.
//!
//! Like every reporter this module does not filter: every finding, suppressed or not, is in
//! the report. What it adds is judgement an auditor needs: which framework controls passed,
//! failed or could not be assessed, which resources are AI assets, and which risk acceptances
//! expired, went unused or look rubber-stamped. Finding messages arrive already redacted;
//! nothing here reads a source file.

pub mod catalog;
mod html;
mod markdown;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::Report;
use crate::model::Format;
use crate::provenance::sha256_hex;
use crate::rules::engine::{BaselineState, Finding, SuppressionKind};
use crate::rules::{Category, Severity};
use crate::suppress::{Date, Waiver};

/// `schema_version` of report.json, manifest.json and the inventory export.
pub const SCHEMA_VERSION: u32 = 1;
/// How many things to fix the summary names.
const TOP_FIXES: usize = 5;

/// When risk acceptances look rubber-stamped (`[evidence]` in `.aiposture.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// Warn when one approver signed more than this many waivers...
    pub max_waivers_per_approver: usize,
    /// ...within this many days (by `approved_on`).
    pub approver_window_days: u32,
    /// Warn when more than this share (percent) of a high or critical rule's findings is
    /// accepted...
    pub max_accepted_percent: u32,
    /// ...and the rule has at least this many findings.
    pub min_findings_for_share: usize,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            max_waivers_per_approver: 5,
            approver_window_days: 7,
            max_accepted_percent: 50,
            min_findings_for_share: 2,
        }
    }
}

/// What the evidence report needs beyond the [`Report`].
#[derive(Debug, Default)]
pub struct Options<'a> {
    pub thresholds: Thresholds,
    /// Every waiver that was loaded (file and config), used or not: their approval records
    /// complete the entries for expired and unused waivers, and approver volumes are counted
    /// over them.
    pub waivers: &'a [Waiver],
    /// Rules that did not run because a setting they need is missing (AIP-GOV-001 without
    /// `required-tags`).
    pub inactive_rules: &'a [String],
}

// ---------------------------------------------------------------------------------------
// The model (serialised as report.json; field names are the contract, see the schema)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
pub struct EvidenceReport {
    pub schema_version: u32,
    pub kind: &'static str,
    pub tool: Tool,
    pub provenance: ProvenanceOut,
    pub summary: Summary,
    pub frameworks: Vec<FrameworkOut>,
    pub inventory: InventoryOut,
    pub risk_acceptances: Acceptances,
    pub findings: Vec<FindingOut>,
    pub unknown: Vec<UnknownOut>,
    pub errors: Vec<crate::diagnostic::Diagnostic>,
    pub rules: Vec<RuleOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: String,
    pub rules_digest: String,
}

#[derive(Debug, Serialize)]
pub struct ProvenanceOut {
    pub started_utc: String,
    /// The command line, with the values of `--var` and `--cfn-param` redacted.
    pub command_line: Vec<String>,
    pub roots: Vec<String>,
    pub inputs: Vec<InputOut>,
    pub input_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<GitOut>,
    /// What a live audit read from AWS Config.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_audit: Option<crate::provenance::LiveAudit>,
}

#[derive(Debug, Serialize)]
pub struct InputOut {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct GitOut {
    pub commit: String,
    pub dirty: bool,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub files: usize,
    pub resources: usize,
    pub ai_assets: usize,
    pub findings: FindingCounts,
    pub by_severity: Vec<SeverityCount>,
    pub by_category: Vec<CategoryCount>,
    pub controls: StatusCounts,
    pub top_fixes: Vec<TopFix>,
    pub blind_spots: BlindSpots,
    pub acceptance_warnings: usize,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct FindingCounts {
    pub total: usize,
    /// Neither accepted nor known from a baseline: to be fixed.
    pub open: usize,
    /// Covered by an inline ignore or a waiver that has not expired.
    pub accepted: usize,
    /// Known from the baseline (still open, but not new).
    pub baselined: usize,
}

impl FindingCounts {
    fn add(&mut self, status: FindingStatus) {
        self.total += 1;
        match status {
            FindingStatus::Open => self.open += 1,
            FindingStatus::Accepted => self.accepted += 1,
            FindingStatus::Baselined => self.baselined += 1,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct SeverityCount {
    pub severity: Severity,
    #[serde(flatten)]
    pub counts: FindingCounts,
}

#[derive(Debug, Serialize)]
pub struct CategoryCount {
    pub category: Category,
    #[serde(flatten)]
    pub counts: FindingCounts,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct StatusCounts {
    pub pass: usize,
    pub fail: usize,
    pub not_assessed: usize,
}

#[derive(Debug, Serialize)]
pub struct TopFix {
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub fix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// The unaccepted findings of this rule (refs into `findings`).
    pub findings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct BlindSpots {
    /// Checks that could not decide because a value is unknown statically (see `unknown`).
    pub unknown: usize,
    /// Input files that could not be read or parsed (`errors` of level `error`).
    pub errors: usize,
    /// Things deliberately not followed, such as a registry module `terraform init` would
    /// fetch (`errors` of level `info`).
    pub not_followed: usize,
    /// Rules that did not run because a setting they need is not configured.
    pub inactive_rules: Vec<String>,
    /// Input formats present in the scan that some rules have no check for.
    pub formats_not_covered: Vec<FormatGap>,
    /// What a scan of this kind never sees.
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FormatGap {
    pub format: &'static str,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    Pass,
    Fail,
    NotAssessed,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Pass => "pass",
            ControlStatus::Fail => "fail",
            ControlStatus::NotAssessed => "not assessed",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FrameworkOut {
    pub key: &'static str,
    pub name: &'static str,
    pub edition: &'static str,
    pub url: &'static str,
    pub counts: StatusCounts,
    pub controls: Vec<ControlOut>,
    /// Controls of the framework that no rule maps to (only for frameworks whose whole list
    /// aiposture knows).
    pub unaddressed: Vec<ControlRef>,
}

#[derive(Debug, Serialize)]
pub struct ControlRef {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ControlOut {
    pub id: String,
    /// `None` for an identifier aiposture's control table does not know (a user rule's).
    pub title: Option<&'static str>,
    pub status: ControlStatus,
    pub rules: Vec<String>,
    /// Refs of the findings behind a failure.
    pub findings: Vec<String>,
    pub open: usize,
    pub accepted: usize,
    pub baselined: usize,
    /// Resources on which its rules passed.
    pub passed: usize,
    /// Checks of its rules that could not decide.
    pub unknown: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InventoryOut {
    /// Every resource in scope.
    pub resources: usize,
    pub assets: Vec<Asset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssetStatus {
    /// At least one unaccepted finding.
    Fail,
    /// Every finding on it is accepted.
    Accepted,
    Pass,
    /// Only checks that could not decide.
    Unknown,
    /// No rule checks this type of resource.
    NotChecked,
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub address: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub format: &'static str,
    /// What it is, for people (`SageMaker notebook instance`).
    pub kind: String,
    pub location: LocationOut,
    /// Why it is in the AI inventory.
    pub ai_link: String,
    pub status: AssetStatus,
    pub results: Vec<AssetResult>,
}

#[derive(Debug, Serialize)]
pub struct AssetResult {
    pub rule_id: String,
    /// `fail`, `accepted`, `pass` or `unknown`.
    pub result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Acceptances {
    pub thresholds: Thresholds,
    pub active: usize,
    pub expired: usize,
    pub unused: usize,
    pub records: Vec<Acceptance>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptanceStatus {
    Expired,
    Unused,
    Active,
}

impl AcceptanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptanceStatus::Expired => "expired",
            AcceptanceStatus::Unused => "unused",
            AcceptanceStatus::Active => "active",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Acceptance {
    pub status: AcceptanceStatus,
    /// `waiver` or `inline`.
    pub kind: &'static str,
    pub rule_id: String,
    /// The resource accepted (for an unused waiver, its address pattern); absent for an
    /// unused inline ignore, which names no resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Where the acceptance is written (the comment or the waiver entry).
    pub source: SourceOut,
    /// The finding it covers (active), or covered until it lapsed (expired; reported again).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// The AIP-SUP-001 or AIP-SUP-002 finding that flags it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged_by: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceOut {
    pub file: String,
    pub line: u32,
}

#[derive(Debug, Serialize)]
pub struct Warning {
    /// `approver-volume` or `high-severity-coverage`.
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingStatus {
    Open,
    Accepted,
    Baselined,
}

impl FindingStatus {
    fn of(f: &Finding) -> FindingStatus {
        if f.suppression.is_some() {
            FindingStatus::Accepted
        } else if f.baseline == Some(BaselineState::Unchanged) {
            FindingStatus::Baselined
        } else {
            FindingStatus::Open
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Accepted => "accepted",
            FindingStatus::Baselined => "baselined",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FindingOut {
    /// `F1`, `F2`, ... in report order; other sections refer to findings by it.
    #[serde(rename = "ref")]
    pub reference: String,
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub status: FindingStatus,
    pub resource: ResourceOut,
    pub location: LocationOut,
    pub message: String,
    pub remediation: RemediationOut,
    pub frameworks: BTreeMap<String, Vec<String>>,
    pub fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<SuppressionOut>,
}

#[derive(Debug, Serialize)]
pub struct ResourceOut {
    pub format: &'static str,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub address: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationOut {
    pub file: String,
    pub start_line: u32,
    pub end_line: u32,
}

impl LocationOut {
    fn of(l: &crate::model::Location) -> LocationOut {
        LocationOut {
            file: l.file.clone(),
            start_line: l.start_line,
            end_line: l.end_line,
        }
    }

    pub fn display(&self) -> String {
        format!("{}:{}", self.file, self.start_line)
    }
}

#[derive(Debug, Serialize)]
pub struct RemediationOut {
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SuppressionOut {
    pub kind: &'static str,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub source: SourceOut,
}

#[derive(Debug, Serialize)]
pub struct UnknownOut {
    pub rule_id: String,
    pub resource: ResourceOut,
    pub location: LocationOut,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct RuleOut {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub formats: Vec<&'static str>,
    pub frameworks: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frameworks_note: Option<String>,
    /// Raised by aiposture itself (suppression bookkeeping).
    pub meta: bool,
    /// False when a setting the rule needs is not configured, so it did not run.
    pub active: bool,
}

impl EvidenceReport {
    /// The finding with this ref (`F3`).
    pub fn finding(&self, reference: &str) -> Option<&FindingOut> {
        let n: usize = reference.strip_prefix('F')?.parse().ok()?;
        self.findings.get(n.checked_sub(1)?)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleOut> {
        self.rules.iter().find(|r| r.id == id)
    }
}

// ---------------------------------------------------------------------------------------
// Building the model
// ---------------------------------------------------------------------------------------

/// Builds the evidence model of a finished scan.
pub fn build(report: &Report, options: &Options) -> EvidenceReport {
    let findings: Vec<FindingOut> = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding_out(i, f))
        .collect();
    let unknown: Vec<UnknownOut> = report
        .unknown
        .unwrap_or_default()
        .iter()
        .map(|u| UnknownOut {
            rule_id: u.rule_id.clone(),
            resource: resource_out(&u.resource),
            location: LocationOut::of(&u.location),
            reason: u.reason.clone(),
        })
        .collect();
    let rules: Vec<RuleOut> = report
        .rules
        .iter()
        .filter(|r| !r.deprecated)
        .map(|r| RuleOut {
            id: r.id.clone(),
            title: r.title.clone(),
            severity: r.severity,
            category: r.category,
            formats: r.formats().iter().map(|f| f.as_str()).collect(),
            frameworks: r.frameworks.clone(),
            frameworks_note: r.frameworks_note.as_deref().map(fold),
            meta: r.meta,
            active: !options.inactive_rules.contains(&r.id),
        })
        .collect();

    let frameworks = frameworks(report, &rules, options);
    let mut controls = StatusCounts::default();
    for f in &frameworks {
        controls.pass += f.counts.pass;
        controls.fail += f.counts.fail;
        controls.not_assessed += f.counts.not_assessed;
    }
    let assets = assets(report, &findings);
    let risk_acceptances = acceptances(report, &findings, options);

    let mut total = FindingCounts::default();
    let mut by_severity: BTreeMap<Severity, FindingCounts> = BTreeMap::new();
    let mut by_category: BTreeMap<Category, FindingCounts> = BTreeMap::new();
    for f in &findings {
        total.add(f.status);
        by_severity.entry(f.severity).or_default().add(f.status);
        by_category.entry(f.category).or_default().add(f.status);
    }
    let summary = Summary {
        files: report.files,
        resources: report.resources,
        ai_assets: assets.len(),
        findings: total,
        by_severity: Severity::ALL
            .iter()
            .map(|s| SeverityCount {
                severity: *s,
                counts: by_severity.get(s).copied().unwrap_or_default(),
            })
            .collect(),
        by_category: by_category
            .into_iter()
            .map(|(category, counts)| CategoryCount { category, counts })
            .collect(),
        controls,
        top_fixes: top_fixes(&findings),
        blind_spots: blind_spots(report, &rules, unknown.len()),
        acceptance_warnings: risk_acceptances.warnings.len(),
    };

    EvidenceReport {
        schema_version: SCHEMA_VERSION,
        kind: "aiposture-evidence",
        tool: tool(report),
        provenance: provenance(report),
        summary,
        frameworks,
        inventory: InventoryOut {
            resources: report
                .inventory
                .iter()
                .filter(|i| i.resource.format != Format::Aiposture)
                .count(),
            assets,
        },
        risk_acceptances,
        findings,
        unknown,
        errors: report.diagnostics.to_vec(),
        rules,
    }
}

fn tool(report: &Report) -> Tool {
    Tool {
        name: "aiposture",
        version: report.version.to_string(),
        rules_digest: report.rules_digest.to_string(),
    }
}

/// Joins the lines of each paragraph, as rule prose is shown elsewhere.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn resource_out(r: &crate::rules::engine::ResourceRef) -> ResourceOut {
    ResourceOut {
        format: r.format.as_str(),
        resource_type: r.resource_type.clone(),
        address: r.address.clone(),
    }
}

fn finding_out(i: usize, f: &Finding) -> FindingOut {
    FindingOut {
        reference: format!("F{}", i + 1),
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        severity: f.severity,
        category: f.category,
        status: FindingStatus::of(f),
        resource: resource_out(&f.resource),
        location: LocationOut::of(&f.location),
        message: f.message.clone(),
        remediation: RemediationOut {
            summary: f.remediation.clone(),
            snippet: f.snippet.clone(),
        },
        frameworks: f.frameworks.clone(),
        fingerprint: f.fingerprint.clone(),
        suppression: f.suppression.as_ref().map(|s| SuppressionOut {
            kind: s.kind.as_str(),
            reason: s.reason.clone(),
            approved_by: s.approved_by.clone(),
            approved_on: s.approved_on.clone(),
            expires: s.expires.clone(),
            ticket: s.ticket.clone(),
            source: SourceOut {
                file: s.source_file.clone(),
                line: s.source_line,
            },
        }),
    }
}

fn provenance(report: &Report) -> ProvenanceOut {
    let p = report.provenance;
    ProvenanceOut {
        started_utc: p.started_utc.clone(),
        command_line: redact_command_line(&p.command_line),
        roots: p.roots.clone(),
        inputs: p
            .inputs
            .iter()
            .map(|i| InputOut {
                file: i.file.clone(),
                sha256: i.sha256.clone(),
                bytes: i.bytes,
            })
            .collect(),
        input_bytes: p.inputs.iter().map(|i| i.bytes).sum(),
        git: p.git.as_ref().map(|g| GitOut {
            commit: g.commit.clone(),
            dirty: g.dirty,
        }),
        live_audit: p.live.clone(),
    }
}

/// Variable and parameter values given on the command line may be secrets (a database
/// password passed with `--var`); a report that travels to auditors keeps their names only.
pub fn redact_command_line(args: &[String]) -> Vec<String> {
    const VALUED: [&str; 2] = ["--var", "--cfn-param"];
    let redact = |assignment: &str| match assignment.split_once('=') {
        Some((name, _)) => format!("{name}=[redacted]"),
        None => assignment.to_string(),
    };
    let mut out = Vec::with_capacity(args.len());
    let mut next_is_value = false;
    for arg in args {
        if next_is_value {
            out.push(redact(arg));
            next_is_value = false;
            continue;
        }
        if VALUED.contains(&arg.as_str()) {
            next_is_value = true;
            out.push(arg.clone());
            continue;
        }
        match VALUED
            .iter()
            .find_map(|flag| arg.strip_prefix(&format!("{flag}=")).map(|v| (flag, v)))
        {
            Some((flag, value)) => out.push(format!("{flag}={}", redact(value))),
            None => out.push(arg.clone()),
        }
    }
    out
}

/// Per rule: what it found, passed and could not decide.
#[derive(Debug, Default)]
struct RuleTally {
    findings: Vec<String>,
    open: usize,
    accepted: usize,
    baselined: usize,
    passed: usize,
    unknown: usize,
}

fn frameworks(report: &Report, rules: &[RuleOut], options: &Options) -> Vec<FrameworkOut> {
    let mut tally: HashMap<&str, RuleTally> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        let t = tally.entry(f.rule_id.as_str()).or_default();
        t.findings.push(format!("F{}", i + 1));
        match FindingStatus::of(f) {
            FindingStatus::Open => t.open += 1,
            FindingStatus::Accepted => t.accepted += 1,
            FindingStatus::Baselined => t.baselined += 1,
        }
    }
    for p in report.passed {
        tally.entry(p.rule_id.as_str()).or_default().passed += 1;
    }
    for u in report.unknown.unwrap_or_default() {
        tally.entry(u.rule_id.as_str()).or_default().unknown += 1;
    }
    // The bookkeeping rules (expired, unused suppressions) have something to check exactly
    // when the scan met at least one suppression.
    let suppressions_seen = report.findings.iter().any(|f| {
        f.suppression.is_some()
            || rules
                .iter()
                .any(|r| r.meta && r.id == f.rule_id && f.resource.format == Format::Aiposture)
    }) || !options.waivers.is_empty();
    let empty = RuleTally::default();

    catalog::FRAMEWORKS
        .iter()
        .map(|fw| {
            let mut by_control: BTreeMap<(usize, String), Vec<&RuleOut>> = BTreeMap::new();
            for rule in rules {
                for id in rule.frameworks.get(fw.key).into_iter().flatten() {
                    by_control
                        .entry((fw.order(id), id.clone()))
                        .or_default()
                        .push(rule);
                }
            }
            let mut counts = StatusCounts::default();
            let controls: Vec<ControlOut> = by_control
                .into_iter()
                .map(|((_, id), rules_here)| {
                    let mut c = ControlOut {
                        title: fw.title(&id),
                        id,
                        status: ControlStatus::NotAssessed,
                        rules: rules_here.iter().map(|r| r.id.clone()).collect(),
                        findings: Vec::new(),
                        open: 0,
                        accepted: 0,
                        baselined: 0,
                        passed: 0,
                        unknown: 0,
                        note: None,
                    };
                    let mut assessed_meta = false;
                    for r in &rules_here {
                        let t = tally.get(r.id.as_str()).unwrap_or(&empty);
                        c.findings.extend(t.findings.iter().cloned());
                        c.open += t.open;
                        c.accepted += t.accepted;
                        c.baselined += t.baselined;
                        c.passed += t.passed;
                        c.unknown += t.unknown;
                        assessed_meta |= r.meta && suppressions_seen;
                    }
                    c.findings.sort_by_key(|r| {
                        r.trim_start_matches('F')
                            .parse::<usize>()
                            .unwrap_or(usize::MAX)
                    });
                    c.status = if !c.findings.is_empty() {
                        ControlStatus::Fail
                    } else if c.passed > 0 || assessed_meta {
                        ControlStatus::Pass
                    } else {
                        ControlStatus::NotAssessed
                    };
                    c.note = control_note(&c, &rules_here);
                    match c.status {
                        ControlStatus::Pass => counts.pass += 1,
                        ControlStatus::Fail => counts.fail += 1,
                        ControlStatus::NotAssessed => counts.not_assessed += 1,
                    }
                    c
                })
                .collect();
            let used: BTreeSet<&str> = controls.iter().map(|c| c.id.as_str()).collect();
            let unaddressed = if fw.complete {
                fw.controls
                    .iter()
                    .filter(|(id, _)| !used.contains(id))
                    .map(|(id, title)| ControlRef { id, title })
                    .collect()
            } else {
                Vec::new()
            };
            FrameworkOut {
                key: fw.key,
                name: fw.name,
                edition: fw.edition,
                url: fw.url,
                counts,
                controls,
                unaddressed,
            }
        })
        .collect()
}

/// Why a control has the status it has, when that is not plain from the counts.
fn control_note(c: &ControlOut, rules: &[&RuleOut]) -> Option<String> {
    let mut parts = Vec::new();
    match c.status {
        ControlStatus::Pass if c.passed == 0 && rules.iter().any(|r| r.meta) => {
            parts.push(
                "the risk acceptances met were checked: none has expired or gone unused".into(),
            );
        }
        ControlStatus::Fail if c.open == 0 && c.baselined == 0 => {
            parts.push("every failure is covered by a risk acceptance".to_string());
        }
        ControlStatus::NotAssessed => {
            let inactive: Vec<&str> = rules
                .iter()
                .filter(|r| !r.active)
                .map(|r| r.id.as_str())
                .collect();
            if inactive.len() == rules.len() {
                parts.push(format!(
                    "{} did not run: a setting it needs is not configured",
                    inactive.join(", ")
                ));
            } else if rules.iter().all(|r| r.meta) {
                parts.push("no suppression or waiver was met, so none could lapse".into());
            } else if c.unknown == 0 {
                parts.push("no resource of the types its rules check was found".into());
            }
        }
        _ => {}
    }
    if c.unknown > 0 {
        parts.push(format!(
            "{} check{} could not decide (values unknown statically)",
            c.unknown,
            if c.unknown == 1 { "" } else { "s" }
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn top_fixes(findings: &[FindingOut]) -> Vec<TopFix> {
    let mut by_rule: BTreeMap<&str, Vec<&FindingOut>> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.status != FindingStatus::Accepted)
    {
        by_rule.entry(f.rule_id.as_str()).or_default().push(f);
    }
    let mut groups: Vec<Vec<&FindingOut>> = by_rule.into_values().collect();
    groups.sort_by(|a, b| {
        let key = |g: &[&FindingOut]| {
            (
                std::cmp::Reverse(g.iter().map(|f| f.severity).max()),
                std::cmp::Reverse(g.len()),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a[0].rule_id.cmp(&b[0].rule_id))
    });
    groups
        .into_iter()
        .take(TOP_FIXES)
        .map(|g| {
            let first = g[0];
            TopFix {
                rule_id: first.rule_id.clone(),
                title: first.title.clone(),
                severity: g.iter().map(|f| f.severity).max().unwrap_or(first.severity),
                category: first.category,
                fix: first.remediation.summary.clone(),
                snippet: first.remediation.snippet.clone(),
                findings: g.iter().map(|f| f.reference.clone()).collect(),
            }
        })
        .collect()
}

fn blind_spots(report: &Report, rules: &[RuleOut], unknown: usize) -> BlindSpots {
    let present: BTreeSet<Format> = report
        .inventory
        .iter()
        .map(|i| i.resource.format)
        .filter(|f| *f != Format::Aiposture)
        .collect();
    let formats_not_covered = present
        .iter()
        .filter_map(|format| {
            let missing: Vec<String> = rules
                .iter()
                .filter(|r| !r.meta && !r.formats.contains(&format.as_str()))
                .map(|r| r.id.clone())
                .collect();
            (!missing.is_empty()).then(|| FormatGap {
                format: format.as_str(),
                rules: missing,
            })
        })
        .collect();
    BlindSpots {
        unknown,
        errors: report.diagnostics.iter().filter(|d| d.is_error()).count(),
        not_followed: report.diagnostics.iter().filter(|d| !d.is_error()).count(),
        inactive_rules: rules
            .iter()
            .filter(|r| !r.active)
            .map(|r| r.id.clone())
            .collect(),
        formats_not_covered,
        notes: vec![
            "Only the infrastructure code listed under Provenance was read; the deployed AWS account was not examined, so changes made outside this code are not seen.".into(),
            "Values known only at deployment (variables without a value, module outputs, unresolved intrinsics) are unknown: a check that needs one does not report a finding.".into(),
            "Framework controls are assessed only as far as the rules mapped to them go; a passing control means those rules found nothing, not that the whole control is met.".into(),
        ],
    }
}

// ---------------------------------------------------------------------------------------
// AI asset inventory
// ---------------------------------------------------------------------------------------

/// SageMaker and Bedrock resources are AI assets by type, in every input format.
pub fn is_ai_type(resource_type: &str) -> bool {
    [
        "aws_sagemaker_",
        "aws_bedrock",
        "AWS::SageMaker::",
        "AWS::Bedrock::",
    ]
    .iter()
    .any(|p| resource_type.starts_with(p))
}

/// Words in a finding's message that say the finding is about an AI service.
const AI_WORDS: &[&str] = &[
    "sagemaker",
    "bedrock",
    "openai",
    "anthropic",
    "hugging face",
    "huggingface",
    "google ai",
];

/// Whether `text` contains `address` as a whole name (not inside a longer one).
fn names(text: &str, address: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':');
    text.match_indices(address).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + address.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

fn assets(report: &Report, findings: &[FindingOut]) -> Vec<Asset> {
    let items: Vec<&crate::scan::InventoryItem> = report
        .inventory
        .iter()
        .filter(|i| i.resource.format != Format::Aiposture)
        .collect();
    // Findings that are about an AI service: by their resource's type, by what their message
    // says, or by naming an AI resource.
    let ai_addresses: Vec<&str> = items
        .iter()
        .filter(|i| is_ai_type(&i.resource.resource_type))
        .map(|i| i.resource.address.as_str())
        .collect();
    let ai_finding = |f: &FindingOut| {
        let lower = f.message.to_lowercase();
        is_ai_type(&f.resource.resource_type)
            || AI_WORDS.iter().any(|w| lower.contains(w))
            || ai_addresses.iter().any(|a| names(&f.message, a))
    };
    let ai_findings: Vec<&FindingOut> = findings
        .iter()
        .filter(|f| f.resource.format != "aiposture" && ai_finding(f))
        .collect();

    let mut out = Vec::new();
    for item in items {
        let r = &item.resource;
        let link = if is_ai_type(&r.resource_type) {
            Some(if r.resource_type.contains("edrock") {
                "Bedrock resource".to_string()
            } else {
                "SageMaker resource".to_string()
            })
        } else if let Some(f) = ai_findings
            .iter()
            .find(|f| f.resource.address == r.address && f.location.file == item.location.file)
        {
            Some(format!(
                "{} finding on it concerns an AI service",
                f.rule_id
            ))
        } else {
            ai_findings
                .iter()
                .find(|f| f.resource.address != r.address && names(&f.message, &r.address))
                .map(|f| {
                    format!(
                        "named as an AI workload or path by {} on {}",
                        f.rule_id, f.resource.address
                    )
                })
        };
        let Some(ai_link) = link else {
            continue;
        };
        let mut results: Vec<AssetResult> = Vec::new();
        for f in findings
            .iter()
            .filter(|f| f.resource.address == r.address && f.location.file == item.location.file)
        {
            results.push(AssetResult {
                rule_id: f.rule_id.clone(),
                result: if f.status == FindingStatus::Accepted {
                    "accepted"
                } else {
                    "fail"
                },
                finding: Some(f.reference.clone()),
                reason: None,
            });
        }
        for p in report
            .passed
            .iter()
            .filter(|p| p.resource.address == r.address && p.location.file == item.location.file)
        {
            results.push(AssetResult {
                rule_id: p.rule_id.clone(),
                result: "pass",
                finding: None,
                reason: None,
            });
        }
        for u in
            report.unknown.unwrap_or_default().iter().filter(|u| {
                u.resource.address == r.address && u.location.file == item.location.file
            })
        {
            results.push(AssetResult {
                rule_id: u.rule_id.clone(),
                result: "unknown",
                finding: None,
                reason: Some(u.reason.clone()),
            });
        }
        results.sort_by(|a, b| a.rule_id.cmp(&b.rule_id));
        let status = if results.iter().any(|x| x.result == "fail") {
            AssetStatus::Fail
        } else if results.iter().any(|x| x.result == "accepted") {
            AssetStatus::Accepted
        } else if results.iter().any(|x| x.result == "pass") {
            AssetStatus::Pass
        } else if results.is_empty() {
            AssetStatus::NotChecked
        } else {
            AssetStatus::Unknown
        };
        out.push(Asset {
            address: r.address.clone(),
            resource_type: r.resource_type.clone(),
            format: r.format.as_str(),
            kind: kind_of(&r.resource_type),
            location: LocationOut::of(&item.location),
            ai_link,
            status,
            results,
        });
    }
    out
}

/// A resource type as people say it: `aws_sagemaker_notebook_instance` and
/// `AWS::SageMaker::NotebookInstance` are both "SageMaker notebook instance".
pub fn kind_of(resource_type: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("sagemaker", "SageMaker"),
        ("bedrockagent", "Bedrock"),
        ("bedrock", "Bedrock"),
        ("api", "API"),
        ("apigateway", "API Gateway"),
        ("apigatewayv2", "API Gateway v2"),
        ("ApiGateway", "API Gateway"),
        ("ApiGatewayV2", "API Gateway v2"),
        ("iam", "IAM"),
        ("kms", "KMS"),
        ("vpc", "VPC"),
        ("ec2", "EC2"),
        ("lambda", "Lambda"),
        ("wafv2", "WAF"),
        ("WAFv2", "WAF"),
        ("s3", "S3"),
        ("ecr", "ECR"),
    ];
    let name = |w: &str| {
        NAMES
            .iter()
            .find(|(k, _)| *k == w)
            .map_or_else(|| w.to_string(), |(_, v)| (*v).to_string())
    };
    if let Some(rest) = resource_type.strip_prefix("AWS::") {
        // AWS::SageMaker::NotebookInstance: the service, then the CamelCase words.
        let (service, ty) = rest.split_once("::").unwrap_or((rest, ""));
        let chars: Vec<char> = ty.chars().collect();
        let mut words: Vec<String> = vec![name(service)];
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                    || (prev.is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(|n| n.is_ascii_lowercase())));
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push(word);
        }
        return words
            .into_iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 || w.chars().all(|c| !c.is_ascii_lowercase()) {
                    w
                } else {
                    w.to_lowercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let rest = resource_type.strip_prefix("aws_").unwrap_or(resource_type);
    let rest = rest.replace("api_gateway", "apigateway");
    let words: Vec<String> = rest.split('_').map(name).collect();
    let mut out: Vec<String> = Vec::new();
    for w in words {
        // `aws_bedrockagent_agent` is a "Bedrock agent": the service is named once.
        if out.last() == Some(&w) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

// ---------------------------------------------------------------------------------------
// Risk acceptances
// ---------------------------------------------------------------------------------------

/// `suppression:RULE:ADDRESS@LINE` (expired) or `suppression:RULE@LINE` (unused), as
/// `suppress.rs` builds the addresses of its own findings: the rule and the resource.
fn parse_meta_address(address: &str) -> (String, Option<String>) {
    let body = address.strip_prefix("suppression:").unwrap_or(address);
    let body = body.rsplit_once('@').map_or(body, |(b, _)| b);
    match body.split_once(':') {
        Some((rule, resource)) => (rule.to_string(), Some(resource.to_string())),
        None => (body.to_string(), None),
    }
}

fn acceptances(report: &Report, findings: &[FindingOut], options: &Options) -> Acceptances {
    let waiver_at = |file: &str, line: u32| {
        options
            .waivers
            .iter()
            .find(|w| w.source_file == file && w.source_line == line)
    };
    let mut records = Vec::new();
    for (f, out) in report.findings.iter().zip(findings) {
        if let Some(s) = &f.suppression {
            records.push(Acceptance {
                status: AcceptanceStatus::Active,
                kind: s.kind.as_str(),
                rule_id: f.rule_id.clone(),
                resource: Some(f.resource.address.clone()),
                reason: Some(s.reason.clone()),
                approved_by: s.approved_by.clone(),
                approved_on: s.approved_on.clone(),
                expires: s.expires.clone(),
                ticket: s.ticket.clone(),
                source: SourceOut {
                    file: s.source_file.clone(),
                    line: s.source_line,
                },
                finding: Some(out.reference.clone()),
                flagged_by: None,
            });
            continue;
        }
        let status = if f.rule_id == crate::suppress::EXPIRED_RULE {
            AcceptanceStatus::Expired
        } else if f.rule_id == crate::suppress::UNUSED_RULE {
            AcceptanceStatus::Unused
        } else {
            continue;
        };
        if f.resource.format != Format::Aiposture {
            continue;
        }
        let (rule_id, resource) = parse_meta_address(&f.resource.address);
        let waiver = waiver_at(&f.location.file, f.location.start_line);
        // The finding an expired acceptance covered is reported again: point at it.
        let reopened = resource.as_ref().and_then(|addr| {
            report
                .findings
                .iter()
                .position(|g| g.rule_id == rule_id && &g.resource.address == addr)
                .map(|i| format!("F{}", i + 1))
        });
        records.push(Acceptance {
            status,
            kind: if waiver.is_some() {
                SuppressionKind::Waiver.as_str()
            } else {
                SuppressionKind::Inline.as_str()
            },
            rule_id,
            resource: match (status, waiver) {
                (AcceptanceStatus::Unused, Some(w)) => Some(w.resource.clone()),
                _ => resource,
            },
            reason: waiver.map(|w| w.reason.clone()),
            approved_by: waiver.map(|w| w.approved_by.clone()),
            approved_on: waiver.and_then(|w| w.approved_on.clone()),
            expires: waiver.map(|w| w.expires.to_string()),
            ticket: waiver.and_then(|w| w.ticket.clone()),
            source: SourceOut {
                file: f.location.file.clone(),
                line: f.location.start_line,
            },
            finding: if status == AcceptanceStatus::Expired {
                reopened
            } else {
                None
            },
            flagged_by: Some(out.reference.clone()),
        });
    }
    records.sort_by(|a, b| {
        (a.status, &a.source.file, a.source.line, &a.rule_id).cmp(&(
            b.status,
            &b.source.file,
            b.source.line,
            &b.rule_id,
        ))
    });
    let count = |s: AcceptanceStatus| records.iter().filter(|r| r.status == s).count();
    Acceptances {
        thresholds: options.thresholds.clone(),
        active: count(AcceptanceStatus::Active),
        expired: count(AcceptanceStatus::Expired),
        unused: count(AcceptanceStatus::Unused),
        warnings: rubber_stamp_warnings(report, options),
        records,
    }
}

/// Days since 1970-01-01 (the inverse of `Date::from_days`).
fn days(d: Date) -> i64 {
    let Date(y, m, day) = d;
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Signs that acceptances are signed without review: one approver signing many waivers in a
/// short window, or most findings of a high or critical rule accepted rather than fixed.
fn rubber_stamp_warnings(report: &Report, options: &Options) -> Vec<Warning> {
    let t = &options.thresholds;
    let mut warnings = Vec::new();

    let mut by_approver: BTreeMap<String, (String, Vec<Date>)> = BTreeMap::new();
    for w in options.waivers {
        let entry = by_approver
            .entry(w.approved_by.trim().to_lowercase())
            .or_insert_with(|| (w.approved_by.trim().to_string(), Vec::new()));
        if let Some(d) = w.approved_on.as_deref().and_then(Date::parse) {
            entry.1.push(d);
        }
    }
    for (name, mut dates) in by_approver.into_values() {
        dates.sort();
        let window = i64::from(t.approver_window_days.max(1));
        let mut best = (0usize, 0usize, 0usize);
        let mut start = 0;
        for end in 0..dates.len() {
            while days(dates[end]) - days(dates[start]) >= window {
                start += 1;
            }
            if end + 1 - start > best.0 {
                best = (end + 1 - start, start, end);
            }
        }
        if best.0 > t.max_waivers_per_approver {
            warnings.push(Warning {
                kind: "approver-volume",
                message: format!(
                    "{name} approved {} waivers between {} and {}: more than {} within {} days. Check that each was reviewed on its own merits.",
                    best.0, dates[best.1], dates[best.2], t.max_waivers_per_approver, t.approver_window_days
                ),
                approver: Some(name),
                rule_id: None,
            });
        }
    }

    let mut by_rule: BTreeMap<&str, (Severity, usize, usize)> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.resource.format != Format::Aiposture && f.severity >= Severity::High)
    {
        let e = by_rule
            .entry(f.rule_id.as_str())
            .or_insert((f.severity, 0, 0));
        e.0 = e.0.max(f.severity);
        e.1 += 1;
        if f.suppression.is_some() {
            e.2 += 1;
        }
    }
    for (rule, (severity, total, accepted)) in by_rule {
        if total >= t.min_findings_for_share
            && accepted * 100 > total * t.max_accepted_percent as usize
        {
            warnings.push(Warning {
                kind: "high-severity-coverage",
                message: format!(
                    "{accepted} of {total} findings of {rule} ({severity}) are accepted rather than fixed (more than {}%): a rule this severe is mostly being waived.",
                    t.max_accepted_percent
                ),
                approver: None,
                rule_id: Some(rule.to_string()),
            });
        }
    }
    warnings
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/// One file of the bundle.
#[derive(Debug)]
pub struct BundleFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

/// `report.json`, `report.md`, `report.html` and `manifest.json`, in that order.
pub fn bundle(report: &Report, options: &Options) -> Vec<BundleFile> {
    let model = build(report, options);
    let mut json = serde_json::to_string_pretty(&model).unwrap_or_else(|_| "{}".to_string());
    json.push('\n');
    let json_sha = sha256_hex(json.as_bytes());
    let mut files = vec![
        BundleFile {
            name: "report.json",
            bytes: json.into_bytes(),
        },
        BundleFile {
            name: "report.md",
            bytes: markdown::render(&model, &json_sha).into_bytes(),
        },
        BundleFile {
            name: "report.html",
            bytes: html::render(&model, &json_sha).into_bytes(),
        },
    ];
    let listed: Vec<serde_json::Value> = files
        .iter()
        .map(|f| {
            serde_json::json!({
                "path": f.name,
                "sha256": sha256_hex(&f.bytes),
                "bytes": f.bytes.len(),
            })
        })
        .collect();
    // The same lines `sha256sum` prints, so the bundle digest can be recomputed with it.
    let listing: String = files
        .iter()
        .map(|f| format!("{}  {}\n", sha256_hex(&f.bytes), f.name))
        .collect();
    let manifest = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "kind": "aiposture-evidence-manifest",
        "tool": model.tool,
        "scan_started_utc": model.provenance.started_utc,
        "algorithm": "sha256",
        "files": listed,
        "bundle_sha256": sha256_hex(listing.as_bytes()),
    });
    let mut manifest = serde_json::to_string_pretty(&manifest).unwrap_or_else(|_| "{}".into());
    manifest.push('\n');
    files.push(BundleFile {
        name: "manifest.json",
        bytes: manifest.into_bytes(),
    });
    files
}

/// Writes the bundle into `dir`, creating it when needed.
pub fn write(dir: &Path, files: &[BundleFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for f in files {
        std::fs::write(dir.join(f.name), &f.bytes)?;
    }
    Ok(())
}

/// `--format inventory-json`: the AI asset inventory alone.
pub fn render_inventory(report: &Report, options: &Options) -> String {
    let model = build(report, options);
    let out = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "kind": "aiposture-inventory",
        "tool": model.tool,
        "started_utc": model.provenance.started_utc,
        "roots": model.provenance.roots,
        "git": model.provenance.git,
        "resources": model.inventory.resources,
        "assets": model.inventory.assets,
    });
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// Human names of the finding categories.
pub fn category_label(c: Category) -> &'static str {
    match c {
        Category::EncryptionInTransit => "Encryption in transit",
        Category::EncryptionAtRest => "Encryption at rest",
        Category::PublicExposure => "Public exposure",
        Category::IamPrivilege => "IAM privilege",
        Category::NetworkIsolation => "Network isolation",
        Category::Credentials => "Credentials",
        Category::Guardrails => "Guardrails",
        Category::LoggingMonitoring => "Logging and monitoring",
        Category::Hardening => "Hardening",
        Category::Governance => "Governance",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_inverts_from_days() {
        for n in [-1000, 0, 1, 59, 365, 10_957, 20_589, 30_000] {
            assert_eq!(days(Date::from_days(n)), n);
        }
    }

    #[test]
    fn kinds_read_like_english() {
        assert_eq!(
            kind_of("aws_sagemaker_notebook_instance"),
            "SageMaker notebook instance"
        );
        assert_eq!(
            kind_of("AWS::SageMaker::NotebookInstance"),
            "SageMaker notebook instance"
        );
        assert_eq!(kind_of("aws_bedrockagent_agent"), "Bedrock agent");
        assert_eq!(
            kind_of("aws_bedrockagent_knowledge_base"),
            "Bedrock knowledge base"
        );
        assert_eq!(kind_of("AWS::EC2::VPCEndpoint"), "EC2 VPC endpoint");
        assert_eq!(kind_of("AWS::ApiGateway::Stage"), "API Gateway stage");
        assert_eq!(kind_of("AWS::Bedrock::Agent"), "Bedrock agent");
        assert_eq!(kind_of("aws_api_gateway_stage"), "API Gateway stage");
        assert_eq!(kind_of("aws_iam_role"), "IAM role");
        assert_eq!(kind_of("AWS::IAM::Role"), "IAM role");
        assert_eq!(kind_of("aws_lambda_function"), "Lambda function");
    }

    #[test]
    fn command_line_values_are_redacted() {
        let args: Vec<String> = [
            "aiposture",
            "scan",
            "--var",
            "db_password=hunter2",
            "--cfn-param=Token=abc",
            "--var-file",
            "prod.tfvars",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            redact_command_line(&args),
            [
                "aiposture",
                "scan",
                "--var",
                "db_password=[redacted]",
                "--cfn-param=Token=[redacted]",
                "--var-file",
                "prod.tfvars"
            ]
        );
    }

    #[test]
    fn whole_names_only() {
        assert!(names(
            "VPC hosts aws_lambda_function.chat, aws_x.y",
            "aws_lambda_function.chat"
        ));
        assert!(!names(
            "VPC hosts aws_lambda_function.chatbot",
            "aws_lambda_function.chat"
        ));
    }

    #[test]
    fn meta_addresses() {
        assert_eq!(
            parse_meta_address("suppression:AIP-SM-005:aws_x.y@12"),
            ("AIP-SM-005".into(), Some("aws_x.y".into()))
        );
        assert_eq!(
            parse_meta_address("suppression:AIP-SM-005@3"),
            ("AIP-SM-005".into(), None)
        );
    }
}
