//! Suppressions, waivers, baselines and the config file, as a team meets them: each accepted
//! risk stays visible and marked, expired and unused ones are reported, mistakes stop the run
//! with the file and line.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn aiposture(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("aiposture").expect("binary");
    cmd.current_dir(dir);
    cmd
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn findings(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// A notebook that is hardened (KMS key, private subnet, no root, IMDSv2 only) but keeps direct
/// internet access: exactly one finding (AIP-SM-005). The account's trail and detector follow
/// it, so the stack-level AIP-LOG-001 stays quiet.
fn notebook(comment: &str) -> String {
    format!(
        r#"{comment}
resource "aws_sagemaker_notebook_instance" "research" {{
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"
  root_access   = "Disabled"

  instance_metadata_service_configuration {{
    minimum_instance_metadata_service_version = "2"
  }}
}}

resource "aws_cloudtrail" "main" {{
  name           = "audit"
  s3_bucket_name = "acme-audit-trail"
}}

resource "aws_guardduty_detector" "main" {{}}
"#
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    if let Some(parent) = dir.join(name).parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(dir.join(name), text).expect("write");
}

#[test]
fn inline_ignore_suppresses_but_keeps_the_finding_visible() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        &notebook("# aiposture:ignore AIP-SM-005 reason=\"isolated sandbox, no data\" expires=2099-12-31 ticket=SEC-42"),
    );
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "suppressed findings do not fail"
    );
    let v = json(&out);
    let f = &findings(&v)[0];
    assert_eq!(f["rule_id"], "AIP-SM-005");
    assert_eq!(f["suppression"]["kind"], "inline");
    assert_eq!(f["suppression"]["reason"], "isolated sandbox, no data");
    assert_eq!(f["suppression"]["expires"], "2099-12-31");
    assert_eq!(f["suppression"]["ticket"], "SEC-42");
    assert_eq!(f["suppression"]["source"]["line"], 1);
    assert_eq!(v["summary"]["suppressed"], 1);
    // Text shows a count, and lists them with --show-suppressed.
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "1 suppressed (--show-suppressed lists them)",
        ))
        .stdout(predicate::str::contains("AIP-SM-005").not());
    aiposture(dir.path())
        .args(["scan", ".", "--show-suppressed", "--color", "never"])
        .assert()
        .stdout(predicate::str::contains("AIP-SM-005"))
        .stdout(predicate::str::contains(
            "suppressed (inline until 2099-12-31",
        ));
}

#[test]
fn inline_ignore_on_the_resource_line_works_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = notebook("").replace(
        "\"research\" {",
        "\"research\" { # aiposture:ignore AIP-SM-005 reason=\"sandbox\"",
    );
    write(dir.path(), "main.tf", &text);
    aiposture(dir.path()).args(["scan", "."]).assert().code(0);
}

#[test]
fn ignore_without_reason_is_an_error_and_does_not_suppress() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        &notebook("# aiposture:ignore AIP-SM-005"),
    );
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert!(findings(&v)[0]["suppression"].is_null());
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("without reason"));
    assert_eq!(v["errors"][0]["line"], 1);
}

#[test]
fn ignore_naming_an_unknown_rule_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        &notebook("# aiposture:ignore AIP-XX-999 reason=\"typo\""),
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "main.tf:1: aiposture:ignore names unknown rule `AIP-XX-999`",
        ));
}

#[test]
fn expired_ignore_stops_suppressing_and_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        &notebook(
            "# aiposture:ignore AIP-SM-005 reason=\"until the VPC lands\" expires=2020-01-31",
        ),
    );
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let all = findings(&v);
    let ids: Vec<&str> = all.iter().filter_map(|f| f["rule_id"].as_str()).collect();
    assert_eq!(ids, vec!["AIP-SUP-001", "AIP-SM-005"]);
    let expired = &findings(&v)[0];
    assert_eq!(expired["location"]["start_line"], 1);
    assert!(expired["message"]
        .as_str()
        .unwrap_or("")
        .contains("expired on 2020-01-31"));
    assert!(findings(&v)[1]["suppression"].is_null());
}

#[test]
fn unused_ignore_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{}\n# aiposture:ignore AIP-SM-002 reason=\"the key is set now\"\nresource \"aws_s3_bucket\" \"b\" {{}}\n",
        notebook("")
    );
    write(dir.path(), "main.tf", &text);
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json", "--fail-on", "critical"])
        .output()
        .expect("runs");
    let v = json(&out);
    let unused: Vec<_> = findings(&v)
        .into_iter()
        .filter(|f| f["rule_id"] == "AIP-SUP-002")
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["severity"], "info");
    // The ignore comment sits after the notebook and a blank line.
    let ignore_line = notebook("").lines().count() + 2;
    assert_eq!(unused[0]["location"]["start_line"], ignore_line);
}

const WAIVER: &str = r#"waivers:
  - rule: AIP-SM-005
    resource: aws_sagemaker_notebook_instance.research
    reason: Research sandbox account with no customer data
    approved_by: head-of-security@example.com
    approved_on: 2026-10-01
    expires: 2099-06-30
    ticket: RISK-118
"#;

#[test]
fn waiver_file_suppresses_with_its_approval_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "infra/main.tf", &notebook(""));
    write(dir.path(), ".aiposture-waivers.yaml", WAIVER);
    // Found by walking up from the scanned directory.
    let out = aiposture(dir.path())
        .args(["scan", "infra", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let s = &findings(&v)[0]["suppression"];
    assert_eq!(s["kind"], "waiver");
    assert_eq!(s["approved_by"], "head-of-security@example.com");
    assert_eq!(s["approved_on"], "2026-10-01");
    assert_eq!(s["expires"], "2099-06-30");
    assert_eq!(s["ticket"], "RISK-118");
    assert_eq!(s["source"]["line"], 2);
}

#[test]
fn waiver_without_approver_or_expiry_stops_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture-waivers.yaml",
        &WAIVER.replace("    approved_by: head-of-security@example.com\n", ""),
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".aiposture-waivers.yaml:2:"))
        .stderr(predicate::str::contains("approved_by"));
    write(
        dir.path(),
        ".aiposture-waivers.yaml",
        &WAIVER.replace("expires: 2099-06-30", "expires: someday"),
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a date"));
    write(
        dir.path(),
        ".aiposture-waivers.yaml",
        &WAIVER.replace("    ticket:", "    tikcet:"),
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tikcet"));
}

#[test]
fn unused_waiver_is_reported_only_for_whole_directory_scans() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    );
    write(dir.path(), ".aiposture-waivers.yaml", WAIVER);
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    let v = json(&out);
    let f = &findings(&v)[0];
    assert_eq!(f["rule_id"], "AIP-SUP-002");
    assert_eq!(f["location"]["file"], ".aiposture-waivers.yaml");
    assert_eq!(f["location"]["start_line"], 2);
    let out = aiposture(dir.path())
        .args(["scan", "main.tf", "--format", "json"])
        .output()
        .expect("runs");
    assert!(findings(&json(&out)).is_empty());
}

#[test]
fn expired_waiver_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture-waivers.yaml",
        &WAIVER.replace("2099-06-30", "2021-06-30"),
    );
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> = findings(&json(&out))
        .iter()
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.contains(&"AIP-SUP-001".to_string()), "{ids:?}");
    assert!(ids.contains(&"AIP-SM-005".to_string()), "{ids:?}");
}

#[test]
fn baseline_reports_only_new_findings_and_keeps_known_ones_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    aiposture(dir.path())
        .args(["baseline", "create", "."])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "wrote 1 findings to .aiposture-baseline.json",
        ));
    aiposture(dir.path())
        .args(["scan", ".", "--baseline", ".aiposture-baseline.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 in baseline"));
    // A new gap appears: only it fails the run; the known one is still in JSON, marked.
    write(
        dir.path(),
        "keys.tf",
        "resource \"aws_iam_access_key\" \"k\" {\n  user = \"ci\"\n}\n",
    );
    let out = aiposture(dir.path())
        .args([
            "scan",
            ".",
            "--baseline",
            ".aiposture-baseline.json",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let states: Vec<(String, String)> = findings(&v)
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["baseline_state"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("AIP-CRED-001".to_string(), "new".to_string()),
            ("AIP-SM-005".to_string(), "unchanged".to_string())
        ]
    );
    assert_eq!(v["summary"]["baselined"], 1);
}

#[test]
fn malformed_baseline_stops_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        "base.json",
        "{\n  \"schema_version\": 1,\n  \"findings\": [,]\n}\n",
    );
    aiposture(dir.path())
        .args(["scan", ".", "--baseline", "base.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("base.json:3:"));
}

#[test]
fn config_is_found_by_walking_up_and_flags_win() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "infra/ml/main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture.toml",
        "format = \"json\"\nfail-on = \"critical\"\n\n[rules.severity]\nsagemaker-notebook-direct-internet = \"medium\"\n",
    );
    let out = aiposture(dir.path())
        .args(["scan", "infra/ml"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "fail-on critical from the config"
    );
    let v = json(&out);
    assert_eq!(findings(&v)[0]["severity"], "medium");
    aiposture(dir.path())
        .args(["scan", "infra/ml", "--fail-on", "medium"])
        .assert()
        .code(1);
    aiposture(dir.path())
        .args(["scan", "infra/ml", "--no-config"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("HIGH"));
}

#[test]
fn config_can_disable_rules_and_categories() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture.toml",
        "[rules]\ndisable-categories = [\"public-exposure\"]\n",
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout("");
    write(
        dir.path(),
        ".aiposture.toml",
        "[rules]\ndisable = [\"AIP-SM-005\"]\n",
    );
    aiposture(dir.path()).args(["scan", "."]).assert().code(0);
}

#[test]
fn config_mistakes_stop_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture.toml",
        "format = \"json\"\nfial-on = \"high\"\n",
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".aiposture.toml:2:"))
        .stderr(predicate::str::contains("fial-on"));
    write(
        dir.path(),
        ".aiposture.toml",
        "\n[rules]\ndisable = [\"AIP-NOPE-001\"]\n",
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".aiposture.toml:3: no rule `AIP-NOPE-001`",
        ));
    write(dir.path(), ".aiposture.toml", "format = \"yaml\"\n");
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".aiposture.toml:1: format `yaml`"));
    // An explicit --config that does not exist is an error, not a silent default.
    aiposture(dir.path())
        .args(["scan", ".", "--config", "missing.toml"])
        .assert()
        .code(2);
}

#[test]
fn waivers_in_the_config_work_like_the_waiver_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", &notebook(""));
    write(
        dir.path(),
        ".aiposture.toml",
        r#"[[waivers]]
rule = "AIP-SM-005"
resource = "aws_sagemaker_notebook_instance.*"
reason = "sandbox"
approved-by = "ciso@example.com"
approved-on = 2026-09-01
expires = 2099-01-01
"#,
    );
    let out = aiposture(dir.path())
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(
        findings(&v)[0]["suppression"]["approved_by"],
        "ciso@example.com"
    );
    assert_eq!(findings(&v)[0]["suppression"]["expires"], "2099-01-01");
}

#[test]
fn required_tags_come_from_config_or_flag_and_are_off_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_sagemaker_endpoint\" \"llm\" {\n  name = \"llm\"\n  endpoint_config_name = \"llm\"\n  tags = { owner = \"ml\" }\n}\nresource \"aws_cloudtrail\" \"t\" {\n  name = \"audit\"\n  s3_bucket_name = \"audit\"\n}\nresource \"aws_guardduty_detector\" \"d\" {}\n",
    );
    aiposture(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout("");
    aiposture(dir.path())
        .args([
            "scan",
            ".",
            "--required-tag",
            "owner",
            "--required-tag",
            "criticality",
            "--color",
            "never",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AIP-GOV-001"))
        .stdout(predicate::str::contains(
            "missing required tags: criticality",
        ));
    write(
        dir.path(),
        ".aiposture.toml",
        "required-tags = [\"owner\"]\n",
    );
    aiposture(dir.path()).args(["scan", "."]).assert().code(0);
}
