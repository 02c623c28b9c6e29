//! The command line as a user meets it: exit codes, formats, bad input, redaction.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const EXAMPLE: &str = "testdata/examples/genai-platform";
/// The fake OpenAI key in the example's Lambda environment.
const EXAMPLE_SECRET: &str = "R8ugneDJ7CFKfue08OicSjXXGlbuXLOiwfWEydcew6AbdmM1";

fn aiposture() -> Command {
    Command::cargo_bin("aiposture").expect("binary")
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON")
}

/// The rule ids of the findings of a JSON scan with these arguments.
fn rule_ids(args: &[&str]) -> Vec<String> {
    let out = aiposture()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    json_of(&out.stdout)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect()
}

/// Versions and digests change with every release; the snapshot pins the shape and content.
fn redact_volatile(mut v: serde_json::Value) -> serde_json::Value {
    v["tool"]["version"] = "[version]".into();
    v["tool"]["rules_digest"] = "[digest]".into();
    v
}

#[test]
fn example_json_matches_snapshot() {
    let out = aiposture()
        .args(["scan", EXAMPLE, "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json = json_of(&out);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["tool"]["name"], "aiposture");
    assert!(json["tool"]["rules_digest"]
        .as_str()
        .is_some_and(|d| d.starts_with("sha256:")));
    insta::assert_json_snapshot!("genai_platform_json", redact_volatile(json));
}

#[test]
fn example_covers_the_six_headline_gaps() {
    let out = aiposture()
        .args(["scan", EXAMPLE, "--format", "json"])
        .output()
        .expect("runs");
    let json = json_of(&out.stdout);
    let categories: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["category"].as_str())
        .collect();
    for c in [
        "encryption-in-transit",
        "encryption-at-rest",
        "public-exposure",
        "iam-privilege",
        "network-isolation",
        "credentials",
    ] {
        assert!(categories.contains(&c), "no {c} finding");
    }
}

#[test]
fn secrets_are_redacted_in_every_format() {
    for format in ["text", "json"] {
        aiposture()
            .args(["scan", EXAMPLE, "--format", format, "--show-unknown"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(EXAMPLE_SECRET).not())
            .stdout(predicate::str::contains("redacted"))
            .stderr(predicate::str::contains(EXAMPLE_SECRET).not());
    }
}

#[test]
fn clean_scan_prints_nothing_and_exits_zero() {
    aiposture()
        .args([
            "scan",
            // Hardened against every rule (the precision test holds it to zero findings).
            "testdata/examples/hardened-platform",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn fail_on_threshold_decides_exit_code() {
    // The fixture's notebook has a KMS key and direct internet access: one high finding.
    let case = "testdata/rules/AIP-SM-005/terraform/fail/absent-defaults-enabled";
    aiposture()
        .args(["scan", case, "--fail-on", "critical"])
        .assert()
        .code(0);
    aiposture()
        .args(["scan", case, "--fail-on", "high"])
        .assert()
        .code(1);
    aiposture()
        .args(["scan", case, "--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn unknown_values_are_quiet_unless_asked() {
    let case = "testdata/rules/AIP-SM-005/terraform/pass/unknown-variable";
    assert!(!rule_ids(&["scan", case]).contains(&"AIP-SM-005".to_string()));
    let out = aiposture()
        .args(["scan", case, "--format", "json", "--show-unknown"])
        .output()
        .expect("runs");
    let json = json_of(&out.stdout);
    let unknown = json["unknown"].as_array().expect("unknown listed");
    assert!(unknown.iter().any(|u| u["rule_id"] == "AIP-SM-005"
        && u["reason"]
            .as_str()
            .is_some_and(|r| r.contains("var.internet"))));
}

#[test]
fn var_flag_resolves_unknown_variable() {
    let case = "testdata/rules/AIP-SM-005/terraform/pass/unknown-variable";
    assert!(
        rule_ids(&["scan", case, "--var", "internet=Enabled"]).contains(&"AIP-SM-005".to_string())
    );
    assert!(!rule_ids(&["scan", case, "--var", "internet=Disabled"])
        .contains(&"AIP-SM-005".to_string()));
}

#[test]
fn named_file_reports_only_that_file_but_loads_its_directory() {
    // stage.tf alone would not know the API fronts SageMaker; api.tf beside it says so.
    let stage = "testdata/rules/AIP-API-001/terraform/fail/sagemaker-direct/stage.tf";
    let api = "testdata/rules/AIP-API-001/terraform/fail/sagemaker-direct/api.tf";
    aiposture()
        .args(["scan", stage, "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AIP-API-001"));
    aiposture().args(["scan", api]).assert().code(0).stdout("");
}

#[test]
fn syntax_error_is_reported_with_line_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("broken.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl = \n}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("nb.tf"),
        "resource \"aws_sagemaker_notebook_instance\" \"n\" {\n  kms_key_id = \"k\"\n}\n",
    )
    .expect("write");
    let out = aiposture()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    // Findings at or above --fail-on decide first (1); the parse error is in `errors`.
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out.stdout);
    assert_eq!(json["errors"][0]["file"], "broken.tf");
    assert_eq!(json["errors"][0]["line"], 3);
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert!(rules.contains(&"AIP-SM-005"), "{rules:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.tf:3:"));
    // Without findings over the threshold, the parse error makes it an operational error.
    aiposture()
        .current_dir(dir.path())
        .args(["scan", ".", "--fail-on", "never"])
        .assert()
        .code(2);
}

#[test]
fn bad_files_are_reported_never_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    std::fs::write(p.join("latin1.tf"), b"# caf\xe9\nresource \"a\" \"b\" {}\n").expect("write");
    std::fs::write(p.join("binary.tf"), b"\x00\x01\x02ELF").expect("write");
    std::fs::write(p.join("empty.tf"), b"").expect("write");
    std::fs::write(p.join("big.tf"), "# padding\n".repeat(200)).expect("write");
    std::fs::write(
        p.join("bom.tf"),
        "\u{feff}resource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n}\n",
    )
    .expect("write");
    let out = aiposture()
        .current_dir(p)
        .args(["scan", ".", "--format", "json", "--max-file-size", "1000"])
        .output()
        .expect("runs");
    let json = json_of(&out.stdout);
    let errors = json["errors"].as_array().expect("errors");
    let by_file = |f: &str| {
        errors
            .iter()
            .find(|e| e["file"] == f)
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
    };
    assert!(
        by_file("latin1.tf").is_some_and(|m| m.contains("UTF-8")),
        "{errors:?}"
    );
    assert!(
        by_file("binary.tf").is_some_and(|m| m.contains("NUL")),
        "{errors:?}"
    );
    assert!(
        by_file("big.tf").is_some_and(|m| m.contains("limit")),
        "{errors:?}"
    );
    assert!(
        by_file("empty.tf").is_none(),
        "an empty .tf is valid Terraform"
    );
    // The BOM file is still scanned.
    assert_eq!(json["findings"][0]["rule_id"], "AIP-CRED-001");
    assert_eq!(json["findings"][0]["location"]["start_line"], 1);
}

#[test]
fn bad_rule_file_stops_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("mine.yaml"),
        "id: AIP-MY-001\nslug: my-rule\ntitle: t\nseverity: loud\n",
    )
    .expect("write");
    aiposture()
        .args(["scan", EXAMPLE, "--rules"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.yaml:4:"));
}

#[test]
fn user_rules_run_beside_the_builtin_pack() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("AIP-ORG-001.yaml"),
        r#"id: AIP-ORG-001
slug: notebook-large-instance
title: Notebook uses a GPU instance
severity: low
category: governance
description: GPU notebooks need a cost owner.
remediation:
  summary: Use a CPU instance for notebooks.
  snippets:
    terraform: instance_type = "ml.t3.medium"
references: [https://docs.aws.amazon.com/sagemaker/latest/dg/notebooks-available-instance-types.html]
frameworks_note: an internal cost rule, not a security control
checks:
  terraform:
    - resource_types: [aws_sagemaker_notebook_instance]
      fail_when: {attr: instance_type, matches: '^ml\.(g|p)[0-9]'}
      message: "instance_type is {value}"
"#,
    )
    .expect("write");
    let out = aiposture()
        .args(["scan", EXAMPLE, "--format", "json", "--rules"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let json = json_of(&out.stdout);
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert!(ids.contains(&"AIP-SM-005"));
    // The example's notebooks are ml.t3 instances: the user rule runs and stays quiet.
    assert!(!ids.contains(&"AIP-ORG-001"));
    aiposture()
        .args(["rules", "--rules"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("AIP-ORG-001"));
}

#[test]
fn explain_prints_rule_and_unknown_id_fails() {
    aiposture()
        .args(["explain", "AIP-SM-005"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("(when not set: `Enabled`)"))
        .stdout(predicate::str::contains(
            "direct_internet_access = \"Disabled\"",
        ));
    aiposture()
        .args(["explain", "sagemaker-notebook-direct-internet"])
        .assert()
        .code(0);
    aiposture()
        .args(["explain", "AIP-NOPE-999"])
        .assert()
        .code(2);
}

#[test]
fn missing_path_and_bad_flags_are_operational_errors() {
    aiposture()
        .args(["scan", "does/not/exist"])
        .assert()
        .code(2);
    aiposture()
        .args(["scan", EXAMPLE, "--fail-on", "loud"])
        .assert()
        .code(2);
    aiposture()
        .args(["scan", EXAMPLE, "--var", "novalue"])
        .assert()
        .code(2);
}

#[test]
fn exclude_and_gitignore_are_honoured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let bad = "resource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n}\n";
    for sub in ["kept", "excluded", "ignored", ".terraform/modules/m"] {
        std::fs::create_dir_all(p.join(sub)).expect("mkdir");
        std::fs::write(p.join(sub).join("main.tf"), bad).expect("write");
    }
    std::fs::write(p.join(".gitignore"), "ignored/\n").expect("write");
    let out = aiposture()
        .current_dir(p)
        .args(["scan", ".", "--format", "json", "--exclude", "excluded/"])
        .output()
        .expect("runs");
    let json = json_of(&out.stdout);
    let files: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["location"]["file"].as_str())
        .collect();
    assert_eq!(files, vec!["kept/main.tf"]);
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("report.json");
    aiposture()
        .args(["scan", EXAMPLE, "--format", "json", "--output"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout("");
    assert!(Path::new(&target).exists());
    json_of(&std::fs::read(&target).expect("read"));
}

/// Regression: `scan dir/` (shell completion adds the slash) reported nothing, because the
/// scope prefix became `dir//`.
#[test]
fn trailing_slash_on_the_scan_path_keeps_findings() {
    let with = rule_ids(&["scan", "testdata/examples/genai-platform/"]);
    let without = rule_ids(&["scan", "testdata/examples/genai-platform"]);
    assert_eq!(with.len(), 20);
    assert_eq!(with, without);
}
