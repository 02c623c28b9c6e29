//! The precision guard. A realistic, fully hardened platform (Terraform and CloudFormation)
//! must give no finding at all, with every rule on (required tags included); the open
//! platforms must give exactly the findings listed in testdata/examples/expected/, no more and
//! no fewer. Add to both whenever a rule is added. `AIPOSTURE_UPDATE_EXPECTED=1 cargo test
//! --test precision` rewrites the lists (review the diff: every new line is a claim that the
//! example really has that gap).

use std::path::PathBuf;

use aiposture::rules::cond::Settings;
use aiposture::rules::load::load_all;
use aiposture::scan::{scan, ScanOptions};

const HARDENED: &[&str] = &[
    "testdata/examples/hardened-platform",
    "testdata/examples/hardened-platform-cfn",
];

const OPEN: &[(&str, &str)] = &[
    (
        "testdata/examples/genai-platform",
        "testdata/examples/expected/genai-platform.txt",
    ),
    (
        "testdata/examples/genai-platform-cfn",
        "testdata/examples/expected/genai-platform-cfn.txt",
    ),
];

/// The tags the hardened platform carries on every AI resource.
const TAGS: &[&str] = &["owner", "data-classification", "criticality"];

/// `RULE ADDRESS FILE:LINE` per finding, sorted.
fn findings(path: &str, tags: &[&str]) -> Vec<String> {
    let (rules, _) = load_all(None).expect("built-in rules");
    let options = ScanOptions {
        settings: Settings {
            required_tags: tags.iter().map(|t| t.to_string()).collect(),
        },
        ..ScanOptions::new(vec![PathBuf::from(path)])
    };
    let outcome = scan(&rules, &options).expect("scan");
    assert!(
        outcome.diagnostics.is_empty(),
        "{path} has errors: {:?}",
        outcome.diagnostics
    );
    let mut lines: Vec<String> = outcome
        .evaluation
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f.rule_id, f.resource.address, f.location.file, f.location.start_line
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_hardened_platform_has_no_finding() {
    for path in HARDENED {
        let found = findings(path, TAGS);
        assert!(
            found.is_empty(),
            "{path} is meant to be fully hardened, but:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_open_platform_has_exactly_the_expected_findings() {
    let update = std::env::var_os("AIPOSTURE_UPDATE_EXPECTED").is_some();
    for (path, list) in OPEN {
        let found = findings(path, &[]);
        let text = found.iter().map(|l| format!("{l}\n")).collect::<String>();
        if update {
            std::fs::create_dir_all("testdata/examples/expected").expect("dir");
            std::fs::write(list, &text).expect("write list");
        }
        let expected = std::fs::read_to_string(list).unwrap_or_default();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let missing: Vec<&&str> = expected
            .iter()
            .filter(|l| !found.iter().any(|f| f == *l))
            .collect();
        let extra: Vec<&String> = found
            .iter()
            .filter(|f| !expected.contains(&f.as_str()))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{path}: findings no longer raised: {missing:#?}\nnew findings: {extra:#?}\n(AIPOSTURE_UPDATE_EXPECTED=1 rewrites {list} after review)"
        );
    }
}
