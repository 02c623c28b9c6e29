//! `report.html`: one self-contained page. Inline CSS, no scripts, no fonts or images from the
//! network, so it opens the same offline, in an archive and on paper. Print styles keep
//! tables readable on A4 (rows do not split across pages, colours print).

use std::fmt::Write as _;

use super::{
    category_label, AcceptanceStatus, AssetStatus, ControlStatus, EvidenceReport, FindingOut,
    FindingStatus,
};
use crate::rules::Severity;

/// Text safe in HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", esc(s))
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "—".to_string(), esc)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn sev(s: Severity) -> String {
    format!("<span class=\"badge sev-{0}\">{0}</span>", s.as_str())
}

fn control_status(st: ControlStatus) -> String {
    let (class, text) = match st {
        ControlStatus::Pass => ("st-pass", "pass"),
        ControlStatus::Fail => ("st-fail", "fail"),
        ControlStatus::NotAssessed => ("st-na", "not assessed"),
    };
    format!("<span class=\"badge {class}\">{text}</span>")
}

fn finding_link(f: &FindingOut) -> String {
    format!("<a href=\"#{0}\">{0}</a>", esc(&f.reference))
}

const CSS: &str = r#"
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:"DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;max-width:1120px;margin:0 auto;padding:28px;font-size:14px;line-height:1.45}
h1{font-size:25px;margin:0 0 6px}
h2{font-size:19px;border-bottom:2px solid #1b1b1b;padding-bottom:3px;margin:34px 0 10px}
h3{font-size:15px;margin:22px 0 8px}
p{margin:6px 0}
.meta{color:#444}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{border:1px solid #b5b5b5;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#ececec}
td.n,th.n{text-align:right;white-space:nowrap}
code,pre{font-family:"DejaVu Sans Mono",Consolas,"Liberation Mono",monospace;font-size:12px}
code{overflow-wrap:anywhere}
pre{background:#f5f5f5;border:1px solid #d5d5d5;padding:6px 8px;white-space:pre-wrap;margin:4px 0}
.hash{word-break:break-all}
.badge{display:inline-block;padding:0 6px;border:1px solid;border-radius:3px;font-weight:bold;font-size:12px;white-space:nowrap}
.sev-critical{background:#7f0000;border-color:#7f0000;color:#fff}
.sev-high{background:#c62828;border-color:#c62828;color:#fff}
.sev-medium{background:#f2b233;border-color:#b07800;color:#1b1b1b}
.sev-low{background:#dce9f7;border-color:#4a78a8;color:#1b1b1b}
.sev-info{background:#f2f2f2;border-color:#888;color:#1b1b1b}
.st-fail{background:#fde3e3;border-color:#c62828;color:#8a1414}
.st-pass{background:#e3f4e4;border-color:#2e7d32;color:#1b5e20}
.st-na{background:#f2f2f2;border-color:#777;color:#333}
.st-accepted{background:#fff3d6;border-color:#b07800;color:#6b4a00}
.st-expired,.st-unused{background:#fde3e3;border-color:#c62828;color:#8a1414}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 16px}
.card{border:1px solid #b5b5b5;border-radius:4px;padding:6px 12px;min-width:120px;flex:1}
table.counts{width:auto;min-width:55%}
table.fixed{table-layout:fixed}
.card .n{font-size:28px;font-weight:bold;line-height:1.1}
.card .l{color:#444;font-size:13px}
.warn{border-left:5px solid #b07800;background:#fff6e0;padding:6px 10px;margin:6px 0}
ol.fixes>li{margin-bottom:12px}
ul.where{margin:4px 0 4px 18px;padding:0}
nav ol{columns:2;margin:6px 0 0 0}
footer{margin-top:36px;color:#555;font-size:12px;border-top:1px solid #b5b5b5;padding-top:8px}
a{color:#0b4f9c}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{max-width:none;padding:0;font-size:9pt}
 h2{break-after:avoid;page-break-after:avoid}
 h3{break-after:avoid;page-break-after:avoid}
 tr,.card,.warn,ol.fixes>li,pre{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 table{font-size:8pt}
 code,pre{font-size:7.5pt}
 .badge{font-size:7.5pt}
 a{color:inherit;text-decoration:none}
 .keep{break-after:avoid;page-break-after:avoid;break-inside:avoid;page-break-inside:avoid}
}
"#;

pub fn render(r: &EvidenceReport, json_sha: &str) -> String {
    let mut s = String::new();
    let p = &r.provenance;
    let roots: Vec<String> = p.roots.iter().map(|x| code(x)).collect();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"aiposture {}\">\n\
<title>AI security posture evidence: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&r.tool.version),
        esc(&p.roots.join(", "))
    );
    let _ = writeln!(s, "<header>\n<h1>AI security posture: evidence report</h1>");
    let _ = writeln!(
        s,
        "<p class=\"meta\">Scan of {} started {} (UTC) with aiposture {}, rule pack <code class=\"hash\">{}</code>.</p>",
        roots.join(", "),
        esc(&p.started_utc),
        esc(&r.tool.version),
        esc(&r.tool.rules_digest)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">The machine-readable twin of this report, <code>report.json</code>, has SHA-256 <code class=\"hash\">{}</code>; <code>manifest.json</code> lists the SHA-256 of every file of the bundle (section 9).</p>\n</header>",
        esc(json_sha)
    );
    let _ = writeln!(
        s,
        "<nav><strong>Contents</strong><ol>\
<li><a href=\"#summary\">Summary</a></li>\
<li><a href=\"#provenance\">Provenance</a></li>\
<li><a href=\"#controls\">Controls by framework</a></li>\
<li><a href=\"#inventory\">AI asset inventory</a></li>\
<li><a href=\"#acceptances\">Risk acceptances</a></li>\
<li><a href=\"#findings\">Findings</a></li>\
<li><a href=\"#unseen\">Checks that could not decide</a></li>\
<li><a href=\"#rules\">Rules and mappings</a></li>\
<li><a href=\"#verify\">Verifying this bundle</a></li></ol></nav>"
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
    let _ = writeln!(
        s,
        "<footer>Generated by aiposture {} from a static scan of infrastructure code. Finding messages are the tool's own; secrets found in code appear redacted.</footer>\n</body>\n</html>",
        esc(&r.tool.version)
    );
    s
}

fn counts_table(s: &mut String, head: &str, rows: &[(String, super::FindingCounts)]) {
    let _ = writeln!(
        s,
        "<table class=\"counts\"><thead><tr><th>{head}</th><th class=\"n\">Open</th><th class=\"n\">Accepted</th><th class=\"n\">Baselined</th></tr></thead><tbody>"
    );
    for (name, c) in rows {
        let _ = writeln!(
            s,
            "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            c.open, c.accepted, c.baselined
        );
    }
    let _ = writeln!(s, "</tbody></table>");
}

fn summary(s: &mut String, r: &EvidenceReport) {
    let sm = &r.summary;
    let _ = writeln!(s, "<section id=\"summary\">\n<h2>1. Summary</h2>");
    let open_high: usize = sm
        .by_severity
        .iter()
        .filter(|c| c.severity >= Severity::High)
        .map(|c| c.counts.open)
        .sum();
    let verdict = if sm.findings.open == 0 && sm.findings.baselined == 0 {
        "No open security gaps were found in the scanned infrastructure code.".to_string()
    } else {
        format!(
            "The scanned infrastructure code has {} to fix, {} of them high or critical.",
            plural(
                sm.findings.open + sm.findings.baselined,
                "open security gap",
                "open security gaps"
            ),
            open_high
        )
    };
    let _ = writeln!(s, "<p><strong>{}</strong></p>", esc(&verdict));
    let _ = writeln!(s, "<div class=\"cards\">");
    let cards = [
        (
            sm.findings.open + sm.findings.baselined,
            "open findings".to_string(),
        ),
        (sm.findings.accepted, "accepted risks".to_string()),
        (
            sm.ai_assets,
            format!("AI assets (of {} resources)", sm.resources),
        ),
        (sm.controls.fail, "controls failing".to_string()),
        (sm.controls.pass, "controls passing".to_string()),
        (
            sm.controls.not_assessed,
            "controls not assessed".to_string(),
        ),
    ];
    for (n, label) in cards {
        let _ = writeln!(
            s,
            "<div class=\"card\"><div class=\"n\">{n}</div><div class=\"l\">{}</div></div>",
            esc(&label)
        );
    }
    let _ = writeln!(s, "</div>");
    let _ = writeln!(
        s,
        "<p>{} files and {} resources were read. {} known from the baseline are counted as open.</p>",
        sm.files,
        sm.resources,
        plural(sm.findings.baselined, "finding", "findings")
    );
    let rows: Vec<(String, super::FindingCounts)> = sm
        .by_severity
        .iter()
        .map(|c| (sev(c.severity), c.counts))
        .collect();
    counts_table(s, "Severity", &rows);
    if !sm.by_category.is_empty() {
        let rows: Vec<(String, super::FindingCounts)> = sm
            .by_category
            .iter()
            .map(|c| (esc(category_label(c.category)), c.counts))
            .collect();
        counts_table(s, "Category", &rows);
    }

    let _ = writeln!(
        s,
        "<h3 id=\"top-fixes\">The most important things to fix</h3>"
    );
    if sm.top_fixes.is_empty() {
        let _ = writeln!(s, "<p>Nothing: every finding is fixed or accepted.</p>");
    } else {
        let _ = writeln!(s, "<ol class=\"fixes\">");
        for t in &sm.top_fixes {
            let _ = writeln!(
                s,
                "<li>{} <strong>{}</strong> ({}, {})<ul class=\"where\">",
                sev(t.severity),
                esc(&t.title),
                esc(&t.rule_id),
                plural(t.findings.len(), "place", "places")
            );
            for reference in &t.findings {
                if let Some(f) = r.finding(reference) {
                    let _ = writeln!(
                        s,
                        "<li>{} {} at {}: {}</li>",
                        finding_link(f),
                        code(&f.resource.address),
                        code(&f.location.display()),
                        esc(&f.message)
                    );
                }
            }
            let _ = writeln!(s, "</ul><p><strong>Fix:</strong> {}</p>", esc(&t.fix));
            if let Some(snippet) = &t.snippet {
                let _ = writeln!(s, "<pre>{}</pre>", esc(snippet.trim_end()));
            }
            let _ = writeln!(s, "</li>");
        }
        let _ = writeln!(s, "</ol>");
    }

    let b = &sm.blind_spots;
    let _ = writeln!(
        s,
        "<h3 id=\"blind-spots\">What this scan could not see</h3>\n<ul>"
    );
    let _ = writeln!(
        s,
        "<li>{} could not decide because a value is unknown statically (<a href=\"#unseen\">section 7</a>).</li>",
        plural(b.unknown, "check", "checks")
    );
    let _ = writeln!(
        s,
        "<li>{} could not be read or parsed; their gaps are unseen (<a href=\"#unseen\">section 7</a>).</li>",
        plural(b.errors, "input file", "input files")
    );
    if b.not_followed > 0 {
        let _ = writeln!(
            s,
            "<li>{} deliberately not followed (<a href=\"#unseen\">section 7</a>).</li>",
            plural(b.not_followed, "input was", "inputs were")
        );
    }
    for rule in &b.inactive_rules {
        let _ = writeln!(
            s,
            "<li>{} did not run: a setting it needs is not configured.</li>",
            esc(rule)
        );
    }
    for g in &b.formats_not_covered {
        let _ = writeln!(
            s,
            "<li>{} inputs are not checked by {}.</li>",
            esc(g.format),
            esc(&g.rules.join(", "))
        );
    }
    for n in &b.notes {
        let _ = writeln!(s, "<li>{}</li>", esc(n));
    }
    let _ = writeln!(s, "</ul>");
    if !r.risk_acceptances.warnings.is_empty() {
        let _ = writeln!(s, "<h3>Risk acceptance warnings</h3>");
        for w in &r.risk_acceptances.warnings {
            let _ = writeln!(
                s,
                "<p class=\"warn\"><strong>Warning:</strong> {}</p>",
                esc(&w.message)
            );
        }
    }
    let _ = writeln!(s, "</section>");
}

fn provenance(s: &mut String, r: &EvidenceReport) {
    let p = &r.provenance;
    let _ = writeln!(s, "<section id=\"provenance\">\n<h2>2. Provenance</h2>");
    let _ = writeln!(s, "<table><tbody>");
    let row = |s: &mut String, k: &str, v: String| {
        let _ = writeln!(s, "<tr><th style=\"width:24%\">{k}</th><td>{v}</td></tr>");
    };
    row(s, "Tool", format!("aiposture {}", esc(&r.tool.version)));
    row(
        s,
        "Rule pack digest",
        format!("<code class=\"hash\">{}</code>", esc(&r.tool.rules_digest)),
    );
    row(s, "Scan started (UTC)", esc(&p.started_utc));
    row(s, "Command line", code(&p.command_line.join(" ")));
    row(
        s,
        "Scanned roots",
        p.roots
            .iter()
            .map(|x| code(x))
            .collect::<Vec<_>>()
            .join(", "),
    );
    if let Some(live) = &p.live_audit {
        row(
            s,
            "Source",
            match &live.aggregator {
                Some(name) => format!(
                    "AWS Config aggregator {} (every account and region it collects)",
                    code(name)
                ),
                None => "AWS Config, live, in the account of the credentials".to_string(),
            },
        );
        row(s, "Regions read", esc(&live.regions.join(", ")));
        if !live.regions_not_audited.is_empty() {
            row(
                s,
                "Regions not audited",
                live.regions_not_audited
                    .iter()
                    .map(|r| format!("{}: {}", esc(&r.region), esc(&r.reason)))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            );
        }
        row(
            s,
            "Accounts",
            if live.accounts.is_empty() {
                "none returned items".to_string()
            } else {
                esc(&live.accounts.join(", "))
            },
        );
        row(
            s,
            "Configuration items",
            format!(
                "{} read, of the types {}",
                live.items,
                esc(&live.resource_types.join(", "))
            ),
        );
    }
    row(
        s,
        "Git commit",
        match &p.git {
            Some(g) => format!(
                "<code class=\"hash\">{}</code> ({})",
                esc(&g.commit),
                if g.dirty {
                    "uncommitted changes were present"
                } else {
                    "clean work tree"
                }
            ),
            None => "not a git work tree".to_string(),
        },
    );
    row(
        s,
        "Input files",
        format!("{}, {} bytes", p.inputs.len(), p.input_bytes),
    );
    let _ = writeln!(s, "</tbody></table>");
    let _ = writeln!(
        s,
        "<table><thead><tr><th>Input file</th><th>SHA-256</th><th class=\"n\">Bytes</th></tr></thead><tbody>"
    );
    for i in &p.inputs {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><code class=\"hash\">{}</code></td><td class=\"n\">{}</td></tr>",
            code(&i.file),
            esc(&i.sha256),
            i.bytes
        );
    }
    let _ = writeln!(s, "</tbody></table>\n</section>");
}

fn controls(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(
        s,
        "<section id=\"controls\">\n<h2>3. Controls by framework</h2>"
    );
    let _ = writeln!(
        s,
        "<p class=\"keep\">A control <strong>fails</strong> when a rule mapped to it has a finding (accepted ones included), <strong>passes</strong> when its rules checked at least one resource and found nothing, and is <strong>not assessed</strong> when no rule mapped to it had anything to check.</p>"
    );
    for fw in &r.frameworks {
        let _ = writeln!(
            s,
            "<h3 id=\"fw-{}\">{} ({})</h3>",
            esc(fw.key),
            esc(fw.name),
            esc(fw.edition)
        );
        let _ = writeln!(
            s,
            "<p class=\"keep\">{} pass, {} fail, {} not assessed. Source: <a href=\"{url}\">{url}</a></p>",
            fw.counts.pass,
            fw.counts.fail,
            fw.counts.not_assessed,
            url = esc(fw.url)
        );
        if fw.controls.is_empty() {
            let _ = writeln!(s, "<p>No rule that ran maps to this framework.</p>");
        } else {
            let _ = writeln!(
                s,
                "<table class=\"fixed\"><thead><tr><th style=\"width:28%\">Control</th><th style=\"width:9%\">Status</th><th style=\"width:17%\">Rules</th><th>Evidence</th></tr></thead><tbody>"
            );
            for c in &fw.controls {
                let mut evidence: Vec<String> = c
                    .findings
                    .iter()
                    .filter_map(|x| r.finding(x))
                    .map(|f| {
                        format!(
                            "{} {} on {} ({})",
                            finding_link(f),
                            esc(&f.rule_id),
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
                    evidence.push(format!("<em>{}</em>", esc(n)));
                }
                let _ = writeln!(
                    s,
                    "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.id),
                    c.title.map_or_else(
                        || "<em>(title not in aiposture's table)</em>".to_string(),
                        esc
                    ),
                    control_status(c.status),
                    esc(&c.rules.join(", ")),
                    evidence.join("<br>")
                );
            }
            let _ = writeln!(s, "</tbody></table>");
        }
        if !fw.unaddressed.is_empty() {
            let list: Vec<String> = fw
                .unaddressed
                .iter()
                .map(|c| format!("{} {}", esc(c.id), esc(c.title)))
                .collect();
            let _ = writeln!(
                s,
                "<p><strong>Not addressed by any rule:</strong> {}.</p>",
                list.join("; ")
            );
        }
    }
    let _ = writeln!(s, "</section>");
}

fn asset_status(st: AssetStatus) -> String {
    let (class, text) = match st {
        AssetStatus::Fail => ("st-fail", "fail"),
        AssetStatus::Accepted => ("st-accepted", "accepted risk"),
        AssetStatus::Pass => ("st-pass", "pass"),
        AssetStatus::Unknown => ("st-na", "unknown"),
        AssetStatus::NotChecked => ("st-na", "not checked"),
    };
    format!("<span class=\"badge {class}\">{text}</span>")
}

fn inventory(s: &mut String, r: &EvidenceReport) {
    let inv = &r.inventory;
    let _ = writeln!(
        s,
        "<section id=\"inventory\">\n<h2>4. AI asset inventory</h2>"
    );
    let _ = writeln!(
        s,
        "<p class=\"keep\">{} of the {} resources in scope are AI assets: SageMaker and Bedrock resources, and the APIs, functions, roles and networks that a finding ties to them.</p>",
        inv.assets.len(),
        inv.resources
    );
    if !inv.assets.is_empty() {
        let _ = writeln!(
            s,
            "<table class=\"fixed\"><thead><tr><th style=\"width:38%\">Asset and location</th><th style=\"width:23%\">Why included</th><th style=\"width:13%\">Status</th><th>Rule results</th></tr></thead><tbody>"
        );
        for a in &inv.assets {
            let results: Vec<String> = a
                .results
                .iter()
                .map(|x| {
                    let text = match &x.finding {
                        Some(f) => format!(
                            "{} <a href=\"#{}\">{}</a>",
                            esc(&x.rule_id),
                            esc(f),
                            x.result
                        ),
                        None => format!("{} {}", esc(&x.rule_id), x.result),
                    };
                    match &x.reason {
                        Some(why) => format!("{text} <em>({})</em>", esc(why)),
                        None => text,
                    }
                })
                .collect();
            let _ = writeln!(
                s,
                "<tr><td>{}<br>{}<br>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.kind),
                code(&a.address),
                code(&a.location.display()),
                esc(&a.ai_link),
                asset_status(a.status),
                if results.is_empty() {
                    "no rule checks it".to_string()
                } else {
                    results.join("<br>")
                }
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    let _ = writeln!(s, "</section>");
}

fn acceptances(s: &mut String, r: &EvidenceReport) {
    let a = &r.risk_acceptances;
    let _ = writeln!(
        s,
        "<section id=\"acceptances\">\n<h2>5. Risk acceptances</h2>"
    );
    let _ = writeln!(
        s,
        "<p class=\"keep\">{} active, {} expired (the finding is reported again), {} unused (matches no finding). Every accepted finding is listed. Warnings appear when one approver signed more than {} waivers within {} days, or when more than {}% of a high or critical rule's findings (at least {}) are accepted.</p>",
        a.active,
        a.expired,
        a.unused,
        a.thresholds.max_waivers_per_approver,
        a.thresholds.approver_window_days,
        a.thresholds.max_accepted_percent,
        a.thresholds.min_findings_for_share
    );
    for w in &a.warnings {
        let _ = writeln!(
            s,
            "<p class=\"warn\"><strong>Warning:</strong> {}</p>",
            esc(&w.message)
        );
    }
    if a.records.is_empty() {
        let _ = writeln!(s, "<p>No suppression or waiver was met.</p>\n</section>");
        return;
    }
    let _ = writeln!(
        s,
        "<table class=\"fixed\"><thead><tr><th style=\"width:10%\">Status</th><th style=\"width:25%\">Rule and resource</th><th>Reason</th><th style=\"width:21%\">Approval</th><th style=\"width:17%\">Written at</th></tr></thead><tbody>"
    );
    for x in &a.records {
        let badge = match x.status {
            AcceptanceStatus::Active => "<span class=\"badge st-accepted\">active</span>".into(),
            AcceptanceStatus::Expired => "<span class=\"badge st-expired\">EXPIRED</span>".into(),
            AcceptanceStatus::Unused => "<span class=\"badge st-unused\">UNUSED</span>".to_string(),
        };
        let mut refs: Vec<String> = Vec::new();
        if let Some(f) = &x.finding {
            refs.push(format!(
                "{} <a href=\"#{1}\">{1}</a>",
                if x.status == AcceptanceStatus::Expired {
                    "reported again as"
                } else {
                    "covers"
                },
                esc(f)
            ));
        }
        if let Some(f) = &x.flagged_by {
            refs.push(format!("flagged by <a href=\"#{0}\">{0}</a>", esc(f)));
        }
        let _ = writeln!(
            s,
            "<tr><td>{badge}<br>{}</td><td>{}<br>{}<br>{}</td><td>{}</td><td>by {}<br>on {}<br>expires {}<br>ticket {}</td><td>{}</td></tr>",
            esc(x.kind),
            esc(&x.rule_id),
            x.resource
                .as_deref()
                .map_or_else(|| "(the resource below the comment)".to_string(), code),
            refs.join("<br>"),
            opt(&x.reason),
            opt(&x.approved_by),
            opt(&x.approved_on),
            opt(&x.expires),
            opt(&x.ticket),
            code(&format!("{}:{}", x.source.file, x.source.line))
        );
    }
    let _ = writeln!(s, "</tbody></table>\n</section>");
}

fn findings(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(s, "<section id=\"findings\">\n<h2>6. Findings</h2>");
    if r.findings.is_empty() {
        let _ = writeln!(s, "<p>No findings.</p>\n</section>");
        return;
    }
    let _ = writeln!(
        s,
        "<table class=\"fixed\"><thead><tr><th style=\"width:6%\">Ref</th><th style=\"width:30%\">Finding</th><th style=\"width:27%\">Resource and location</th><th>Observed, and the fix</th></tr></thead><tbody>"
    );
    for f in &r.findings {
        let status = match (&f.status, &f.suppression) {
            (FindingStatus::Accepted, Some(sup)) => format!(
                "<span class=\"badge st-accepted\">accepted</span> {}{}",
                esc(sup.kind),
                sup.approved_by
                    .as_deref()
                    .map_or_else(String::new, |a| format!(" by {}", esc(a)))
            ),
            (FindingStatus::Baselined, _) => {
                "<span class=\"badge st-na\">baselined</span>".to_string()
            }
            _ => "<span class=\"badge st-fail\">open</span>".to_string(),
        };
        let _ = writeln!(
            s,
            "<tr id=\"{0}\"><td>{0}</td><td>{1} {2}<br><strong>{3}</strong> {4}</td><td>{5}<br>{6}</td><td>{7}<br><strong>Fix:</strong> {8}</td></tr>",
            esc(&f.reference),
            sev(f.severity),
            status,
            esc(&f.rule_id),
            esc(&f.title),
            code(&f.resource.address),
            code(&f.location.display()),
            esc(&f.message),
            esc(&f.remediation.summary)
        );
    }
    let _ = writeln!(s, "</tbody></table>\n</section>");
}

fn unseen(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(
        s,
        "<section id=\"unseen\">\n<h2>7. Checks that could not decide, files that could not be read</h2>"
    );
    if r.unknown.is_empty() {
        let _ = writeln!(s, "<p>Every check could decide.</p>");
    } else {
        let _ = writeln!(
            s,
            "<table><thead><tr><th>Rule</th><th>Resource and location</th><th>Why</th></tr></thead><tbody>"
        );
        for u in &r.unknown {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}<br>{}</td><td>{}</td></tr>",
                esc(&u.rule_id),
                code(&u.resource.address),
                code(&u.location.display()),
                esc(&u.reason)
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    if r.errors.is_empty() {
        let _ = writeln!(s, "<p>Every input file was read and parsed.</p>");
    } else {
        let _ = writeln!(
            s,
            "<table><thead><tr><th>File</th><th class=\"n\">Line</th><th>Level</th><th>Problem</th></tr></thead><tbody>"
        );
        for e in &r.errors {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                code(&e.file),
                e.line.map_or_else(String::new, |l| l.to_string()),
                if e.is_error() {
                    "error"
                } else {
                    "not followed"
                },
                esc(&e.message)
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    let _ = writeln!(s, "</section>");
}

fn rules(s: &mut String, r: &EvidenceReport) {
    let _ = writeln!(
        s,
        "<section id=\"rules\">\n<h2>8. Rules and their framework mappings</h2>"
    );
    let _ = writeln!(
        s,
        "<table class=\"fixed\"><thead><tr><th style=\"width:24%\">Rule</th><th style=\"width:8%\">Severity</th><th style=\"width:12%\">Formats</th><th style=\"width:22%\">Mappings</th><th>Note</th></tr></thead><tbody>"
    );
    for rule in &r.rules {
        let maps: Vec<String> = rule
            .frameworks
            .iter()
            .map(|(k, ids)| format!("{}: {}", esc(k), esc(&ids.join(", "))))
            .collect();
        let mut note = rule.frameworks_note.clone().unwrap_or_default();
        if !rule.active {
            note = format!("Did not run: a setting it needs is not configured. {note}");
        }
        let _ = writeln!(
            s,
            "<tr><td><strong>{}</strong><br>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&rule.id),
            esc(&rule.title),
            sev(rule.severity),
            if rule.meta {
                "aiposture's own".to_string()
            } else {
                esc(&rule.formats.join(", "))
            },
            maps.join("<br>"),
            esc(note.trim())
        );
    }
    let _ = writeln!(s, "</tbody></table>\n</section>");
}

fn verify(s: &mut String) {
    let _ = writeln!(
        s,
        "<section id=\"verify\">\n<h2>9. Verifying this bundle</h2>"
    );
    let _ = writeln!(
        s,
        "<p><code>manifest.json</code> holds the SHA-256 of <code>report.json</code>, <code>report.md</code> and this file. In the bundle directory:</p>"
    );
    let _ = writeln!(
        s,
        "<pre>jq -r '.files[] | \"\\(.sha256)  \\(.path)\"' manifest.json | sha256sum -c -</pre>"
    );
    let _ = writeln!(
        s,
        "<p>Each line must end in <code>OK</code>. Keep the manifest's own SHA-256 (or its <code>bundle_sha256</code>) with the audit record so the manifest cannot be swapped too.</p>\n</section>"
    );
}
