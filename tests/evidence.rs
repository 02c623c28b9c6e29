//! The evidence bundle as an auditor meets it: every file there and its hash verifying,
//! report.json valid against its documented schema, each kind of risk acceptance (in force,
//! expired, unused) shown as such, controls honestly "not assessed", every rule mapped.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

use aiposture::provenance::sha256_hex;

const EXAMPLE: &str = "testdata/examples/genai-platform";
const WAIVERS: &str = "testdata/evidence/genai-platform-waivers.yaml";
const SMALL: &str = "testdata/evidence/small";
const SMALL_WAIVERS: &str = "testdata/evidence/small-waivers.yaml";
/// The fake OpenAI key in the example's Lambda environment.
const EXAMPLE_SECRET: &str = "R8ugneDJ7CFKfue08OicSjXXGlbuXLOiwfWEydcew6AbdmM1";
const BUNDLE: [&str; 4] = ["report.json", "report.md", "report.html", "manifest.json"];

fn aiposture() -> Command {
    Command::cargo_bin("aiposture").expect("binary")
}

/// Writes the bundle for `args` (a scan's paths and flags) into a fresh directory.
fn bundle(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    let assert = aiposture()
        .arg("scan")
        .args(args)
        .args(["--format", "evidence", "--output"])
        .arg(&out)
        .assert();
    let code = assert.get_output().status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "scan failed: {code:?}\n{}",
        String::from_utf8_lossy(&assert.get_output().stderr)
    );
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("bundle").join(name)).expect("bundle file")
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&read(dir, "report.json")).expect("report.json is JSON")
}

fn example_bundle() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| bundle(&[EXAMPLE, "--no-config", "--waivers", WAIVERS]))
}

fn schema_errors(instance: &Value) -> Vec<String> {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let text =
            std::fs::read_to_string("docs/evidence-report.schema.json").expect("schema file");
        let schema: Value = serde_json::from_str(&text).expect("schema JSON");
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles")
    });
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect()
}

#[test]
fn bundle_has_every_file_and_the_manifest_hashes_verify() {
    let dir = example_bundle().path();
    for name in BUNDLE {
        let bytes = std::fs::read(dir.join("bundle").join(name)).expect(name);
        assert!(!bytes.is_empty(), "{name} is empty");
    }
    let manifest: Value = serde_json::from_str(&read(dir, "manifest.json")).expect("JSON");
    assert_eq!(manifest["kind"], "aiposture-evidence-manifest");
    assert_eq!(manifest["algorithm"], "sha256");
    let files = manifest["files"].as_array().expect("files");
    let mut names: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["report.html", "report.json", "report.md"]);
    let mut listing = String::new();
    for f in files {
        let name = f["path"].as_str().expect("path");
        let bytes = std::fs::read(dir.join("bundle").join(name)).expect(name);
        let digest = sha256_hex(&bytes);
        assert_eq!(f["sha256"], digest.as_str(), "{name}: hash does not verify");
        assert_eq!(f["bytes"], bytes.len(), "{name}: size");
        listing.push_str(&format!("{digest}  {name}\n"));
    }
    // `bundle_sha256` is the SHA-256 of what `sha256sum` prints for the listed files.
    assert_eq!(manifest["bundle_sha256"], sha256_hex(listing.as_bytes()));
    // The reports name the hash of report.json, their machine-readable twin.
    let json_sha = sha256_hex(read(dir, "report.json").as_bytes());
    assert!(read(dir, "report.md").contains(&json_sha));
    assert!(read(dir, "report.html").contains(&json_sha));
}

#[test]
fn a_changed_file_no_longer_verifies() {
    let dir = bundle(&[SMALL, "--no-config"]);
    let path = dir.path().join("bundle/report.md");
    let mut text = std::fs::read_to_string(&path).expect("report.md");
    text.push_str("\nA late edit.\n");
    std::fs::write(&path, text).expect("write");
    let manifest: Value = serde_json::from_str(&read(dir.path(), "manifest.json")).expect("JSON");
    let listed = manifest["files"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["path"] == "report.md"))
        .and_then(|f| f["sha256"].as_str())
        .expect("report.md is listed")
        .to_string();
    assert_ne!(listed, sha256_hex(&std::fs::read(&path).expect("read")));
}

#[test]
fn report_json_validates_against_its_schema() {
    let errors = schema_errors(&report(example_bundle().path()));
    assert!(errors.is_empty(), "{errors:#?}");
    // Also with findings from two input formats, unknown results and an expired inline
    // ignore's absence of approval fields.
    let dir = bundle(&[
        "testdata/examples",
        "--no-config",
        "--waivers",
        WAIVERS,
        "--required-tag",
        "owner",
    ]);
    let errors = schema_errors(&report(dir.path()));
    assert!(errors.is_empty(), "{errors:#?}");
    let dir = bundle(&[SMALL, "--no-config", "--waivers", SMALL_WAIVERS]);
    let errors = schema_errors(&report(dir.path()));
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn schema_validation_can_fail() {
    let good = report(example_bundle().path());
    let mut bad = good.clone();
    bad["frameworks"][0]["controls"][0]["status"] = "mostly".into();
    assert!(!schema_errors(&bad).is_empty(), "unknown control status");

    let mut bad = good.clone();
    if let Some(obj) = bad["provenance"].as_object_mut() {
        obj.remove("inputs");
    }
    assert!(!schema_errors(&bad).is_empty(), "provenance without inputs");

    let mut bad = good.clone();
    bad["provenance"]["inputs"][0]["sha256"] = "not-a-hash".into();
    assert!(!schema_errors(&bad).is_empty(), "bad input hash");

    // An accepted finding must say who accepted it, and a waiver must carry its approval.
    let mut bad = good.clone();
    let accepted = bad["findings"]
        .as_array_mut()
        .and_then(|f| f.iter_mut().find(|f| f["status"] == "accepted"))
        .expect("an accepted finding");
    if let Some(obj) = accepted.as_object_mut() {
        obj.remove("suppression");
    }
    assert!(
        !schema_errors(&bad).is_empty(),
        "accepted without suppression"
    );

    let mut bad = good;
    bad["extra"] = true.into();
    assert!(!schema_errors(&bad).is_empty(), "undocumented field");
}

/// The acceptance records of a report, by status.
fn records(report: &Value, status: &str) -> Vec<Value> {
    report["risk_acceptances"]["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["status"] == status)
        .cloned()
        .collect()
}

fn finding<'a>(report: &'a Value, reference: &Value) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| &f["ref"] == reference))
        .expect("referenced finding exists")
}

#[test]
fn waiver_expired_waiver_and_unused_waiver_each_show_up() {
    let dir = example_bundle().path();
    let r = report(dir);

    let active = records(&r, "active");
    assert_eq!(active.len(), 1, "{active:#?}");
    let w = &active[0];
    assert_eq!(w["kind"], "waiver");
    assert_eq!(w["rule_id"], "AIP-SM-005");
    assert_eq!(w["resource"], "aws_sagemaker_notebook_instance.research");
    assert_eq!(w["approved_by"], "head-of-security@example.com");
    assert_eq!(w["approved_on"], "2026-03-02");
    assert_eq!(w["expires"], "2099-12-31");
    assert_eq!(w["ticket"], "RISK-118");
    assert!(w["reason"]
        .as_str()
        .is_some_and(|s| s.starts_with("Research sandbox")));
    assert_eq!(finding(&r, &w["finding"])["status"], "accepted");

    let expired = records(&r, "expired");
    assert_eq!(expired.len(), 1, "{expired:#?}");
    let e = &expired[0];
    assert_eq!(e["rule_id"], "AIP-CRED-001");
    assert_eq!(e["resource"], "aws_iam_access_key.ci");
    assert_eq!(e["approved_by"], "ciso@example.com");
    assert_eq!(e["expires"], "2025-01-31");
    assert_eq!(e["ticket"], "RISK-097");
    assert_eq!(finding(&r, &e["flagged_by"])["rule_id"], "AIP-SUP-001");
    // The finding it covered is reported again, open.
    let reopened = finding(&r, &e["finding"]);
    assert_eq!(reopened["rule_id"], "AIP-CRED-001");
    assert_eq!(reopened["status"], "open");

    let unused = records(&r, "unused");
    assert_eq!(unused.len(), 1, "{unused:#?}");
    let u = &unused[0];
    assert_eq!(u["rule_id"], "AIP-SM-002");
    assert_eq!(u["resource"], "aws_sagemaker_notebook_instance.secure");
    assert_eq!(u["ticket"], "RISK-121");
    assert_eq!(finding(&r, &u["flagged_by"])["rule_id"], "AIP-SUP-002");

    assert_eq!(r["risk_acceptances"]["active"], 1);
    assert_eq!(r["risk_acceptances"]["expired"], 1);
    assert_eq!(r["risk_acceptances"]["unused"], 1);

    // The people-facing reports show the same records, flagged.
    let html = read(dir, "report.html");
    let md = read(dir, "report.md");
    for needle in [
        "RISK-118",
        "RISK-097",
        "RISK-121",
        "EXPIRED",
        "UNUSED",
        "ciso@example.com",
        "2025-01-31",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle}");
        assert!(md.contains(needle), "report.md lacks {needle}");
    }
}

#[test]
fn no_accepted_finding_is_left_out() {
    for dir in [
        example_bundle(),
        &bundle(&[SMALL, "--no-config", "--waivers", SMALL_WAIVERS]),
    ] {
        let r = report(dir.path());
        let accepted: Vec<&Value> = r["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["status"] == "accepted")
            .collect();
        assert!(!accepted.is_empty());
        let active = records(&r, "active");
        for f in accepted {
            assert!(
                active.iter().any(|a| a["finding"] == f["ref"]),
                "accepted finding {} has no acceptance record",
                f["ref"]
            );
        }
        assert_eq!(
            r["summary"]["findings"]["accepted"],
            r["risk_acceptances"]["active"]
        );
    }
}

#[test]
fn rubber_stamping_is_warned_about() {
    // Both waivers of the small stack's one pattern: every high-severity finding is waived.
    let dir = bundle(&[SMALL, "--no-config", "--waivers", SMALL_WAIVERS]);
    let r = report(dir.path());
    let warnings = r["risk_acceptances"]["warnings"].as_array().expect("array");
    assert!(
        warnings
            .iter()
            .any(|w| w["kind"] == "high-severity-coverage" && w["rule_id"] == "AIP-SM-005"),
        "{warnings:#?}"
    );

    // One approver signing two waivers within a week, with a threshold of one.
    let cfg = tempfile::tempdir().expect("tempdir");
    let config = cfg.path().join(".aiposture.toml");
    std::fs::write(
        &config,
        "[evidence]\nmax-waivers-per-approver = 1\napprover-window-days = 7\n",
    )
    .expect("write config");
    let dir = bundle(&[
        EXAMPLE,
        "--config",
        config.to_str().expect("utf-8"),
        "--waivers",
        WAIVERS,
    ]);
    let r = report(dir.path());
    let warnings = r["risk_acceptances"]["warnings"].as_array().expect("array");
    let w = warnings
        .iter()
        .find(|w| w["kind"] == "approver-volume")
        .expect("an approver-volume warning");
    assert_eq!(w["approver"], "head-of-security@example.com");
    assert!(
        read(dir.path(), "report.html").contains("head-of-security@example.com approved 2 waivers")
    );
    // The defaults (5 within 7 days) do not fire on the example's three waivers.
    let r = report(example_bundle().path());
    assert!(r["risk_acceptances"]["warnings"]
        .as_array()
        .is_some_and(Vec::is_empty));
}

#[test]
fn evidence_config_typo_is_an_error() {
    let cfg = tempfile::tempdir().expect("tempdir");
    let config = cfg.path().join(".aiposture.toml");
    std::fs::write(&config, "[evidence]\nmax-waiver = 1\n").expect("write");
    aiposture()
        .args(["scan", SMALL, "--format", "inventory-json", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("max-waiver"));
}

/// The controls of one framework in a report, by id.
fn control<'a>(report: &'a Value, framework: &str, id: &str) -> &'a Value {
    report["frameworks"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["key"] == framework))
        .and_then(|f| f["controls"].as_array())
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("{framework} {id} in the report"))
}

#[test]
fn controls_pass_fail_or_say_they_were_not_assessed() {
    let r = report(example_bundle().path());
    let llm06 = control(&r, "owasp-llm-2025", "LLM06");
    assert_eq!(llm06["status"], "fail");
    assert_eq!(llm06["title"], "Excessive Agency");
    assert!(!llm06["findings"].as_array().expect("refs").is_empty());
    // AIP-GOV-001 does not run without required tags: its controls were not assessed.
    let a42 = control(&r, "iso-42001", "A.4.2");
    assert_eq!(a42["status"], "not-assessed");
    assert!(a42["note"]
        .as_str()
        .is_some_and(|n| n.contains("AIP-GOV-001")));
    assert_eq!(
        r["summary"]["blind_spots"]["inactive_rules"][0],
        "AIP-GOV-001"
    );

    // With a required tag the rule runs, and whatever it finds, the control is assessed.
    let dir = bundle(&[EXAMPLE, "--no-config", "--required-tag", "owner"]);
    let r = report(dir.path());
    assert_ne!(control(&r, "iso-42001", "A.4.2")["status"], "not-assessed");

    // A stack with nothing an API rule could check leaves LLM10 not assessed, and says why.
    let dir = bundle(&[SMALL, "--no-config"]);
    let r = report(dir.path());
    let llm10 = control(&r, "owasp-llm-2025", "LLM10");
    assert_eq!(llm10["status"], "not-assessed");
    assert!(llm10["note"]
        .as_str()
        .is_some_and(|n| n.contains("no resource")));
    // ...and lists the OWASP entries no rule addresses.
    let owasp = &r["frameworks"][0];
    assert_eq!(owasp["key"], "owasp-llm-2025");
    assert!(owasp["unaddressed"]
        .as_array()
        .is_some_and(|u| u.iter().any(|c| c["id"] == "LLM09")));
}

#[test]
fn what_the_scan_could_not_see_is_reported() {
    let dir = bundle(&[SMALL, "--no-config"]);
    let r = report(dir.path());
    // gamma's settings come from variables without a value.
    assert_eq!(r["summary"]["blind_spots"]["unknown"], 2);
    assert!(r["unknown"].as_array().is_some_and(|u| u
        .iter()
        .all(|u| u["resource"]["address"] == "aws_sagemaker_notebook_instance.gamma")));
    // Both input formats: a (user) rule with no CloudFormation check is listed as not
    // covering the CloudFormation inputs. Every built-in rule now checks both formats.
    let rules = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        rules.path().join("AIP-ORG-001.yaml"),
        r#"id: AIP-ORG-001
slug: notebook-gpu-instance
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
    let rules_dir = rules.path().to_string_lossy().to_string();
    let dir = bundle(&["testdata/examples", "--no-config", "--rules", &rules_dir]);
    let r = report(dir.path());
    let gaps = r["summary"]["blind_spots"]["formats_not_covered"]
        .as_array()
        .expect("array");
    assert!(
        gaps.iter().any(|g| g["format"] == "cloudformation"
            && g["rules"]
                .as_array()
                .is_some_and(|rules| rules.iter().any(|x| x == "AIP-ORG-001"))),
        "{gaps:#?}"
    );
}

#[test]
fn an_unreadable_input_is_a_blind_spot() {
    let src = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        src.path().join("main.tf"),
        "resource \"aws_sagemaker_notebook_instance\" \"x\" {\n  name = \"x\"\n}\n",
    )
    .expect("write");
    std::fs::write(
        src.path().join("broken.tf"),
        "resource \"aws_vpc\" \"y\" {\n  cidr = \n",
    )
    .expect("write");
    let dir = bundle(&[src.path().to_str().expect("utf-8"), "--no-config"]);
    let r = report(dir.path());
    assert_eq!(
        r["summary"]["blind_spots"]["errors"], 1,
        "{:#?}",
        r["errors"]
    );
    assert_eq!(r["errors"][0]["level"], "error");
    assert!(r["errors"][0]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("broken.tf")));
    let errors = schema_errors(&r);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(read(dir.path(), "report.html").contains("broken.tf"));
}

#[test]
fn ai_inventory_lists_ai_resources_and_what_findings_tie_to_them() {
    let r = report(example_bundle().path());
    let assets = r["inventory"]["assets"].as_array().expect("assets");
    let asset = |address: &str| {
        assets
            .iter()
            .find(|a| a["address"] == address)
            .unwrap_or_else(|| panic!("{address} in the AI inventory"))
    };
    let research = asset("aws_sagemaker_notebook_instance.research");
    assert_eq!(research["kind"], "SageMaker notebook instance");
    assert_eq!(research["status"], "fail");
    let results = research["results"].as_array().expect("results");
    assert!(results
        .iter()
        .any(|x| x["rule_id"] == "AIP-SM-005" && x["result"] == "accepted"));
    assert!(results
        .iter()
        .any(|x| x["rule_id"] == "AIP-SM-002" && x["result"] == "fail"));
    assert_eq!(
        asset("aws_sagemaker_notebook_instance.secure")["status"],
        "pass"
    );
    asset("aws_bedrockagent_agent.support");
    // Tied to AI by findings: the public stage in front of SageMaker, the Lambda in the AI
    // VPC (and holding an OpenAI key), the policy granting bedrock:*.
    asset("aws_api_gateway_stage.prod");
    asset("aws_lambda_function.chat");
    asset("aws_iam_role_policy.chat_bedrock");
    // Not AI: the CloudTrail trail, the KMS key.
    assert!(!assets.iter().any(|a| a["type"] == "aws_cloudtrail"));
    assert!(!assets.iter().any(|a| a["type"] == "aws_kms_key"));
}

#[test]
fn inventory_json_is_the_inventory_alone() {
    let out = aiposture()
        .args(["scan", EXAMPLE, "--no-config", "--format", "inventory-json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings still set the exit code"
    );
    let inv: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(inv["kind"], "aiposture-inventory");
    assert_eq!(inv["schema_version"], 1);
    let assets = inv["assets"].as_array().expect("assets");
    assert!(assets
        .iter()
        .any(|a| a["address"] == "aws_sagemaker_domain.studio"));
    // Each asset has the shape report.json documents.
    let text = std::fs::read_to_string("docs/evidence-report.schema.json").expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("JSON");
    let asset_schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": schema["$defs"],
        "type": "array",
        "items": {"$ref": "#/$defs/asset"},
    });
    let validator = jsonschema::draft202012::new(&asset_schema).expect("compiles");
    let errors: Vec<String> = validator
        .iter_errors(&inv["assets"])
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn evidence_needs_an_output_directory() {
    aiposture()
        .args(["scan", SMALL, "--no-config", "--format", "evidence"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--output DIR"));
}

#[test]
fn secrets_stay_redacted_and_command_line_values_too() {
    let dir = bundle(&[
        EXAMPLE,
        "--no-config",
        "--waivers",
        WAIVERS,
        "--var",
        "project=hunter2-secret",
    ]);
    for name in BUNDLE {
        let text = read(dir.path(), name);
        assert!(!text.contains(EXAMPLE_SECRET), "{name} holds the secret");
        assert!(
            !text.contains("hunter2-secret"),
            "{name} holds a --var value"
        );
    }
    let r = report(dir.path());
    assert!(r["provenance"]["command_line"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == "project=[redacted]")));
}

#[test]
fn every_rule_has_a_framework_mapping_or_a_note() {
    let (rules, _) = aiposture::rules::load::load_all(None).expect("rules load");
    for rule in &rules {
        let mapped = rule.frameworks.values().any(|ids| !ids.is_empty());
        let noted = rule
            .frameworks_note
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty());
        assert!(mapped || noted, "{} has no mapping and no note", rule.id);
        for (key, ids) in &rule.frameworks {
            let framework = aiposture::report::evidence::catalog::framework(key)
                .unwrap_or_else(|| panic!("{}: unknown framework {key}", rule.id));
            for id in ids {
                assert!(
                    framework.title(id).is_some(),
                    "{}: {key} {id} has no official title in the catalogue",
                    rule.id
                );
            }
        }
    }
}

/// Values that change with every run, machine or release, replaced so the snapshot pins only
/// the content.
fn redact(md: &str, report: &Value) -> String {
    let mut out = md.to_string();
    let p = &report["provenance"];
    let mut pairs: Vec<(String, &str)> = Vec::new();
    for (value, label) in [
        (&report["tool"]["rules_digest"], "[rules digest]"),
        (&report["tool"]["version"], "[version]"),
        (&p["started_utc"], "[time]"),
    ] {
        if let Some(v) = value.as_str() {
            pairs.push((v.to_string(), label));
        }
    }
    for (from, to) in pairs {
        out = out.replace(&from, to);
    }
    out.lines()
        .map(|l| {
            if l.starts_with("| Command line |") {
                "| Command line | [command line] |".to_string()
            } else if l.starts_with("| Git commit |") {
                "| Git commit | [git state] |".to_string()
            } else if l.starts_with("The machine-readable twin") {
                "The machine-readable twin of this report, `report.json`, has SHA-256 [redacted]; `manifest.json` lists the SHA-256 of every file of the bundle (see section 9).".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn small_stack_report_md_matches_snapshot() {
    let dir = bundle(&[SMALL, "--no-config", "--waivers", SMALL_WAIVERS]);
    let md = read(dir.path(), "report.md");
    let r = report(dir.path());
    insta::assert_snapshot!("small_report_md", redact(&md, &r));
}
