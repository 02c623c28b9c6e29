//! Every rule's examples are its contract. For each rule and each input format it checks,
//! `testdata/rules/ID/FORMAT/fail/CASE/` must produce this rule exactly on the lines marked
//! `expect: ID` (in a comment), and `testdata/rules/ID/FORMAT/pass/CASE/` must not produce it.
//! Where a comment cannot stand on that line (after `<<EOT`, in JSON), `expect-next-line: ID`
//! marks the line below, and a case file `EXPECT` may list `FILE:LINE ID` lines.
//! Both kinds of case must exist, and no case may have parse errors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aiposture::rules::load::load_all;
use aiposture::scan::{scan, ScanOptions};

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn expected_lines(case: &Path, rule_id: &str) -> BTreeSet<(String, u32)> {
    let marker = format!("expect: {rule_id}");
    let next_marker = format!("expect-next-line: {rule_id}");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(case).expect("case dir").flatten() {
        let path = entry.path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let rel = path.to_string_lossy().replace('\\', "/");
        if path.file_name().is_some_and(|n| n == "aiposture.toml") {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "EXPECT") {
            for line in text.lines() {
                if let Some((loc, id)) = line.split_once(' ') {
                    if id.trim() == rule_id {
                        let (file, line) = loc.rsplit_once(':').expect("FILE:LINE");
                        let file = case.join(file).to_string_lossy().replace('\\', "/");
                        out.insert((file, line.parse().expect("line number")));
                    }
                }
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if line.contains(&next_marker) {
                out.insert((rel.clone(), i as u32 + 2));
            } else if line.contains(&marker) {
                out.insert((rel.clone(), i as u32 + 1));
            }
        }
    }
    out
}

/// A case may carry `aiposture.toml` with the settings it needs (e.g. `required-tags`).
fn options(case: &Path) -> ScanOptions {
    let mut options = ScanOptions::new(vec![case.to_path_buf()]);
    let config = case.join("aiposture.toml");
    if config.is_file() {
        let loaded = aiposture::config::load(&config).expect("case config");
        options.settings.required_tags = loaded.config.required_tags;
    }
    options
}

#[test]
fn every_rule_fires_on_its_fail_cases_and_stays_quiet_on_its_pass_cases() {
    let (rules, _) = load_all(None).expect("rules load");
    let root = Path::new("testdata/rules");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in &rules {
        for format in rule.formats() {
            let base = root.join(&rule.id).join(format.as_str());
            let fails = cases(&base.join("fail"));
            let passes = cases(&base.join("pass"));
            if fails.is_empty() || passes.is_empty() {
                problems.push(format!(
                    "{} has no {} fail and pass cases under {}",
                    rule.id,
                    format,
                    base.display()
                ));
                continue;
            }
            for case in fails.iter().chain(passes.iter()) {
                let outcome = scan(&rules, &options(case)).expect("scan");
                if !outcome.diagnostics.is_empty() {
                    problems.push(format!(
                        "{}: errors {:?}",
                        case.display(),
                        outcome.diagnostics
                    ));
                }
                let got: BTreeSet<(String, u32)> = outcome
                    .evaluation
                    .findings
                    .iter()
                    .filter(|f| f.rule_id == rule.id)
                    .map(|f| (f.location.file.clone(), f.location.start_line))
                    .collect();
                let want = expected_lines(case, &rule.id);
                let is_fail = fails.contains(case);
                if is_fail && want.is_empty() {
                    problems.push(format!(
                        "{}: fail case marks no `expect: {}` line",
                        case.display(),
                        rule.id
                    ));
                }
                if got != want {
                    problems.push(format!(
                        "{}: {} expected findings at {:?}, got {:?}",
                        case.display(),
                        rule.id,
                        want,
                        got
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(checked >= rules.len() * 2);
}

/// A rule directory under testdata/rules must belong to a rule, so fixtures cannot rot.
#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    let (rules, _) = load_all(None).expect("rules load");
    let ids: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    for entry in std::fs::read_dir("testdata/rules")
        .expect("testdata/rules")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(
            ids.contains(name.as_str()),
            "testdata/rules/{name} has no rule"
        );
    }
}
