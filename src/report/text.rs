//! `--format text`: findings grouped by file, for people at a terminal. Prints nothing when
//! there is nothing to report, so a clean pre-commit run is silent.

use std::fmt::Write as _;

use super::Report;
use crate::rules::Severity;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// List suppressed and baselined findings too (they are counted either way).
    pub show_suppressed: bool,
}

fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;35",
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
        Severity::Info => "2",
    }
}

pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| style.show_suppressed || f.is_active())
        .collect();
    for f in shown {
        if current != Some(f.location.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", paint(style, "1;4", &f.location.file));
            current = Some(&f.location.file);
        }
        let sev = format!("{:<8}", f.severity.as_str().to_uppercase());
        let _ = writeln!(
            out,
            "  {} {}  {}  {}:{}",
            paint(style, severity_code(f.severity), &sev),
            paint(style, "1", &f.rule_id),
            f.resource.address,
            f.location.file,
            f.location.start_line
        );
        let _ = writeln!(out, "           {}: {}", f.title, f.message);
        if let Some(s) = &f.suppression {
            let mut who = String::new();
            if let Some(by) = &s.approved_by {
                who.push_str(&format!(" by {by}"));
            }
            if let Some(until) = &s.expires {
                who.push_str(&format!(" until {until}"));
            }
            let _ = writeln!(
                out,
                "           {} ({}{}, {}:{}): {}",
                paint(style, "36", "suppressed"),
                s.kind.as_str(),
                who,
                s.source_file,
                s.source_line,
                s.reason
            );
        } else if !f.is_active() {
            let _ = writeln!(out, "           {}", paint(style, "36", "in baseline"));
        }
        let fix = f
            .remediation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(out, "           {} {}", paint(style, "32", "fix:"), fix);
        if let Some(snippet) = &f.snippet {
            for line in snippet.trim_end().lines() {
                let _ = writeln!(out, "                {}", paint(style, "2", line));
            }
        }
    }
    if let Some(unknown) = report.unknown {
        if !unknown.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}",
                paint(style, "1", "Not decided (values unknown statically):")
            );
            for u in unknown {
                let _ = writeln!(
                    out,
                    "  UNKNOWN  {}  {}  {}:{}  ({})",
                    u.rule_id, u.resource.address, u.location.file, u.location.start_line, u.reason
                );
            }
        }
    }
    let active: Vec<_> = report.findings.iter().filter(|f| f.is_active()).collect();
    let suppressed = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();
    let baselined = report.findings.len() - active.len() - suppressed;
    if !active.is_empty() {
        let mut parts = Vec::new();
        for s in Severity::ALL {
            let n = active.iter().filter(|f| f.severity == s).count();
            if n > 0 {
                parts.push(format!("{n} {s}"));
            }
        }
        let _ = writeln!(
            out,
            "\n{} finding{} ({}) in {} files, {} resources",
            active.len(),
            if active.len() == 1 { "" } else { "s" },
            parts.join(", "),
            report.files,
            report.resources
        );
    }
    // Accepted and known findings are never silent: say how many there are.
    let mut hidden = Vec::new();
    if suppressed > 0 {
        hidden.push(format!("{suppressed} suppressed"));
    }
    if baselined > 0 {
        hidden.push(format!("{baselined} in baseline"));
    }
    if !hidden.is_empty() {
        let _ = writeln!(
            out,
            "{}{}",
            hidden.join(", "),
            if style.show_suppressed {
                ""
            } else {
                " (--show-suppressed lists them)"
            }
        );
    }
    out
}
