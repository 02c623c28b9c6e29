//! `report.md`: the evidence report as Markdown, for tickets and wikis. The same sections as
//! the HTML report, in the same order.

use std::fmt::Write as _;

use super::{
    category_label, AcceptanceStatus, ControlStatus, EvidenceReport, FindingOut, FindingStatus,
};

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// Inline code that survives any text (backticks inside are rare in addresses and paths).
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {} ``", cell(s))
    } else {
        format!("`{}`", cell(s))
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "—".to_string(), cell)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn finding_line(f: &FindingOut) -> String {
    format!(
        "{} {} at {}: {}",
        f.reference,
        code(&f.resource.address),
        code(&f.location.display()),
        cell(&f.message)
    )
}

pub fn render(r: &EvidenceReport, json_sha: &str) -> String {
    let mut s = String::new();
    let p = &r.provenance;
    let roots: Vec<String> = p.roots.iter().map(|x| code(x)).collect();
    let _ = writeln!(s, "# AI security posture: evidence report\n");
    let _ = writeln!(
        s,
        "Scan of {} started {} (UTC) with aiposture {}, rule pack {}.\n",
        roots.join(", "),
        p.started_utc,
        r.tool.version,
        code(&r.tool.rules_digest)
    );
    let _ = writeln!(
        s,
        "The machine-readable twin of this report, `report.json`, has SHA-256 `{json_sha}`; \
`manifest.json` lists the SHA-256 of every file of the bundle (see section 9).\n"
    );

    summary(&mut s, r);
    provenance(&mut s, r);
    controls(&mut s, r);
    inventory(&mut s, r);
    acceptances(&mut s, r);
    findings(&mut s, r);
    unseen(&mut s, r);
    rules(&mut s, r);
    verify(&mut s);
    s
}

fn summary(s: &mut String, r: &EvidenceReport) {
    let sm = &r.summary;
    let _ = writeln!(s, "## 1. Summary\n");
    let open: Vec<String> = sm
        .by_severity
        .iter()
        .filter(|c| c.counts.open > 0)
        .map(|c| format!("{} {}", c.counts.open, c.severity))
        .collect();
    let _ = writeln!(
        s,
        "**{}**{}, {} accepted as risks, {} known from the baseline. {} among {} in {}. Framework controls: {} pass, {} fail, {} not assessed.\n",
        plural(sm.findings.open, "open finding", "open findings"),
        if open.is_empty() { String::new() } else { format!(" ({})", open.join(", ")) },
        sm.findings.accepted,
        sm.findings.baselined,
        plural(sm.ai_assets, "AI asset", "AI assets"),
        plural(sm.resources, "resource", "resources"),
        plural(sm.files, "file", "files"),
        sm.controls.pass,
        sm.controls.fail,
        sm.controls.not_assessed,
    );
    let _ = writeln!(s, "| Severity | Open | Accepted | Baselined |");
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for c in &sm.by_severity {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            c.severity, c.counts.open, c.counts.accepted, c.counts.baselined
        );
    }
    let _ = writeln!(s);
    if !sm.by_category.is_empty() {
        let _ = writeln!(s, "| Category | Open | Accepted | Baselined |");
        let _ = writeln!(s, "|---|---:|---:|---:|");
        for c in &sm.by_category {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                category_label(c.category),
                c.counts.open,
                c.counts.accepted,
                c.counts.baselined
            );
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(s, "### The most important things to fix\n");
    if sm.top_fixes.is_empty() {
        let _ = writeln!(s, "Nothing: every finding is fixed or accepted.\n");
    }
    for (i, t) in sm.top_fixes.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. **{}** ({}, {}): {}",
            i + 1,
            cell(&t.title),
            t.severity,
            t.rule_id,
            plural(t.findings.len(), "place", "places")
        );
        for reference in &t.findings {
            if let Some(f) = r.finding(reference) {
                let _ = writeln!(s, "   - {}", finding_line(f));
            }
        }
        let _ = writeln!(s, "   - Fix: {}", cell(&t.fix));
        if let Some(snippet) = &t.snippet {
            let _ = writeln!(s, "\n   ```");
            for line in snippet.trim_end().lines() {
                let _ = writeln!(s, "   {line}");
            }
            let _ = writeln!(s, "   ```");
        }
    }
    let _ = writeln!(s);

    let b = &sm.blind_spots;
    let _ = writeln!(s, "### What this scan could not see\n");
    let _ = writeln!(
        s,
        "- {} could not decide because a value is unknown statically (section 7).",
        plural(b.unknown, "check", "checks")
    );
    let _ = writeln!(
        s,
        "- {} could not be read or parsed; their gaps are unseen (section 7).",
        plural(b.errors, "input file", "input files")
    );
    if b.not_followed > 0 {
        let _ = writeln!(
            s,
            "- {} deliberately not followed (section 7).",
            plural(b.not_followed, "input was", "inputs were")
        );
    }
    for rule in &b.inactive_rules {
        let _ = writeln!(
            s,
            "- {rule} did not run: a setting it needs is not configured."
        );
    }
    for g in &b.formats_not_covered {
        let _ = writeln!(
            s,
            "- {} inputs are not checked by {}.",
            g.format,
            g.rules.join(", ")
        );
    }
    for n in &b.notes {
        let _ = writeln!(s, "- {}", cell(n));
    }
    let _ = writeln!(s);

    if !r.risk_acceptances.warnings.is_empty() {
        let _ = writeln!(s, "### Risk acceptance warnings\n");
        for w in &r.risk_acceptances.warnings {
            let _ = writeln!(s, "- **Warning:** {}", cell(&w.message));
        }
        let _ = writeln!(s);
    }
}

fn provenance(s: &mut String, r: &EvidenceReport) {
    let p = &r.provenance;
    let _ = writeln!(s, "## 2. Provenance\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Tool | aiposture {} |", cell(&r.tool.version));
    let _ = writeln!(s, "| Rule pack digest | {} |", code(&r.tool.rules_digest));
    let _ = writeln!(s, "| Scan started (UTC) | {} |", cell(&p.started_utc));
    let _ = writeln!(s, "| Command line | {} |", code(&p.command_line.join(" ")));
    let roots: Vec<String> = p.roots.iter().map(|x| code(x)).collect();
    let _ = writeln!(s, "| Scanned roots | {} |", roots.join(", "));
    if let Some(live) = &p.live_audit {
        let source = match &live.aggregator {
            Some(name) => format!(
                "AWS Config aggregator {} (every account and region it collects)",
                code(name)
            ),
            None => "AWS Config, live, in the account of the credentials".to_string(),
        };
        let _ = writeln!(s, "| Source | {source} |");
        let _ = writeln!(s, "| Regions read | {} |", cell(&live.regions.join(", ")));
        for r in &live.regions_not_audited {
            let _ = writeln!(
                s,
                "| Region not audited | {}: {} |",
                cell(&r.region),
                cell(&r.reason)
            );
        }
        let _ = writeln!(s, "| Accounts | {} |", cell(&live.accounts.join(", ")));
        let _ = writeln!(
            s,
            "| Configuration items | {} read, of the types {} |",
            live.items,
            cell(&live.resource_types.join(", "))
        );
    }
    match &p.git {
        Some(g) => {
            let _ = writeln!(
                s,
                "| Git commit | {} ({}) |",
                code(&g.commit),
                if g.dirty {
                    "uncommitted changes were present"
                } else {
                    "clean work tree"
                }
            );
        }
        None => {
            let _ = writeln!(s, "| Git commit | not a git work tree |");
        }
    }
    let _ = writeln!(
        s,
        "| Input files | {}, {} bytes |\n",
        p.inputs.len(),
        p.input_bytes
    );
    let _ = writeln!(s, "| Input file | SHA-256 | Bytes |\n|---|---|---:|");
    for i in &p.inputs {
        let _ = writeln!(s, "| {} | `{}` | {} |", code(&i.file), i.sha256, i.bytes);
    }
    let _ = writeln!(s);
}

fn status_word(st: ControlStatus) -> &'static str {
    match st {
        ControlStatus::Pass => "PASS",
        ControlStatus::Fail => "FAIL",
        ControlStatus::NotAssessed => "NOT ASSESSED",
    }
}

fn controls(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(s, "## 3. Controls by framework\n");
    let _ = writeln!(
        s,
        "A control fails when a rule mapped to it has a finding (accepted ones included), passes when its rules checked at least one resource and found nothing, and is not assessed when no rule mapped to it had anything to check.\n"
    );
    for fw in &r.frameworks {
        let _ = writeln!(s, "### {} ({})\n", fw.name, fw.edition);
        let _ = writeln!(
            s,
            "{} pass, {} fail, {} not assessed. Source: <{}>\n",
            fw.counts.pass, fw.counts.fail, fw.counts.not_assessed, fw.url
        );
        if fw.controls.is_empty() {
            let _ = writeln!(s, "No rule that ran maps to this framework.\n");
        } else {
            let _ = writeln!(
                s,
                "| Control | Status | Rules | Evidence |\n|---|---|---|---|"
            );
            for c in &fw.controls {
                let mut evidence: Vec<String> = c
                    .findings
                    .iter()
                    .filter_map(|x| r.finding(x))
                    .map(|f| {
                        format!(
                            "{} {} {} ({})",
                            f.reference,
                            f.rule_id,
                            code(&f.resource.address),
                            f.status.as_str()
                        )
                    })
                    .collect();
                if c.passed > 0 {
                    evidence.push(format!(
                        "{} passed",
                        plural(c.passed, "resource", "resources")
                    ));
                }
                if let Some(n) = &c.note {
                    evidence.push(cell(n));
                }
                let _ = writeln!(
                    s,
                    "| {} {} | {} | {} | {} |",
                    cell(&c.id),
                    c.title.map_or_else(String::new, cell),
                    status_word(c.status),
                    c.rules.join(", "),
                    evidence.join("; ")
                );
            }
            let _ = writeln!(s);
        }
        if !fw.unaddressed.is_empty() {
            let list: Vec<String> = fw
                .unaddressed
                .iter()
                .map(|c| format!("{} {}", c.id, c.title))
                .collect();
            let _ = writeln!(s, "Not addressed by any rule: {}.\n", list.join("; "));
        }
    }
}

fn inventory(s: &mut String, r: &EvidenceReport) {
    let inv = &r.inventory;
    let _ = writeln!(s, "## 4. AI asset inventory\n");
    let _ = writeln!(
        s,
        "{} of the {} resources in scope are AI assets: SageMaker and Bedrock resources, and the APIs, functions, roles and networks that a finding ties to them.\n",
        inv.assets.len(),
        inv.resources
    );
    if inv.assets.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "| Asset | Location | Why included | Status | Rule results |\n|---|---|---|---|---|"
    );
    for a in &inv.assets {
        let results: Vec<String> = a
            .results
            .iter()
            .map(|x| format!("{} {}", x.rule_id, x.result))
            .collect();
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} |",
            cell(&a.kind),
            code(&a.address),
            code(&a.location.display()),
            cell(&a.ai_link),
            serde_plain(&a.status),
            if results.is_empty() {
                "no rule checks it".to_string()
            } else {
                results.join(", ")
            }
        );
    }
    let _ = writeln!(s);
}

/// The JSON string of a unit enum variant, without quotes.
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn acceptances(s: &mut String, r: &EvidenceReport) {
    let a = &r.risk_acceptances;
    let _ = writeln!(s, "## 5. Risk acceptances\n");
    let _ = writeln!(
        s,
        "{} active, {} expired (the finding is reported again), {} unused (matches no finding). Every accepted finding is listed.\n",
        a.active, a.expired, a.unused
    );
    for w in &a.warnings {
        let _ = writeln!(s, "- **Warning:** {}", cell(&w.message));
    }
    if !a.warnings.is_empty() {
        let _ = writeln!(s);
    }
    if a.records.is_empty() {
        let _ = writeln!(s, "No suppression or waiver was met.\n");
        return;
    }
    let _ = writeln!(
        s,
        "| Status | Kind | Rule | Resource | Reason | Approved by | Approved on | Expires | Ticket | Written at | Findings |\n|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for x in &a.records {
        let status = match x.status {
            AcceptanceStatus::Active => "active".to_string(),
            other => format!("**{}**", other.as_str().to_uppercase()),
        };
        let mut finding: Vec<String> = Vec::new();
        if let Some(f) = &x.finding {
            finding.push(if x.status == AcceptanceStatus::Expired {
                format!("reported again as {f}")
            } else {
                format!("covers {f}")
            });
        }
        if let Some(f) = &x.flagged_by {
            finding.push(format!("flagged by {f}"));
        }
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            status,
            x.kind,
            x.rule_id,
            x.resource
                .as_deref()
                .map_or_else(|| "(the resource below the comment)".to_string(), code),
            opt(&x.reason),
            opt(&x.approved_by),
            opt(&x.approved_on),
            opt(&x.expires),
            opt(&x.ticket),
            code(&format!("{}:{}", x.source.file, x.source.line)),
            finding.join(", ")
        );
    }
    let _ = writeln!(s);
}

fn findings(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(s, "## 6. Findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(s, "No findings.\n");
        return;
    }
    let _ = writeln!(
        s,
        "| Ref | Severity | Rule | Resource | Location | Observed | Status | Fix |\n|---|---|---|---|---|---|---|---|"
    );
    for f in &r.findings {
        let status = match (&f.status, &f.suppression) {
            (FindingStatus::Accepted, Some(sup)) => format!(
                "accepted ({}{})",
                sup.kind,
                sup.approved_by
                    .as_deref()
                    .map_or_else(String::new, |a| format!(" by {}", cell(a)))
            ),
            (st, _) => st.as_str().to_string(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} {} | {} | {} | {} | {} | {} |",
            f.reference,
            f.severity,
            f.rule_id,
            cell(&f.title),
            code(&f.resource.address),
            code(&f.location.display()),
            cell(&f.message),
            status,
            cell(&f.remediation.summary)
        );
    }
    let _ = writeln!(s);
}

fn unseen(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(
        s,
        "## 7. Checks that could not decide, files that could not be read\n"
    );
    if r.unknown.is_empty() {
        let _ = writeln!(s, "Every check could decide.\n");
    } else {
        let _ = writeln!(s, "| Rule | Resource | Location | Why |\n|---|---|---|---|");
        for u in &r.unknown {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                u.rule_id,
                code(&u.resource.address),
                code(&u.location.display()),
                cell(&u.reason)
            );
        }
        let _ = writeln!(s);
    }
    if r.errors.is_empty() {
        let _ = writeln!(s, "Every input file was read and parsed.\n");
    } else {
        let _ = writeln!(s, "| File | Line | Level | Problem |\n|---|---:|---|---|");
        for e in &r.errors {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                code(&e.file),
                e.line.map_or_else(String::new, |l| l.to_string()),
                if e.is_error() {
                    "error"
                } else {
                    "not followed"
                },
                cell(&e.message)
            );
        }
        let _ = writeln!(s);
    }
}

fn rules(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(s, "## 8. Rules and their framework mappings\n");
    let _ = writeln!(
        s,
        "| Rule | Title | Severity | Formats | Mappings | Note |\n|---|---|---|---|---|---|"
    );
    for rule in &r.rules {
        let maps: Vec<String> = rule
            .frameworks
            .iter()
            .map(|(k, ids)| format!("{k}: {}", ids.join(", ")))
            .collect();
        let mut note = rule.frameworks_note.clone().unwrap_or_default();
        if !rule.active {
            note = format!("Did not run: a setting it needs is not configured. {note}");
        }
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            rule.id,
            cell(&rule.title),
            rule.severity,
            if rule.meta {
                "aiposture's own".to_string()
            } else {
                rule.formats.join(", ")
            },
            cell(&maps.join("; ")),
            cell(note.trim())
        );
    }
    let _ = writeln!(s);
}

fn verify(s: &mut String) {
    let _ = writeln!(s, "## 9. Verifying this bundle\n");
    let _ = writeln!(
        s,
        "`manifest.json` holds the SHA-256 of `report.json`, `report.md` and `report.html`. In the bundle directory:\n"
    );
    let _ = writeln!(s, "```sh");
    let _ = writeln!(
        s,
        "jq -r '.files[] | \"\\(.sha256)  \\(.path)\"' manifest.json | sha256sum -c -"
    );
    let _ = writeln!(s, "```\n");
    let _ = writeln!(
        s,
        "Each line must end in `OK`. Keep the manifest's own SHA-256 (or its `bundle_sha256`) with the audit record so the manifest cannot be swapped too."
    );
}
