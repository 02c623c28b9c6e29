//! SARIF output: valid against the OASIS 2.1.0 schema, shaped the way GitHub code scanning
//! needs it (security-severity, rule help, relative URIs, stable fingerprints), and pinned by
//! a snapshot of the bundled example.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use aiposture::diagnostic::Diagnostic;
use aiposture::model::Format;
use aiposture::report::{sarif, Report};
use aiposture::rules::engine::{BaselineState, Finding, Suppression, SuppressionKind};
use aiposture::rules::load::load_all;
use aiposture::rules::Rule;
use aiposture::scan::{scan, ScanOptions, ScanOutcome, DEFAULT_MAX_FILE_SIZE};

const EXAMPLE: &str = "testdata/examples/genai-platform";
const SM005_FIXTURE: &str = "testdata/rules/AIP-SM-005/terraform/fail/absent-defaults-enabled";

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| load_all(None).expect("rules load").0)
}

fn scan_paths(paths: &[&Path]) -> ScanOutcome {
    let options = ScanOptions {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        ..ScanOptions::default()
    };
    scan(rules(), &options).expect("scan")
}

/// Renders findings and diagnostics the way `main.rs` builds its report, and parses the SARIF.
fn render(findings: &[Finding], diagnostics: &[Diagnostic], root: Option<PathBuf>) -> Value {
    let report = Report {
        version: aiposture::VERSION,
        rules_digest: "sha256:test",
        rules: rules(),
        findings,
        passed: &[],
        unknown: None,
        diagnostics,
        files: 0,
        resources: 0,
        inventory: &[],
        provenance: &Default::default(),
        sarif_root: root,
    };
    let text = sarif::render(&report);
    assert!(text.ends_with("}\n"), "pretty JSON with a trailing newline");
    serde_json::from_str(&text).expect("SARIF is JSON")
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> &'static ScanOutcome {
    static OUTCOME: OnceLock<ScanOutcome> = OnceLock::new();
    OUTCOME.get_or_init(|| scan_paths(&[Path::new(EXAMPLE)]))
}

fn example_sarif() -> Value {
    let outcome = example();
    render(
        &outcome.evaluation.findings,
        &outcome.diagnostics,
        Some(crate_root()),
    )
}

/// Schema errors of `sarif`, as `path: message` lines. Format keywords (`uri`,
/// `uri-reference`, `date-time`) are checked too, so a malformed URI fails.
fn schema_errors(sarif: &Value) -> Vec<String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let text =
            std::fs::read_to_string("testdata/sarif/sarif-schema-2.1.0.json").expect("schema file");
        let mut schema: Value = serde_json::from_str(&text).expect("schema JSON");
        // The OASIS file's pattern for `language` (on `run` and `toolComponent`) has a stray
        // `]`, which jsonschema's check of the schema itself (a `pattern` must be a valid
        // regex) rejects. Replace it with what it means, two letters and an optional region;
        // aiposture emits no `language`, so nothing it writes depends on the pattern.
        for def in ["run", "toolComponent"] {
            let language = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
            assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
            *language = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
        }
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles")
    });
    validator
        .iter_errors(sarif)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect()
}

fn assert_valid(sarif: &Value) {
    let errors = schema_errors(sarif);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().expect("results")
}

fn uri(result: &Value) -> &str {
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
}

fn start_line(result: &Value) -> u64 {
    result["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .expect("startLine")
}

fn line_hash(result: &Value) -> &str {
    result["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .expect("primaryLocationLineHash")
}

/// A temporary copy of a fixture directory's files into `dir`.
fn copy_fixture(fixture: &str, dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for entry in std::fs::read_dir(fixture).expect("fixture").flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
}

#[test]
fn example_validates_against_the_sarif_schema() {
    let sarif = example_sarif();
    assert_eq!(results(&sarif).len(), example().evaluation.findings.len());
    assert!(!results(&sarif).is_empty());
    assert_valid(&sarif);
}

/// Guards the guard: a schema check that accepted anything would make the tests above empty.
#[test]
fn schema_validation_rejects_invalid_sarif() {
    let mut sarif = example_sarif();
    sarif["runs"][0]["results"][0]["level"] = "loud".into();
    assert!(!schema_errors(&sarif).is_empty(), "level `loud` accepted");

    let mut sarif = example_sarif();
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&sarif).is_empty(), "startLine 0 accepted");

    let mut sarif = example_sarif();
    sarif["version"] = "2.0.0".into();
    assert!(!schema_errors(&sarif).is_empty(), "version 2.0.0 accepted");

    // Format checks are on: an unencoded space is not a URI reference.
    let mut sarif = example_sarif();
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "my infra/main.tf".into();
    assert!(!schema_errors(&sarif).is_empty(), "unencoded URI accepted");
}

#[test]
fn example_meets_github_code_scanning_requirements() {
    let sarif = example_sarif();
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "aiposture");
    assert_eq!(driver["version"], aiposture::VERSION);
    assert_eq!(driver["semanticVersion"], aiposture::VERSION);

    let sarif_rules = driver["rules"].as_array().expect("rules");
    assert_eq!(sarif_rules.len(), rules().len());
    for (r, rule) in sarif_rules.iter().zip(rules()) {
        assert_eq!(r["id"], rule.id.as_str());
        let id = &rule.id;
        let score: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap_or_else(|| panic!("{id}: security-severity is not a string"))
            .parse()
            .unwrap_or_else(|_| panic!("{id}: security-severity is not a number"));
        assert!((0.0..=10.0).contains(&score), "{id}: score {score}");
        let markdown = r["help"]["markdown"].as_str().unwrap_or_default();
        assert!(!markdown.trim().is_empty(), "{id}: no help.markdown");
        if rule.snippets.contains_key(&Format::Terraform) {
            assert!(markdown.contains("```hcl"), "{id}: no Terraform snippet");
        }
        assert!(!r["help"]["text"].as_str().unwrap_or_default().is_empty());
        assert!(r["properties"]["tags"][0] == "security", "{id}: tags");
        assert_eq!(r["properties"]["precision"], "high");
        assert!(r["name"]
            .as_str()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric())));
        assert!(r["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
    }
    let sm005 = sarif_rules
        .iter()
        .find(|r| r["id"] == "AIP-SM-005")
        .expect("AIP-SM-005");
    assert_eq!(sm005["name"], "SagemakerNotebookDirectInternet");
    assert_eq!(sm005["defaultConfiguration"]["level"], "error");
    assert_eq!(sm005["properties"]["security-severity"], "8.0");

    for (res, finding) in results(&sarif).iter().zip(&example().evaluation.findings) {
        let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(sarif_rules[i]["id"], res["ruleId"]);
        assert_eq!(res["ruleId"], finding.rule_id.as_str());
        let u = uri(res);
        assert!(!u.starts_with('/') && !u.starts_with("file:"), "{u}");
        assert_eq!(
            u, finding.location.file,
            "the example's paths need no encoding"
        );
        assert_eq!(
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
        assert!(start_line(res) >= 1);
        assert_eq!(line_hash(res), finding.fingerprint);
        assert_eq!(
            res["fingerprints"]["aiposture/v1"],
            finding.fingerprint.as_str()
        );
        assert_eq!(
            res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            finding.resource.address.as_str()
        );
        assert!(res["message"]["text"]
            .as_str()
            .is_some_and(|m| m == format!("{}: {}", finding.title, finding.message)));
    }
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn example_sarif_matches_snapshot() {
    let mut sarif = example_sarif();
    // The version changes with every release and the root with every checkout.
    let driver = &mut sarif["runs"][0]["tool"]["driver"];
    driver["version"] = "[version]".into();
    driver["semanticVersion"] = "[version]".into();
    sarif["runs"][0]["originalUriBaseIds"] = "[root]".into();
    insta::assert_json_snapshot!("genai_platform_sarif", sarif);
}

/// Without `--sarif-root` URIs are relative to the git top level (here, the crate's checkout)
/// or, outside a repository, to the current directory.
#[test]
fn default_root_is_the_git_top_level_or_the_current_directory() {
    let outcome = example();
    let sarif = render(&outcome.evaluation.findings, &outcome.diagnostics, None);
    assert_valid(&sarif);
    for res in results(&sarif) {
        let u = uri(res);
        assert!(!u.starts_with('/') && !u.starts_with("file:"), "{u}");
        assert!(u.ends_with(".tf"), "{u}");
        assert!(u.contains(EXAMPLE), "{u}");
    }
}

#[test]
fn fingerprints_are_stable_when_lines_shift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let case = dir.path().join("case");
    copy_fixture(SM005_FIXTURE, &case);
    let root = Some(dir.path().to_path_buf());

    let before = scan_paths(&[&case]);
    let before = render(
        &before.evaluation.findings,
        &before.diagnostics,
        root.clone(),
    );

    let file = case.join("main.tf");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("\n\n\n# moved down\n{text}")).expect("write");
    let after = scan_paths(&[&case]);
    let after = render(&after.evaluation.findings, &after.diagnostics, root);

    let (a, b) = (&results(&before)[0], &results(&after)[0]);
    assert_eq!(a["ruleId"], "AIP-SM-005");
    assert_eq!(uri(a), "case/main.tf");
    assert_eq!(uri(a), uri(b));
    assert_eq!(line_hash(a), line_hash(b));
    assert_eq!(a["fingerprints"], b["fingerprints"]);
    assert_eq!(start_line(a) + 4, start_line(b));
}

#[test]
fn paths_with_spaces_and_unicode_are_percent_encoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let case = dir.path().join("my infra").join("ünïcode");
    copy_fixture(SM005_FIXTURE, &case);
    let outcome = scan_paths(&[&case]);
    let sarif = render(
        &outcome.evaluation.findings,
        &outcome.diagnostics,
        Some(dir.path().to_path_buf()),
    );
    assert_valid(&sarif);
    let res = &results(&sarif)[0];
    assert_eq!(uri(res), "my%20infra/%C3%BCn%C3%AFcode/main.tf");
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    assert!(!base.contains(' '), "{base}");
}

fn suppression(kind: SuppressionKind) -> Suppression {
    Suppression {
        kind,
        reason: "notebook is in an isolated sandbox account".into(),
        approved_by: Some("security@example.com".into()),
        approved_on: None,
        expires: Some("2099-12-31".into()),
        ticket: Some("SEC-42".into()),
        source_file: "testdata/examples/genai-platform/notebooks.tf".into(),
        source_line: 3,
    }
}

#[test]
fn suppressed_findings_render_suppressions() {
    let mut findings = example().evaluation.findings[..3].to_vec();
    findings[0].suppression = Some(suppression(SuppressionKind::Inline));
    findings[1].suppression = Some(suppression(SuppressionKind::Waiver));
    let sarif = render(&findings, &[], Some(crate_root()));
    assert_valid(&sarif);
    let res = results(&sarif);
    assert_eq!(res.len(), 3, "suppressed findings are still results");

    let inline = &res[0]["suppressions"][0];
    assert_eq!(inline["kind"], "inSource");
    assert_eq!(inline["status"], "accepted");
    assert_eq!(
        inline["justification"],
        "notebook is in an isolated sandbox account"
    );
    let props = &inline["properties"];
    assert_eq!(props["approved_by"], "security@example.com");
    assert_eq!(props["expires"], "2099-12-31");
    assert_eq!(props["ticket"], "SEC-42");
    assert_eq!(
        props["source"],
        "testdata/examples/genai-platform/notebooks.tf:3"
    );
    assert!(props.get("approved_on").is_none(), "absent fields omitted");

    assert_eq!(res[1]["suppressions"][0]["kind"], "external");
    assert!(res[2].get("suppressions").is_none());
}

#[test]
fn baselined_findings_render_baseline_state() {
    let mut findings = example().evaluation.findings[..3].to_vec();
    findings[0].baseline = Some(BaselineState::New);
    findings[1].baseline = Some(BaselineState::Unchanged);
    let sarif = render(&findings, &[], Some(crate_root()));
    assert_valid(&sarif);
    let res = results(&sarif);
    assert_eq!(res[0]["baselineState"], "new");
    assert_eq!(res[1]["baselineState"], "unchanged");
    assert!(res[2].get("baselineState").is_none());
}

/// The live AWS audit reports resources that have no file: they get a logical location only.
#[test]
fn finding_without_a_file_gets_only_a_logical_location() {
    let mut finding = example().evaluation.findings[0].clone();
    finding.location.file = String::new();
    finding.location.start_line = 0;
    finding.location.end_line = 0;
    let sarif = render(std::slice::from_ref(&finding), &[], Some(crate_root()));
    assert_valid(&sarif);
    let location = &results(&sarif)[0]["locations"][0];
    assert!(location.get("physicalLocation").is_none());
    let logical = &location["logicalLocations"][0];
    assert_eq!(logical["name"], finding.resource.address.as_str());
    assert_eq!(
        logical["fullyQualifiedName"],
        finding.resource.address.as_str()
    );
    assert_eq!(logical["kind"], "resource");
}

#[test]
fn lines_are_never_below_one() {
    let mut finding = example().evaluation.findings[0].clone();
    finding.location.start_line = 0;
    finding.location.end_line = 0;
    let sarif = render(std::slice::from_ref(&finding), &[], Some(crate_root()));
    assert_valid(&sarif);
    let region = &results(&sarif)[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["endLine"], 1);
}

#[test]
fn diagnostics_become_tool_execution_notifications() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_fixture(SM005_FIXTURE, dir.path());
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n",
    )
    .expect("write");
    let outcome = scan_paths(&[dir.path()]);
    assert!(!outcome.diagnostics.is_empty(), "broken.tf is reported");
    let mut diagnostics = outcome.diagnostics.clone();
    diagnostics.push(Diagnostic::new("", None, "no file at all".into()));
    let sarif = render(
        &outcome.evaluation.findings,
        &diagnostics,
        Some(dir.path().to_path_buf()),
    );
    assert_valid(&sarif);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), diagnostics.len());
    let broken = &notes[0];
    assert_eq!(broken["level"], "error");
    assert_eq!(broken["message"]["text"], diagnostics[0].message.as_str());
    let physical = &broken["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "broken.tf");
    if let Some(line) = diagnostics[0].line {
        assert_eq!(physical["region"]["startLine"], line);
    }
    assert!(notes[notes.len() - 1].get("locations").is_none());
}
