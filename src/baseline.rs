//! Baselines, for adopting aiposture in a codebase that already has findings:
//! `aiposture baseline create` records the fingerprints of today's findings, and
//! `scan --baseline FILE` reports only new ones. Known findings stay in JSON and SARIF output,
//! marked `unchanged`, so nothing disappears.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::rules::engine::{BaselineState, Finding};

pub const DEFAULT_FILE: &str = ".aiposture-baseline.json";
const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema_version: u32,
    pub tool_version: String,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    pub address: String,
    pub file: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct BaselineError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A baseline of the findings that are not suppressed (suppressions already account for
/// the others).
pub fn create(findings: &[Finding], tool_version: &str) -> Baseline {
    let mut entries: Vec<Entry> = findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule_id: f.rule_id.clone(),
            address: f.resource.address.clone(),
            file: f.location.file.clone(),
        })
        .collect();
    entries
        .sort_by(|a, b| (&a.file, &a.rule_id, &a.address).cmp(&(&b.file, &b.rule_id, &b.address)));
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Baseline {
        schema_version: SCHEMA_VERSION,
        tool_version: tool_version.to_string(),
        findings: entries,
    }
}

pub fn to_json(baseline: &Baseline) -> String {
    let mut s = serde_json::to_string_pretty(baseline).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
        file: shown.clone(),
        line: 1,
        message: format!("cannot read baseline: {e}"),
    })?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| BaselineError {
        file: shown.clone(),
        line: e.line().max(1),
        message: format!("invalid baseline: {e}"),
    })?;
    if baseline.schema_version != SCHEMA_VERSION {
        return Err(BaselineError {
            file: shown,
            line: 1,
            message: format!(
                "baseline schema_version {} is not supported (expected {SCHEMA_VERSION})",
                baseline.schema_version
            ),
        });
    }
    Ok(baseline)
}

/// Marks each finding `new` or `unchanged`; returns how many were in the baseline.
pub fn apply(findings: &mut [Finding], baseline: &Baseline) -> usize {
    let known: HashSet<&str> = baseline
        .findings
        .iter()
        .map(|e| e.fingerprint.as_str())
        .collect();
    let mut unchanged = 0;
    for f in findings {
        if known.contains(f.fingerprint.as_str()) {
            f.baseline = Some(BaselineState::Unchanged);
            unchanged += 1;
        } else {
            f.baseline = Some(BaselineState::New);
        }
    }
    unchanged
}
