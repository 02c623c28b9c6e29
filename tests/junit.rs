//! `--format junit` through the library: the XML parses, its counts add up, accepted risks are
//! skipped rather than failed, unparsable inputs are errors, and odd text cannot break it.

use std::path::PathBuf;

use aiposture::diagnostic::Diagnostic;
use aiposture::report::{junit, Report};
use aiposture::rules::engine::{
    BaselineState, Finding, ResourceRef, Suppression, SuppressionKind, UnknownResult,
};
use aiposture::rules::load::load_all;
use aiposture::rules::Rule;
use aiposture::scan::{scan, ScanOptions, DEFAULT_MAX_FILE_SIZE};

const EXAMPLE: &str = "testdata/examples/genai-platform";
/// The fake OpenAI key in the example's Lambda environment.
const EXAMPLE_SECRET: &str = "R8ugneDJ7CFKfue08OicSjXXGlbuXLOiwfWEydcew6AbdmM1";
const SMALL_FIXTURE: &str = "testdata/rules/AIP-SM-005/terraform/fail/absent-defaults-enabled";

/// A scan as `run_scan` in main.rs does it, kept owned so tests can edit it before rendering.
struct Scanned {
    rules: Vec<Rule>,
    findings: Vec<Finding>,
    passed: Vec<aiposture::rules::engine::Passed>,
    unknown: Option<Vec<UnknownResult>>,
    diagnostics: Vec<Diagnostic>,
    files: usize,
    resources: usize,
}

impl Scanned {
    fn of(path: impl Into<PathBuf>) -> Scanned {
        let (rules, _sources) = load_all(None).expect("built-in rules load");
        let options = ScanOptions {
            paths: vec![path.into()],
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            ..ScanOptions::default()
        };
        let outcome = scan(&rules, &options).expect("scan runs");
        Scanned {
            rules,
            findings: outcome.evaluation.findings,
            passed: outcome.evaluation.passed,
            unknown: None,
            diagnostics: outcome.diagnostics,
            files: outcome.files,
            resources: outcome.resources,
        }
    }

    fn render(&self) -> String {
        let report = Report {
            version: aiposture::VERSION,
            rules_digest: "sha256:test",
            rules: &self.rules,
            findings: &self.findings,
            passed: &self.passed,
            unknown: self.unknown.as_deref(),
            diagnostics: &self.diagnostics,
            files: self.files,
            resources: self.resources,
            inventory: &[],
            provenance: &Default::default(),
            sarif_root: None,
        };
        junit::render(&report)
    }
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{xml}"))
}

fn count_attr(node: roxmltree::Node, name: &str) -> usize {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
        .parse()
        .expect("a number")
}

fn elements<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    tag: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    doc.descendants().filter(move |n| n.has_tag_name(tag))
}

/// The attribute `attr` of the one `<skipped>`/`<failure>`/`<error>` inside each test case.
fn outcome_attrs(doc: &roxmltree::Document, tag: &str, attr: &str) -> Vec<String> {
    elements(doc, tag)
        .filter_map(|n| n.attribute(attr).map(str::to_string))
        .collect()
}

#[test]
fn example_parses_and_counts_add_up() {
    let scanned = Scanned::of(EXAMPLE);
    assert!(scanned.diagnostics.is_empty(), "the example parses cleanly");
    let xml = scanned.render();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let doc = parse(&xml);
    let root = doc.root_element();
    assert!(root.has_tag_name("testsuites"));
    assert_eq!(root.attribute("name"), Some("aiposture"));

    let active = scanned.findings.iter().filter(|f| f.is_active()).count();
    assert_eq!(active, 20, "the README promises 20 findings");
    assert_eq!(count_attr(root, "failures"), active);
    assert_eq!(count_attr(root, "errors"), 0);
    assert_eq!(count_attr(root, "skipped"), 0);
    assert_eq!(
        count_attr(root, "tests"),
        scanned.findings.len() + scanned.passed.len()
    );
    assert_eq!(elements(&doc, "failure").count(), active);
    assert_eq!(
        elements(&doc, "testcase").count(),
        count_attr(root, "tests")
    );

    // Each suite's counts match its own test cases, and add up to the root's.
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let ran: Vec<&Rule> = scanned.rules.iter().filter(|r| !r.deprecated).collect();
    assert_eq!(suites.len(), ran.len(), "one suite per rule that ran");
    for (suite, rule) in suites.iter().zip(&ran) {
        let expected_name = format!("{} {}", rule.id, rule.title);
        assert_eq!(suite.attribute("name"), Some(expected_name.as_str()));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(count_attr(*suite, "tests"), cases.len());
        let with = |tag: &str| {
            cases
                .iter()
                .filter(|c| c.children().any(|x| x.has_tag_name(tag)))
                .count()
        };
        assert_eq!(count_attr(*suite, "failures"), with("failure"));
        assert_eq!(count_attr(*suite, "skipped"), with("skipped"));
        for case in cases {
            let name = case.attribute("name").expect("name");
            assert!(name.starts_with(&format!("{} ", rule.id)), "{name}");
        }
    }
    let sum = |attr: &str| suites.iter().map(|s| count_attr(*s, attr)).sum::<usize>();
    assert_eq!(sum("tests"), count_attr(root, "tests"));
    assert_eq!(sum("failures"), count_attr(root, "failures"));

    assert!(
        !xml.contains(EXAMPLE_SECRET),
        "the hard-coded key must be redacted in JUnit output too"
    );
}

#[test]
fn every_failure_has_message_and_type_and_every_case_a_location() {
    let scanned = Scanned::of(EXAMPLE);
    let xml = scanned.render();
    let doc = parse(&xml);
    for failure in elements(&doc, "failure") {
        assert!(failure.attribute("message").is_some_and(|m| !m.is_empty()));
        let severity = failure.attribute("type").expect("type");
        assert!(
            ["critical", "high", "medium", "low", "info"].contains(&severity),
            "{severity}"
        );
        let body = failure.text().expect("failure text");
        for field in [
            "severity: ",
            "category: ",
            "location: ",
            "remediation: ",
            "fingerprint: ",
        ] {
            assert!(body.contains(field), "no {field} in {body}");
        }
    }
    for case in elements(&doc, "testcase") {
        assert!(case.attribute("classname").is_some());
        assert!(case
            .attribute("file")
            .is_some_and(|f| f.starts_with(EXAMPLE)));
        let line: u32 = case
            .attribute("line")
            .expect("line")
            .parse()
            .expect("number");
        assert!(line > 0);
    }
    // Each finding points at its own file and line, as GitLab links them.
    for f in &scanned.findings {
        let name = format!("{} {}", f.rule_id, f.resource.address);
        let line = f.location.start_line.to_string();
        assert!(
            elements(&doc, "testcase").any(|c| c.attribute("name") == Some(name.as_str())
                && c.attribute("file") == Some(f.location.file.as_str())
                && c.attribute("line") == Some(line.as_str())),
            "no test case for {name}"
        );
    }
}

#[test]
fn small_fixture_matches_snapshot() {
    let xml = Scanned::of(SMALL_FIXTURE).render();
    parse(&xml);
    // The version is not part of the JUnit output today; redact it should it ever appear.
    let xml = xml.replace(&format!("\"{}\"", aiposture::VERSION), "\"[version]\"");
    insta::assert_snapshot!("absent_defaults_enabled_junit", xml);
}

#[test]
fn suppressed_and_baselined_findings_are_skipped_not_failed() {
    let mut scanned = Scanned::of(SMALL_FIXTURE);
    let original = scanned.findings.first().expect("the fixture fails").clone();
    let mut suppressed = original.clone();
    suppressed.suppression = Some(Suppression {
        kind: SuppressionKind::Waiver,
        reason: "research sandbox, no data".to_string(),
        approved_by: Some("security@example.com".to_string()),
        approved_on: Some("2025-01-02".to_string()),
        expires: Some("2099-12-31".to_string()),
        ticket: Some("SEC-42".to_string()),
        source_file: ".aiposture.toml".to_string(),
        source_line: 7,
    });
    let mut bare = original.clone();
    bare.suppression = Some(Suppression {
        kind: SuppressionKind::Inline,
        reason: "accepted".to_string(),
        approved_by: None,
        approved_on: None,
        expires: None,
        ticket: None,
        source_file: "main.tf".to_string(),
        source_line: 1,
    });
    let mut baselined = original.clone();
    baselined.baseline = Some(BaselineState::Unchanged);
    let mut new_in_baseline = original;
    new_in_baseline.baseline = Some(BaselineState::New);
    scanned.findings = vec![suppressed, bare, baselined, new_in_baseline];

    let xml = scanned.render();
    let doc = parse(&xml);
    let root = doc.root_element();
    assert_eq!(count_attr(root, "skipped"), 3);
    assert_eq!(
        count_attr(root, "failures"),
        1,
        "only the new finding fails"
    );
    assert_eq!(
        outcome_attrs(&doc, "skipped", "message"),
        [
            "suppressed (waiver) by security@example.com until 2099-12-31: research sandbox, no data",
            "suppressed (inline): accepted",
            "in baseline",
        ]
    );
    // The skipped body keeps what an auditor asks about: where it was accepted, and the ticket.
    let body = elements(&doc, "skipped")
        .next()
        .and_then(|n| n.text())
        .expect("skipped text");
    assert!(body.contains("waiver at .aiposture.toml:7"), "{body}");
    assert!(body.contains("ticket: SEC-42"), "{body}");
    assert!(body.contains("AIP-SM-005"), "{body}");
}

#[test]
fn markup_and_control_characters_cannot_break_the_xml() {
    let mut scanned = Scanned::of(SMALL_FIXTURE);
    let mut odd = scanned.findings.first().expect("the fixture fails").clone();
    odd.message = "tag <b> & \"quoted\" 'single' ]]> bell\u{1}\u{0}\u{1b}!\ttab".to_string();
    odd.resource.address = "aws_x.a<&>\"'".to_string();
    odd.remediation = "use <this> & that\u{7}".to_string();
    scanned.findings = vec![odd];
    scanned.passed.clear();

    let xml = scanned.render();
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{0}') && !xml.contains('\u{1b}'));
    let doc = parse(&xml);
    let failure = elements(&doc, "failure").next().expect("a failure");
    let expected = "tag <b> & \"quoted\" 'single' ]]> bell!\ttab";
    assert_eq!(failure.attribute("message"), Some(expected));
    let body = failure.text().expect("text");
    assert!(body.contains(&format!("message: {expected}\n")), "{body}");
    assert!(body.contains("remediation: use <this> & that\n"), "{body}");
    let case = elements(&doc, "testcase").next().expect("a test case");
    assert_eq!(case.attribute("classname"), Some("aws_x.a<&>\"'"));
    assert_eq!(case.attribute("name"), Some("AIP-SM-005 aws_x.a<&>\"'"));
}

#[test]
fn diagnostics_become_error_test_cases() {
    let mut scanned = Scanned::of(SMALL_FIXTURE);
    scanned.diagnostics = vec![
        Diagnostic::new(
            "infra/broken.tf",
            Some(3),
            "HCL syntax error: expected `}` <here> & \u{2}".to_string(),
        ),
        Diagnostic::new(
            "infra/huge.tf",
            None,
            "file is larger than 10 MB".to_string(),
        ),
    ];
    let xml = scanned.render();
    let doc = parse(&xml);
    let root = doc.root_element();
    assert_eq!(count_attr(root, "errors"), 2);
    assert_eq!(count_attr(root, "failures"), 1);
    assert_eq!(
        count_attr(root, "tests"),
        scanned.findings.len() + scanned.passed.len() + 2
    );
    let suite = root
        .children()
        .rfind(|n| n.has_tag_name("testsuite"))
        .expect("a suite");
    assert_eq!(suite.attribute("name"), Some("aiposture input errors"));
    assert_eq!(count_attr(suite, "errors"), 2);
    assert_eq!(
        outcome_attrs(&doc, "error", "message"),
        [
            "infra/broken.tf:3: HCL syntax error: expected `}` <here> & ",
            "infra/huge.tf: file is larger than 10 MB",
        ]
    );
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases[0].attribute("file"), Some("infra/broken.tf"));
    assert_eq!(cases[0].attribute("line"), Some("3"));
    assert_eq!(
        cases[1].attribute("line"),
        None,
        "no line is better than a wrong one"
    );
}

#[test]
fn a_file_that_does_not_parse_shows_up_as_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"aws_sagemaker_notebook_instance\" \"x\" {\n  name = \n",
    )
    .expect("write");
    let scanned = Scanned::of(dir.path());
    assert!(!scanned.diagnostics.is_empty(), "the scan reports the file");
    let xml = scanned.render();
    let doc = parse(&xml);
    assert_eq!(
        count_attr(doc.root_element(), "errors"),
        scanned.diagnostics.len()
    );
    let error = elements(&doc, "error").next().expect("an error element");
    assert!(error
        .attribute("message")
        .is_some_and(|m| m.contains("broken.tf")));
}

#[test]
fn unknown_checks_are_skipped_only_when_asked_for() {
    let mut scanned = Scanned::of(SMALL_FIXTURE);
    let without = scanned.render();
    assert!(!without.contains("unknown:"));
    let f = scanned.findings.first().expect("the fixture fails").clone();
    scanned.unknown = Some(vec![UnknownResult {
        rule_id: "AIP-SM-002".to_string(),
        resource: ResourceRef { ..f.resource },
        location: f.location,
        reason: "var.kms_key has no value".to_string(),
    }]);
    let xml = scanned.render();
    let doc = parse(&xml);
    let root = doc.root_element();
    assert_eq!(count_attr(root, "skipped"), 1);
    assert_eq!(count_attr(root, "failures"), 1);
    assert_eq!(
        outcome_attrs(&doc, "skipped", "message"),
        ["unknown: var.kms_key has no value"]
    );
}
