//! The rule reference (docs/rules/ID.md, docs/rules/README.md) and docs/coverage.md are
//! generated from the rule files and their fixtures. This test fails when a file on disk
//! differs from what the rules give; `AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs`
//! rewrites them. It also holds the pack to the coverage target.

use std::collections::BTreeMap;
use std::path::Path;

use aiposture::rules::coverage;
use aiposture::rules::docs;
use aiposture::rules::load::load_all;

fn expected() -> BTreeMap<String, String> {
    let (rules, _) = load_all(None).expect("built-in rules load");
    let mut files = BTreeMap::new();
    for rule in &rules {
        files.insert(format!("docs/rules/{}.md", rule.id), docs::rule_page(rule));
    }
    files.insert("docs/rules/README.md".into(), docs::index(&rules));
    files.insert("docs/coverage.md".into(), docs::coverage_page(&rules));
    files
}

#[test]
fn generated_docs_are_current() {
    let files = expected();
    let update = std::env::var_os("AIPOSTURE_UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all("docs/rules").expect("docs/rules");
        for entry in std::fs::read_dir("docs/rules")
            .expect("docs/rules")
            .flatten()
        {
            let path = format!("docs/rules/{}", entry.file_name().to_string_lossy());
            if !files.contains_key(&path) {
                std::fs::remove_file(entry.path()).expect("remove stale page");
            }
        }
        for (path, text) in &files {
            std::fs::write(path, text).expect("write generated doc");
        }
    }
    let mut stale = Vec::new();
    for (path, text) in &files {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.clone());
        }
    }
    for entry in std::fs::read_dir("docs/rules")
        .expect("docs/rules")
        .flatten()
    {
        let path = format!("docs/rules/{}", entry.file_name().to_string_lossy());
        if !files.contains_key(&path) {
            stale.push(format!("{path} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "generated docs are stale: {stale:?}; run `AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs` and commit the result"
    );
}

#[test]
fn explain_prints_the_generated_page() {
    let (rules, _) = load_all(None).expect("built-in rules load");
    let rule = rules
        .iter()
        .find(|r| r.id == "AIP-SM-005")
        .expect("AIP-SM-005");
    let out = assert_cmd::Command::cargo_bin("aiposture")
        .expect("binary")
        .args(["explain", "AIP-SM-005"])
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), docs::rule_page(rule));
    let page = std::fs::read_to_string("docs/rules/AIP-SM-005.md").expect("page");
    assert_eq!(page, docs::rule_page(rule));
}

#[test]
fn every_checking_rule_names_its_coverage_row_and_has_examples() {
    let (rules, _) = load_all(None).expect("built-in rules load");
    let examples = aiposture::rules::load::builtin_examples();
    for rule in rules.iter().filter(|r| !r.meta) {
        assert!(
            !rule.coverage.is_empty(),
            "{} has no `coverage` row",
            rule.id
        );
        for format in rule.formats() {
            for flagged in [true, false] {
                assert!(
                    examples
                        .iter()
                        .any(|e| e.0 == rule.id && e.1 == format.as_str() && e.2 == flagged),
                    "{} has no {} {} example",
                    rule.id,
                    format.as_str(),
                    if flagged { "fail" } else { "pass" }
                );
            }
        }
        for format in rule.unsupported.keys() {
            assert!(
                !Path::new(&format!("testdata/rules/{}/{}", rule.id, format.as_str())).exists(),
                "{} says {} cannot be checked but has fixtures for it",
                rule.id,
                format.as_str()
            );
        }
    }
}

/// Every row of the coverage target has a rule, and every format the row lists is checked by
/// one of its rules or explained by one (`unsupported`).
#[test]
fn the_coverage_target_is_met() {
    let (rules, _) = load_all(None).expect("built-in rules load");
    let missing: Vec<String> = coverage::status(&rules)
        .iter()
        .filter(|st| !st.missing().is_empty() || st.rules.is_empty())
        .map(|st| {
            let formats: Vec<&str> = st.missing().iter().map(|f| f.as_str()).collect();
            format!("row {} ({})", st.row.number, formats.join(", "))
        })
        .collect();
    assert!(missing.is_empty(), "coverage target not met: {missing:?}");
}
