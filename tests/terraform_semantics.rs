//! The Terraform semantics corpus: one directory per feature under testdata/terraform-semantics,
//! each with the exact findings (of the rules the cases are written around) and diagnostics it must produce. "No finding" is an answer too:
//! a module call that passes a safe value, an unknown count, an override that narrows a policy.

use std::path::Path;

use aiposture::rules::load::load_all;
use aiposture::scan::{scan, ScanOptions};

/// (rule, address, file under the case directory, line)
type Expected = &'static [(&'static str, &'static str, &'static str, u32)];
/// (level, file under the case directory, line, part of the message)
type Diags = &'static [(&'static str, &'static str, u32, &'static str)];

const CASES: &[(&str, Expected, Diags)] = &[
    ("module-passes-safe-value", &[], &[]),
    (
        "module-default-is-unsafe",
        &[(
            "AIP-SM-005",
            "module.research.aws_sagemaker_notebook_instance.this",
            "modules/notebook/main.tf",
            14,
        )],
        &[],
    ),
    (
        // Module calls chain: the root's argument reaches a module two levels down.
        "nested-modules",
        &[(
            "AIP-SM-005",
            "module.platform.module.notebooks.aws_sagemaker_notebook_instance.lab",
            "modules/notebooks/main.tf",
            10,
        )],
        &[],
    ),
    (
        // A registry module that `terraform init` installed is read from .terraform/modules.
        "registry-module-installed",
        &[(
            "AIP-SM-003",
            "module.endpoint.aws_sagemaker_endpoint_configuration.this",
            ".terraform/modules/endpoint/main.tf",
            3,
        )],
        &[],
    ),
    (
        // The KMS key comes from another module's output; a missing output is unknown, not absent.
        "module-outputs-cross-module",
        &[],
        &[],
    ),
    (
        // The WAF association lives in another module than the stage it protects.
        "relation-across-modules",
        &[
            (
                "AIP-API-001",
                "module.api.aws_api_gateway_stage.dev",
                "modules/api/main.tf",
                20,
            ),
            // Neither stage of the SageMaker-backed API is throttled.
            (
                "AIP-API-003",
                "module.api.aws_api_gateway_stage.dev",
                "modules/api/main.tf",
                20,
            ),
            (
                "AIP-API-003",
                "module.api.aws_api_gateway_stage.prod",
                "modules/api/main.tf",
                14,
            ),
        ],
        &[],
    ),
    (
        "count-and-for-each",
        &[
            (
                "AIP-SM-005",
                "aws_sagemaker_notebook_instance.team[\"research\"]",
                "main.tf",
                14,
            ),
            ("AIP-CRED-001", "aws_iam_access_key.ci[0]", "main.tf", 17),
            ("AIP-CRED-001", "aws_iam_access_key.ci[1]", "main.tf", 17),
        ],
        &[],
    ),
    (
        // An unknown count keeps one instance; a value indexed by count.index is unknown.
        "count-unknown",
        &[],
        &[],
    ),
    (
        "dynamic-and-for",
        &[(
            "AIP-SM-001",
            "aws_sagemaker_data_quality_job_definition.job[\"quality\"]",
            "main.tf",
            21,
        )],
        &[],
    ),
    (
        "functions",
        &[
            ("AIP-IAM-001", "aws_iam_policy.from_template", "main.tf", 9),
            (
                "AIP-SM-005",
                "aws_sagemaker_notebook_instance.tried",
                "main.tf",
                25,
            ),
        ],
        &[("error", "main.tf", 34, "join() takes 2 arguments, got 1")],
    ),
    (
        "policy-documents",
        &[
            ("AIP-IAM-001", "aws_iam_policy.inherits", "main.tf", 41),
            (
                "AIP-IAM-002",
                "aws_iam_group_policy_attachment.scientists",
                "main.tf",
                46,
            ),
        ],
        &[],
    ),
    (
        "bad-modules",
        &[
            // 2000 instances exceed the cap: one instance with unknown keys remains.
            ("AIP-CRED-001", "aws_iam_access_key.many", "main.tf", 18),
            (
                "AIP-SM-005",
                "aws_sagemaker_notebook_instance.after_errors",
                "main.tf",
                23,
            ),
        ],
        &[
            ("error", "main.tf", 6, "does not exist"),
            ("error", "main.tf", 10, "points outside the repository"),
            ("info", "main.tf", 14, "run `terraform init`"),
            ("error", "main.tf", 19, "exceed the limit of 1000"),
            ("error", "modules/loop/main.tf", 2, "calls itself"),
        ],
    ),
];

/// The rules the corpus cases are written around. Each case shows a Terraform feature through
/// them; rules added later also fire on the cases' deliberately bare resources (a notebook with
/// only a name), and their own fixtures are where they are checked.
fn probes() -> std::collections::BTreeSet<&'static str> {
    CASES
        .iter()
        .flat_map(|(_, expected, _)| expected.iter().map(|(rule, ..)| *rule))
        .collect()
}

#[test]
fn terraform_semantics_corpus() {
    let (rules, _) = load_all(None).expect("rules");
    let probes = probes();
    let root = Path::new("testdata/terraform-semantics");
    let mut problems = Vec::new();
    for (case, expected, diags) in CASES {
        let dir = root.join(case);
        let prefix = format!("{}/", dir.display());
        let outcome = scan(&rules, &ScanOptions::new(vec![dir.clone()])).expect("scan");
        let mut got: Vec<(String, String, String, u32)> = outcome
            .evaluation
            .findings
            .iter()
            .filter(|f| probes.contains(f.rule_id.as_str()))
            .map(|f| {
                (
                    f.rule_id.clone(),
                    f.resource.address.clone(),
                    f.location.file.trim_start_matches(&prefix).to_string(),
                    f.location.start_line,
                )
            })
            .collect();
        got.sort();
        let mut want: Vec<(String, String, String, u32)> = expected
            .iter()
            .map(|(r, a, f, l)| (r.to_string(), a.to_string(), f.to_string(), *l))
            .collect();
        want.sort();
        if got != want {
            problems.push(format!("{case}: findings\n  want {want:?}\n  got  {got:?}"));
        }
        let got_diags: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{:?} {}:{} {}",
                    d.level,
                    d.file.trim_start_matches(&prefix),
                    d.line.unwrap_or(0),
                    d.message
                )
            })
            .collect();
        if got_diags.len() != diags.len() {
            problems.push(format!("{case}: diagnostics {got_diags:?}"));
        }
        for (level, file, line, text) in *diags {
            let found = outcome.diagnostics.iter().any(|d| {
                format!("{:?}", d.level).eq_ignore_ascii_case(level)
                    && d.file.trim_start_matches(&prefix) == *file
                    && d.line == Some(*line)
                    && d.message.contains(text)
            });
            if !found {
                problems.push(format!(
                    "{case}: no {level} diagnostic at {file}:{line} containing `{text}`; got {got_diags:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn module_directories_are_not_scanned_twice() {
    let (rules, _) = load_all(None).expect("rules");
    let dir = Path::new("testdata/terraform-semantics/module-default-is-unsafe");
    let outcome = scan(&rules, &ScanOptions::new(vec![dir.to_path_buf()])).expect("scan");
    // The module directory is called by the root, so it is not also a root of its own: the
    // notebook appears once, with its module address.
    let notebooks: Vec<&str> = outcome
        .inventory
        .iter()
        .filter(|i| i.resource.resource_type == "aws_sagemaker_notebook_instance")
        .map(|i| i.resource.address.as_str())
        .collect();
    assert_eq!(
        notebooks,
        vec!["module.research.aws_sagemaker_notebook_instance.this"]
    );
}

/// (rule, address, file relative to its root, line) of the probe rules' findings
fn findings_of(path: &Path, root: &Path) -> Vec<(String, String, String, u32)> {
    let (rules, _) = load_all(None).expect("rules");
    let outcome = scan(&rules, &ScanOptions::new(vec![path.to_path_buf()])).expect("scan");
    let root = format!("{}/", root.display());
    let probes = probes();
    let mut out: Vec<_> = outcome
        .evaluation
        .findings
        .iter()
        .filter(|f| probes.contains(f.rule_id.as_str()))
        .map(|f| {
            (
                f.rule_id.clone(),
                f.resource.address.clone(),
                f.location
                    .file
                    .trim_start_matches(root.as_str())
                    .to_string(),
                f.location.start_line,
            )
        })
        .collect();
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn plan_gives_the_same_findings_as_the_hcl_pointing_at_tf_lines() {
    let stack = Path::new("testdata/terraform-plan/stack");
    let from_plan = findings_of(&stack.join("plan.json"), stack);
    let hcl_only = tempfile::tempdir().expect("tempdir");
    copy_dir(stack, hcl_only.path());
    std::fs::remove_file(hcl_only.path().join("plan.json")).expect("rm");
    let from_hcl = findings_of(hcl_only.path(), hcl_only.path());
    assert_eq!(from_plan, from_hcl);
    assert_eq!(
        from_plan,
        vec![
            (
                "AIP-CRED-001".into(),
                "aws_iam_access_key.ci".into(),
                "main.tf".into(),
                14
            ),
            (
                "AIP-SM-003".into(),
                "module.serving.aws_sagemaker_endpoint_configuration.batch".into(),
                "modules/serving/main.tf".into(),
                15
            ),
            (
                "AIP-SM-005".into(),
                "aws_sagemaker_notebook_instance.team[0]".into(),
                "main.tf".into(),
                11
            ),
        ]
    );
    // Scanning the directory holding both gives the plan's findings once, not twice.
    assert_eq!(findings_of(stack, stack), from_plan);
}

#[test]
fn plan_without_sources_points_at_the_plan_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "testdata/terraform-plan/stack/plan.json",
        dir.path().join("plan.json"),
    )
    .expect("copy");
    let found = findings_of(&dir.path().join("plan.json"), dir.path());
    let team0 = found
        .iter()
        .find(|f| f.1 == "aws_sagemaker_notebook_instance.team[0]")
        .expect("finding");
    assert_eq!(team0.2, "plan.json");
    assert_eq!(
        team0.3, 28,
        "the line of the resource's address in the plan"
    );
    // Known-after-apply KMS keys are references in the configuration: no AIP-SM-002, and the
    // module's key (passed through var.kms_key) resolves to the root's aws_kms_key.ml.
    assert!(!found.iter().any(|f| f.0 == "AIP-SM-002"));
    assert_eq!(found.iter().filter(|f| f.0 == "AIP-SM-003").count(), 1);
}

/// `info` diagnostics (a registry module not scanned) do not fail the run or the reports.
#[test]
fn info_diagnostics_are_notes_not_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.8.1\"\n}\n",
    )
    .expect("write");
    let run = |format: &str| {
        assert_cmd::Command::cargo_bin("aiposture")
            .expect("binary")
            .current_dir(dir.path())
            .args(["scan", ".", "--format", format])
            .output()
            .expect("runs")
    };
    let text = run("text");
    assert_eq!(
        text.status.code(),
        Some(0),
        "an info diagnostic is not an operational error"
    );
    assert!(String::from_utf8_lossy(&text.stderr).contains("main.tf:2: info: module \"vpc\""));
    let sarif: serde_json::Value = serde_json::from_slice(&run("sarif").stdout).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"],
        "note"
    );
    let junit = String::from_utf8_lossy(&run("junit").stdout).to_string();
    assert!(junit.contains("errors=\"0\""), "{junit}");
    assert!(junit.contains("<skipped"), "{junit}");
}
