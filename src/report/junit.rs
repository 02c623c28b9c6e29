//! `--format junit`: JUnit XML, for the test-report views of CI systems (GitLab, the Jenkins
//! JUnit plugin, Azure Pipelines' `PublishTestResults` with `testResultsFormat: JUnit`).
//!
//! Each rule that ran is a `<testsuite>`, and each (rule, resource) pair it evaluated is a
//! `<testcase>`: a finding is a `<failure>`, an accepted or baselined finding is `<skipped>`
//! (visible, but not failing the build), a pass is an empty test case, and with
//! `--show-unknown` a check that could not decide is skipped with its reason. Files that could
//! not be read or parsed become `<error>` test cases of their own suite, so a scan that missed
//! part of the input never looks green. Choosing the exit code stays with `main.rs`.
//!
//! The output is deterministic (no timestamps, `time="0"`) so it can be snapshot-tested and
//! diffed between runs.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::Report;
use crate::diagnostic::Diagnostic;
use crate::rules::engine::{BaselineState, Finding, Passed, Suppression, UnknownResult};

/// Name of the suite holding one `<error>` test case per input that could not be read or parsed.
const INPUT_ERRORS_SUITE: &str = "aiposture input errors";

/// What happened to one test case.
enum Outcome {
    Pass,
    Failure {
        message: String,
        kind: String,
        text: String,
    },
    Skipped {
        message: String,
        text: String,
    },
    Error {
        message: String,
        text: String,
    },
}

struct Case<'a> {
    classname: &'a str,
    name: String,
    file: &'a str,
    line: Option<u32>,
    outcome: Outcome,
}

struct Suite<'a> {
    name: String,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn count(&self, pred: fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| pred(&c.outcome)).count()
    }
}

fn is_failure(o: &Outcome) -> bool {
    matches!(o, Outcome::Failure { .. })
}

fn is_skipped(o: &Outcome) -> bool {
    matches!(o, Outcome::Skipped { .. })
}

fn is_error(o: &Outcome) -> bool {
    matches!(o, Outcome::Error { .. })
}

/// Renders the whole report as one JUnit XML document, ending with a newline.
pub fn render(report: &Report) -> String {
    let suites = build_suites(report);
    let total =
        |pred: fn(&Outcome) -> bool| -> usize { suites.iter().map(|s| s.count(pred)).sum() };
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"aiposture\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\">",
        total(is_failure),
        total(is_error),
        total(is_skipped),
    );
    for suite in &suites {
        write_suite(&mut out, suite);
    }
    out.push_str("</testsuites>\n");
    out
}

/// Groups the results by rule, in the order of `report.rules`, then the input errors.
fn build_suites<'a>(report: &'a Report) -> Vec<Suite<'a>> {
    let mut suites: Vec<Suite<'a>> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    // The engine skips deprecated rules, so they did not run and get no suite.
    for rule in report.rules.iter().filter(|r| !r.deprecated) {
        if index.contains_key(rule.id.as_str()) {
            continue;
        }
        index.insert(&rule.id, suites.len());
        suites.push(Suite {
            name: format!("{} {}", rule.id, rule.title),
            cases: Vec::new(),
        });
    }
    // A result whose rule is not listed (a caller that filtered `rules`) still gets a suite
    // rather than disappearing from the report.
    let mut suite_of = |rule_id: &'a str, title: &str| -> usize {
        *index.entry(rule_id).or_insert_with(|| {
            suites.push(Suite {
                name: if title.is_empty() {
                    rule_id.to_string()
                } else {
                    format!("{rule_id} {title}")
                },
                cases: Vec::new(),
            });
            suites.len() - 1
        })
    };
    let mut placed: Vec<(usize, Case<'a>)> = Vec::new();
    for f in report.findings {
        placed.push((suite_of(&f.rule_id, &f.title), finding_case(f)));
    }
    for p in report.passed {
        placed.push((suite_of(&p.rule_id, ""), passed_case(p)));
    }
    // With `--show-unknown`, a check that could not decide is neither a pass nor a failure:
    // skipped, with the reason, so "unknown is not false" is visible in CI as well.
    for u in report.unknown.unwrap_or_default() {
        placed.push((suite_of(&u.rule_id, ""), unknown_case(u)));
    }
    for (i, case) in placed {
        if let Some(suite) = suites.get_mut(i) {
            suite.cases.push(case);
        }
    }
    // Findings, passes and unknowns arrive as separately sorted lists; interleave them so a
    // suite reads in file order. The sort is stable, so equal keys keep the engine's order.
    for suite in &mut suites {
        suite
            .cases
            .sort_by(|a, b| (a.file, a.line, a.classname).cmp(&(b.file, b.line, b.classname)));
    }
    if !report.diagnostics.is_empty() {
        suites.push(Suite {
            name: INPUT_ERRORS_SUITE.to_string(),
            cases: report.diagnostics.iter().map(diagnostic_case).collect(),
        });
    }
    suites
}

fn finding_case(f: &Finding) -> Case<'_> {
    let outcome = if let Some(s) = &f.suppression {
        Outcome::Skipped {
            message: suppression_message(s),
            text: format!("{}{}", finding_details(f), suppression_details(s)),
        }
    } else if f.baseline == Some(BaselineState::Unchanged) {
        Outcome::Skipped {
            message: "in baseline".to_string(),
            text: finding_details(f),
        }
    } else {
        Outcome::Failure {
            message: f.message.clone(),
            kind: f.severity.as_str().to_string(),
            text: finding_details(f),
        }
    };
    Case {
        classname: &f.resource.address,
        name: format!("{} {}", f.rule_id, f.resource.address),
        file: &f.location.file,
        line: Some(f.location.start_line),
        outcome,
    }
}

fn passed_case(p: &Passed) -> Case<'_> {
    Case {
        classname: &p.resource.address,
        name: format!("{} {}", p.rule_id, p.resource.address),
        file: &p.location.file,
        line: Some(p.location.start_line),
        outcome: Outcome::Pass,
    }
}

fn unknown_case(u: &UnknownResult) -> Case<'_> {
    Case {
        classname: &u.resource.address,
        name: format!("{} {}", u.rule_id, u.resource.address),
        file: &u.location.file,
        line: Some(u.location.start_line),
        outcome: Outcome::Skipped {
            message: format!("unknown: {}", u.reason),
            text: format!(
                "{} could not decide on {} at {}:{}-{}: {}\n",
                u.rule_id,
                u.resource.address,
                u.location.file,
                u.location.start_line,
                u.location.end_line,
                u.reason
            ),
        },
    }
}

fn diagnostic_case(d: &Diagnostic) -> Case<'_> {
    let text = d.to_string();
    Case {
        classname: &d.file,
        // Several diagnostics may name one file; the line keeps their names apart.
        name: match d.line {
            Some(line) => format!("{}:{line}", d.file),
            None => d.file.clone(),
        },
        file: &d.file,
        line: d.line,
        // An `info` diagnostic (a module not followed) is not a failed input: skipped.
        outcome: if d.is_error() {
            Outcome::Error {
                message: text.clone(),
                text,
            }
        } else {
            Outcome::Skipped {
                message: text.clone(),
                text,
            }
        },
    }
}

/// `suppressed (KIND) by APPROVER until EXPIRES: REASON`, leaving out the parts not recorded.
fn suppression_message(s: &Suppression) -> String {
    let mut m = format!("suppressed ({})", s.kind.as_str());
    if let Some(by) = s.approved_by.as_deref().filter(|v| !v.is_empty()) {
        let _ = write!(m, " by {by}");
    }
    if let Some(until) = s.expires.as_deref().filter(|v| !v.is_empty()) {
        let _ = write!(m, " until {until}");
    }
    if !s.reason.is_empty() {
        let _ = write!(m, ": {}", s.reason);
    }
    m
}

/// Everything an auditor needs about an accepted risk, including where it was accepted.
fn suppression_details(s: &Suppression) -> String {
    let mut t = format!(
        "suppressed: {} at {}:{}\n",
        s.kind.as_str(),
        s.source_file,
        s.source_line
    );
    if !s.reason.is_empty() {
        let _ = writeln!(t, "reason: {}", s.reason);
    }
    for (label, value) in [
        ("approved by", &s.approved_by),
        ("approved on", &s.approved_on),
        ("expires", &s.expires),
        ("ticket", &s.ticket),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            let _ = writeln!(t, "{label}: {v}");
        }
    }
    t
}

/// The body of a failure: what the text format prints for a finding, one field a line.
fn finding_details(f: &Finding) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{} {}", f.rule_id, f.title);
    let _ = writeln!(t, "severity: {}", f.severity.as_str());
    let _ = writeln!(t, "category: {}", f.category.as_str());
    let _ = writeln!(t, "resource: {}", f.resource.address);
    let _ = writeln!(
        t,
        "location: {}:{}-{}",
        f.location.file, f.location.start_line, f.location.end_line
    );
    let _ = writeln!(t, "message: {}", f.message);
    // Remediation text comes from folded YAML; collapse it to one line, as the text format does.
    let fix = f
        .remediation
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(t, "remediation: {fix}");
    if let Some(snippet) = f.snippet.as_deref().filter(|s| !s.trim().is_empty()) {
        t.push_str("snippet:\n");
        for line in snippet.trim_end().lines() {
            let _ = writeln!(t, "    {line}");
        }
    }
    if !f.frameworks.is_empty() {
        let mapped: Vec<String> = f
            .frameworks
            .iter()
            .map(|(framework, ids)| format!("{framework} {}", ids.join(", ")))
            .collect();
        let _ = writeln!(t, "frameworks: {}", mapped.join("; "));
    }
    let _ = writeln!(t, "fingerprint: {}", f.fingerprint);
    t
}

fn write_suite(out: &mut String, suite: &Suite) {
    let _ = write!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\"",
        attr(&suite.name),
        suite.cases.len(),
        suite.count(is_failure),
        suite.count(is_error),
        suite.count(is_skipped),
    );
    if suite.cases.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for case in &suite.cases {
        write_case(out, case);
    }
    out.push_str("  </testsuite>\n");
}

fn write_case(out: &mut String, case: &Case) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
        attr(case.classname),
        attr(&case.name),
        attr(case.file),
    );
    if let Some(line) = case.line {
        let _ = write!(out, " line=\"{line}\"");
    }
    let (element, message, kind, body) = match &case.outcome {
        Outcome::Pass => {
            out.push_str("/>\n");
            return;
        }
        Outcome::Failure {
            message,
            kind,
            text,
        } => ("failure", message, Some(kind.as_str()), text),
        Outcome::Skipped { message, text } => ("skipped", message, None, text),
        Outcome::Error { message, text } => ("error", message, Some("input-error"), text),
    };
    let _ = write!(out, ">\n      <{element} message=\"{}\"", attr(message));
    if let Some(kind) = kind {
        let _ = write!(out, " type=\"{}\"", attr(kind));
    }
    let _ = writeln!(out, ">{}</{element}>", text(body));
    out.push_str("    </testcase>\n");
}

/// Drops what XML 1.0 cannot carry at all, even as a character reference: control characters
/// other than tab, newline and carriage return, and U+FFFE/U+FFFF. Surrogates cannot occur in
/// a Rust `str`. Without this one odd byte in a Terraform string would make the whole report
/// unparsable, and CI would silently show no test results.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // `>` only matters in `]]>`, but escaping it always is simpler than looking back.
            '>' => out.push_str("&gt;"),
            // Quotes only end an attribute value; text stays readable without references.
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            // A parser normalises line ends everywhere and whitespace in attribute values to
            // spaces; character references survive both, so messages keep their shape.
            '\r' => out.push_str("&#13;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

fn attr(s: &str) -> String {
    escape(s, true)
}

fn text(s: &str) -> String {
    escape(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            attr("a<&>\"'\u{1}\u{FFFE}\tb\nc\r"),
            "a&lt;&amp;&gt;&quot;&apos;&#9;b&#10;c&#13;"
        );
        assert_eq!(text("x\u{0}\ty\nz\r\"'<"), "x\ty\nz&#13;\"'&lt;");
        assert_eq!(text("é中😀"), "é中😀");
    }
}
