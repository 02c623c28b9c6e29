//! The Terraform semantics corpus: one directory per feature under testdata/terraform-semantics,
//! each with the exact findings and diagnostics it must produce. "No finding" is an answer too:
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
        // The KMS key comes from another module's output; a missing output is unknown, not absent.
        "module-outputs-cross-module",
        &[],
        &[],
    ),
    (
        // The WAF association lives in another module than the stage it protects.
        "relation-across-modules",
        &[(
            "AIP-API-001",
            "module.api.aws_api_gateway_stage.dev",
            "modules/api/main.tf",
            20,
        )],
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

#[test]
fn terraform_semantics_corpus() {
    let (rules, _) = load_all(None).expect("rules");
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
