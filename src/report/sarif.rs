//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! This module owns the mapping from a [`Report`] to one SARIF run: the rule metadata GitHub
//! shows (`help`, `security-severity`), one result per finding (suppressed and baselined ones
//! included, marked as such), and file paths turned into URIs relative to a source root. It
//! does not filter findings or choose exit codes; `main.rs` does.
//!
//! The JSON is built with `serde_json::json!` rather than a SARIF type library so that every
//! field is visible here and the output is ordered for a readable snapshot. Tests validate it
//! against the OASIS schema (`testdata/sarif/sarif-schema-2.1.0.json`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

use super::Report;
use crate::diagnostic::Diagnostic;
use crate::model::Format;
use crate::rules::engine::{Finding, Suppression, SuppressionKind};
use crate::rules::{Rule, Severity};

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/aiposture/aiposture";
/// The base id GitHub and VS Code's SARIF viewer resolve against the checkout.
const SRCROOT: &str = "%SRCROOT%";

/// RFC 3986 unreserved characters stay as they are; everything else in a path segment is
/// percent-encoded. Sub-delimiters such as `:` are encoded too: in a relative reference a
/// first segment like `a:b` would otherwise read as a URI scheme.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Renders `report` as a pretty-printed SARIF 2.1.0 log with a trailing newline.
pub fn render(report: &Report) -> String {
    let cwd = std::env::current_dir().ok();
    let mut s = serde_json::to_string_pretty(&build(report, cwd.as_deref()))
        .unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// The whole log. `cwd` is a parameter so unit tests can use a fixed directory; `None` (the
/// current directory is gone) leaves paths as the findings give them, without a base id.
fn build(report: &Report, cwd: Option<&Path>) -> Value {
    let base = cwd.map(|cwd| Base::new(cwd, report.sarif_root.as_deref()));
    let index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = report.rules.iter().map(rule).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| result(f, index.get(f.rule_id.as_str()).copied(), base.as_ref()))
        .collect();
    let notifications: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| notification(d, base.as_ref()))
        .collect();

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": "aiposture",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        }),
    );
    run.insert(
        "invocations".into(),
        json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }]),
    );
    if let Some(base) = &base {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": base.root_uri() } }),
        );
    }
    run.insert("columnKind".into(), json!("utf16CodeUnits"));
    run.insert("results".into(), Value::Array(results));

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

/// GitHub shows `error` as an error, `warning` as a warning and `note` as a note; the score in
/// `security-severity` decides the severity label of a security alert.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub reads `security-severity` as a string holding a CVSS-like score and maps it: at
/// least 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low. Each score sits
/// well inside its band so a change of GitHub's rounding cannot move a rule to another label.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// `sagemaker-notebook-direct-internet` -> `SagemakerNotebookDirectInternet`: SARIF's `name`
/// is meant to be an identifier-like, human-readable name.
fn pascal_case(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn format_label(format: Format) -> &'static str {
    match format {
        Format::Terraform => "Terraform",
        Format::CloudFormation => "CloudFormation",
        Format::AwsConfig => "AWS Config",
        Format::Aiposture => "aiposture",
    }
}

/// The info string of a Markdown code fence, for syntax highlighting in GitHub's rule help.
fn fence_language(format: Format) -> &'static str {
    match format {
        Format::Terraform => "hcl",
        Format::CloudFormation => "yaml",
        Format::AwsConfig => "json",
        Format::Aiposture => "text",
    }
}

/// A fence longer than any run of backticks inside `text`, so a snippet cannot close it.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat(longest.max(2) + 1)
}

fn help_text(rule: &Rule) -> String {
    let mut out = rule.remediation.trim_end().to_string();
    for (format, snippet) in &rule.snippets {
        out.push_str(&format!(
            "\n\n{}:\n{}",
            format_label(*format),
            snippet.trim_end()
        ));
    }
    out.push('\n');
    out
}

fn help_markdown(rule: &Rule) -> String {
    let mut out = format!(
        "## Why it matters\n\n{}\n\n## How to fix\n\n{}\n",
        rule.description.trim_end(),
        rule.remediation.trim_end()
    );
    for (format, snippet) in &rule.snippets {
        let fence = fence_for(snippet);
        out.push_str(&format!(
            "\n{}:\n\n{fence}{}\n{}\n{fence}\n",
            format_label(*format),
            fence_language(*format),
            snippet.trim_end()
        ));
    }
    if !rule.references.is_empty() {
        out.push_str("\n## References\n\n");
        for r in &rule.references {
            out.push_str(&format!("- [{r}]({r})\n"));
        }
    }
    out
}

fn rule(rule: &Rule) -> Value {
    // GitHub lists tags as filters; "security" marks the alerts as security alerts.
    let mut tags: Vec<String> = vec!["security".into(), rule.category.as_str().into()];
    tags.extend(rule.formats().iter().map(|f| f.as_str().to_string()));
    for (framework, controls) in &rule.frameworks {
        tags.extend(controls.iter().map(|c| format!("{framework}/{c}")));
    }
    let mut out = json!({
        "id": rule.id,
        "name": pascal_case(&rule.slug),
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": rule.description.trim_end() },
        "help": { "text": help_text(rule), "markdown": help_markdown(rule) },
    });
    if let Some(first) = rule.references.first() {
        out["helpUri"] = json!(first);
    }
    if !rule.aliases.is_empty() {
        // Renamed rules keep their old ids as aliases (STYLE.md); SARIF has a field for them.
        out["deprecatedIds"] = json!(rule.aliases);
    }
    out["defaultConfiguration"] = json!({ "level": level(rule.severity) });
    out["properties"] = json!({
        "tags": tags,
        // Every check reads declared configuration, not heuristics; revisit per rule when a
        // fuzzier check (for example secret detection by entropy) is added.
        "precision": "high",
        "security-severity": security_severity(rule.severity),
        "severity": rule.severity.as_str(),
        "frameworks": rule.frameworks,
    });
    out
}

fn result(f: &Finding, rule_index: Option<usize>, base: Option<&Base>) -> Value {
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(f.rule_id));
    if let Some(i) = rule_index {
        out.insert("ruleIndex".into(), json!(i));
    }
    out.insert("level".into(), json!(level(f.severity)));
    out.insert(
        "message".into(),
        json!({ "text": format!("{}: {}", f.title, f.message) }),
    );

    // GitHub ignores logical locations, other viewers show them: the resource address is how
    // a Terraform user names the thing, and the only location a live-account finding has.
    let logical = json!([{
        "name": f.resource.address,
        "fullyQualifiedName": f.resource.address,
        "kind": "resource",
    }]);
    let mut location = Map::new();
    if let Some(artifact) = artifact_location(&f.location.file, base) {
        let start = f.location.start_line.max(1);
        location.insert(
            "physicalLocation".into(),
            json!({
                "artifactLocation": artifact,
                "region": {
                    "startLine": start,
                    "endLine": f.location.end_line.max(start),
                },
            }),
        );
    }
    location.insert("logicalLocations".into(), logical);
    out.insert("locations".into(), json!([Value::Object(location)]));

    // The fingerprint hashes rule, address and file but not the line, so GitHub keeps one
    // alert open across edits that move the resource instead of closing and reopening it.
    out.insert(
        "partialFingerprints".into(),
        json!({ "primaryLocationLineHash": f.fingerprint }),
    );
    out.insert(
        "fingerprints".into(),
        json!({ "aiposture/v1": f.fingerprint }),
    );
    if let Some(s) = &f.suppression {
        out.insert("suppressions".into(), json!([suppression(s)]));
    }
    if let Some(b) = f.baseline {
        out.insert("baselineState".into(), json!(b.as_str()));
    }
    out.insert(
        "properties".into(),
        json!({
            "resource": f.resource.address,
            "resourceType": f.resource.resource_type,
            "format": f.resource.format.as_str(),
            "category": f.category.as_str(),
            "severity": f.severity.as_str(),
        }),
    );
    Value::Object(out)
}

fn suppression(s: &Suppression) -> Value {
    let mut props = Map::new();
    let optional = [
        ("approved_by", &s.approved_by),
        ("approved_on", &s.approved_on),
        ("expires", &s.expires),
        ("ticket", &s.ticket),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            props.insert(key.into(), json!(v));
        }
    }
    props.insert(
        "source".into(),
        json!(format!("{}:{}", s.source_file, s.source_line)),
    );
    json!({
        // An inline ignore lives in the scanned code; a waiver lives in a file of its own.
        "kind": match s.kind {
            SuppressionKind::Inline => "inSource",
            SuppressionKind::Waiver => "external",
        },
        "status": "accepted",
        "justification": s.reason,
        "properties": props,
    })
}

fn notification(d: &Diagnostic, base: Option<&Base>) -> Value {
    // `info` diagnostics (a module not followed) are notes, not errors.
    let level = if d.is_error() { "error" } else { "note" };
    let mut out = json!({
        "level": level,
        "message": { "text": d.message },
    });
    if let Some(artifact) = artifact_location(&d.file, base) {
        let mut physical = json!({ "artifactLocation": artifact });
        if let Some(line) = d.line {
            physical["region"] = json!({ "startLine": line.max(1) });
        }
        out["locations"] = json!([{ "physicalLocation": physical }]);
    }
    out
}

/// `artifactLocation` for a path as findings carry it (relative to the current directory, or
/// absolute when outside it). `None` for an empty path: such findings come from a live
/// account and have no file.
fn artifact_location(file: &str, base: Option<&Base>) -> Option<Value> {
    if file.is_empty() {
        return None;
    }
    let file = file.replace('\\', "/");
    let Some(base) = base else {
        return Some(json!({ "uri": encode_relative(&file) }));
    };
    Some(match base.relative(&file) {
        Some(rel) => json!({ "uri": rel, "uriBaseId": SRCROOT }),
        // Outside the root a %SRCROOT%-relative URI would name the wrong file. A relative path
        // is kept as the user sees it (relative to where the scan ran); an absolute one becomes
        // a file: URI, since a bare "/..." would read as relative to the log's location.
        None if Path::new(&file).is_absolute() || file.starts_with('/') => {
            json!({ "uri": file_uri(&normalize(Path::new(&file)), false) })
        }
        None => json!({ "uri": encode_relative(&file) }),
    })
}

/// The directories that URIs are computed from.
struct Base {
    cwd: PathBuf,
    root: PathBuf,
}

impl Base {
    fn new(cwd: &Path, sarif_root: Option<&Path>) -> Base {
        let cwd = normalize(cwd);
        let root = match sarif_root {
            Some(r) => normalize(&cwd.join(r)),
            None => git_top_level(&cwd).unwrap_or_else(|| cwd.clone()),
        };
        Base { cwd, root }
    }

    /// `file:///ABS/ROOT/`; SARIF requires the trailing slash on a base URI.
    fn root_uri(&self) -> String {
        file_uri(&self.root, true)
    }

    /// `file` as a percent-encoded URI relative to the root, or `None` when it is outside.
    fn relative(&self, file: &str) -> Option<String> {
        let absolute = normalize(&self.cwd.join(file));
        let rel = match absolute.strip_prefix(&self.root) {
            Ok(rel) => rel.to_path_buf(),
            // The root may be spelled through a symbolic link (macOS's /tmp is /private/tmp);
            // compare the resolved paths before giving up.
            Err(_) => {
                let a = absolute.canonicalize().ok()?;
                let r = self.root.canonicalize().ok()?;
                a.strip_prefix(&r).ok()?.to_path_buf()
            }
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.is_empty() {
            return None;
        }
        Some(encode_relative(&rel))
    }
}

/// The nearest directory at or above `start` holding a `.git` entry (a directory, or a file
/// in worktrees and submodules): the root GitHub resolves URIs against.
fn git_top_level(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Resolves `.` and `..` without touching the file system: a path like `../infra/main.tf`
/// joined to the current directory must compare equal to the root's spelling of it.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn encode_relative(path: &str) -> String {
    path.trim_start_matches("./")
        .split('/')
        .map(|seg| utf8_percent_encode(seg, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// `file:///a/b` (with a trailing `/` when `dir`). A Windows drive (`C:`) keeps its colon.
fn file_uri(path: &Path, dir: bool) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let segments: Vec<String> = text
        .split('/')
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, seg)| {
            let drive = i == 0
                && seg.len() == 2
                && seg.ends_with(':')
                && seg.starts_with(|c: char| c.is_ascii_alphabetic());
            if drive {
                seg.to_string()
            } else {
                utf8_percent_encode(seg, SEGMENT).to_string()
            }
        })
        .collect();
    let mut uri = format!("file:///{}", segments.join("/"));
    if dir && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(cwd: &str, root: &str) -> Base {
        Base::new(Path::new(cwd), Some(Path::new(root)))
    }

    #[test]
    fn pascal_case_of_slugs() {
        assert_eq!(
            pascal_case("sagemaker-notebook-direct-internet"),
            "SagemakerNotebookDirectInternet"
        );
        assert_eq!(pascal_case("iam_wildcard--ai"), "IamWildcardAi");
        assert_eq!(pascal_case(""), "");
    }

    #[test]
    fn relative_to_root_above_cwd() {
        let b = base("/repo/infra", "/repo");
        assert_eq!(
            b.relative("ml/main.tf").as_deref(),
            Some("infra/ml/main.tf")
        );
        assert_eq!(b.relative("../other/x.tf").as_deref(), Some("other/x.tf"));
        assert_eq!(
            b.relative("/repo/a b/ü.tf").as_deref(),
            Some("a%20b/%C3%BC.tf")
        );
        assert_eq!(b.relative("/elsewhere/x.tf"), None);
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(
            encode_relative("./a%b/c#d?e/f:g/h~i.tf"),
            "a%25b/c%23d%3Fe/f%3Ag/h~i.tf"
        );
    }

    #[test]
    fn windows_separators_are_normalised() {
        let b = base("/repo", "/repo");
        let loc = artifact_location("infra\\ml\\main.tf", Some(&b));
        assert_eq!(
            loc,
            Some(json!({ "uri": "infra/ml/main.tf", "uriBaseId": SRCROOT }))
        );
    }

    #[test]
    fn outside_the_root() {
        let b = base("/repo", "/repo/infra");
        assert_eq!(
            artifact_location("modules/x y.tf", Some(&b)),
            Some(json!({ "uri": "modules/x%20y.tf" }))
        );
        assert_eq!(
            artifact_location("/tmp/x.tf", Some(&b)),
            Some(json!({ "uri": "file:///tmp/x.tf" }))
        );
        assert_eq!(artifact_location("", Some(&b)), None);
    }

    #[test]
    fn root_uri_ends_with_a_slash() {
        assert_eq!(
            base("/", "/my repo").root_uri(),
            "file:///my%20repo/".to_string()
        );
        assert_eq!(base("/", "/").root_uri(), "file:///".to_string());
        assert_eq!(
            file_uri(Path::new("C:\\src\\repo"), true),
            "file:///C:/src/repo/"
        );
    }

    #[test]
    fn git_top_level_walks_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).expect("mkdir");
        assert_ne!(git_top_level(&nested).as_deref(), Some(dir.path()));
        std::fs::write(dir.path().join(".git"), "gitdir: elsewhere\n").expect("write");
        assert_eq!(git_top_level(&nested).as_deref(), Some(dir.path()));
    }

    #[test]
    fn scores_fall_in_githubs_bands() {
        for s in Severity::ALL {
            let score: f64 = security_severity(s).parse().expect("number");
            let band = match score {
                x if x >= 9.0 => Severity::Critical,
                x if x >= 7.0 => Severity::High,
                x if x >= 4.0 => Severity::Medium,
                x if x >= 0.1 => Severity::Low,
                _ => Severity::Info,
            };
            assert_eq!(band, s);
        }
    }
}
