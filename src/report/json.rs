//! `--format json`: the output contract of DESIGN.md, schema version 1.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Report;
use crate::rules::Severity;

pub const SCHEMA_VERSION: u32 = 1;

pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut remediation = json!({ "summary": f.remediation });
            if let Some(snippet) = &f.snippet {
                remediation["snippet"] = json!(snippet);
            }
            let mut finding = json!({
                "rule_id": f.rule_id,
                "title": f.title,
                "severity": f.severity,
                "category": f.category,
                "resource": {
                    "format": f.resource.format.as_str(),
                    "type": f.resource.resource_type,
                    "address": f.resource.address,
                },
                "location": {
                    "file": f.location.file,
                    "start_line": f.location.start_line,
                    "end_line": f.location.end_line,
                },
                "message": f.message,
                "remediation": remediation,
                "frameworks": f.frameworks,
                "fingerprint": f.fingerprint,
            });
            if let Some(s) = &f.suppression {
                let mut sup = json!({
                    "kind": s.kind.as_str(),
                    "reason": s.reason,
                    "source": {"file": s.source_file, "line": s.source_line},
                });
                for (key, value) in [
                    ("approved_by", &s.approved_by),
                    ("approved_on", &s.approved_on),
                    ("expires", &s.expires),
                    ("ticket", &s.ticket),
                ] {
                    if let Some(v) = value {
                        sup[key] = json!(v);
                    }
                }
                finding["suppression"] = sup;
            }
            if let Some(state) = f.baseline {
                finding["baseline_state"] = json!(state.as_str());
            }
            finding
        })
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.is_active()) {
        *counts.entry(f.severity.as_str()).or_default() += 1;
    }
    let suppressed = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();
    let baselined = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none() && !f.is_active())
        .count();
    let ordered: serde_json::Map<String, Value> = Severity::ALL
        .iter()
        .filter_map(|s| {
            counts
                .get(s.as_str())
                .map(|c| (s.as_str().to_string(), json!(c)))
        })
        .collect();
    let mut out = json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {
            "name": "aiposture",
            "version": report.version,
            "rules_digest": report.rules_digest,
        },
        "findings": findings,
        "errors": report.diagnostics,
        "summary": {
            "files": report.files,
            "resources": report.resources,
            "findings": ordered,
            "suppressed": suppressed,
            "baselined": baselined,
        },
    });
    if let Some(unknown) = report.unknown {
        out["unknown"] = Value::Array(
            unknown
                .iter()
                .map(|u| {
                    json!({
                        "rule_id": u.rule_id,
                        "resource": {
                            "format": u.resource.format.as_str(),
                            "type": u.resource.resource_type,
                            "address": u.resource.address,
                        },
                        "location": {
                            "file": u.location.file,
                            "start_line": u.location.start_line,
                            "end_line": u.location.end_line,
                        },
                        "reason": u.reason,
                    })
                })
                .collect(),
        );
        out["summary"]["unknown"] = json!(unknown.len());
    }
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
