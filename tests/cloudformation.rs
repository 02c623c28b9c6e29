//! CloudFormation as a user meets it: the bundled example, its pairing with the Terraform
//! twin, other YAML/JSON left alone, and hostile or odd input handled with a clear result.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const CFN_EXAMPLE: &str = "testdata/examples/genai-platform-cfn";
const TF_EXAMPLE: &str = "testdata/examples/genai-platform";

fn aiposture() -> Command {
    Command::cargo_bin("aiposture").expect("binary")
}

fn scan_json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = aiposture()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).expect("JSON"),
    )
}

fn rule_counts(v: &serde_json::Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in v["findings"].as_array().into_iter().flatten() {
        *counts
            .entry(f["rule_id"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    counts
}

fn here() -> &'static Path {
    Path::new(".")
}

#[test]
fn cfn_example_json_matches_snapshot() {
    let (code, mut v) = scan_json(here(), &[CFN_EXAMPLE]);
    assert_eq!(code, Some(1));
    v["tool"]["version"] = "[version]".into();
    v["tool"]["rules_digest"] = "[digest]".into();
    insta::assert_json_snapshot!("genai_platform_cfn_json", v);
}

/// The two examples describe the same platform: the same rules fire the same number of times,
/// except AIP-CRED-002, whose CloudFormation resource type cfn-lint does not know (see the
/// example's README).
#[test]
fn terraform_and_cloudformation_twins_give_the_same_rules() {
    let (_, tf) = scan_json(here(), &[TF_EXAMPLE]);
    let (_, cfn) = scan_json(here(), &[CFN_EXAMPLE]);
    let mut tf_counts = rule_counts(&tf);
    assert_eq!(tf_counts.remove("AIP-CRED-002"), Some(1));
    assert_eq!(tf_counts, rule_counts(&cfn));
    assert_eq!(rule_counts(&cfn).values().sum::<usize>(), 19);
    for f in cfn["findings"].as_array().into_iter().flatten() {
        assert_eq!(f["resource"]["format"], "cloudformation");
    }
}

#[test]
fn other_yaml_and_json_are_ignored_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let files: &[(&str, &str)] = &[
        (".github/workflows/ci.yml", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"),
        ("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n---\napiVersion: v1\nkind: Service\n"),
        ("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n"),
        ("package.json", "{\"name\": \"web\", \"version\": \"1.0.0\", \"dependencies\": {}}"),
        ("broken.yaml", "key: [unclosed\n  - : :\n"),
        ("data.json", "\u{0}\u{1}binary"),
        ("latin1.yaml", "caf\u{e9}: 1\n"),
    ];
    for (name, text) in files {
        let path = p.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    std::fs::write(p.join("latin1.yaml"), b"caf\xe9: 1\n").expect("write");
    let (code, v) = scan_json(p, &["."]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{v}");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["summary"]["files"], 0);
}

/// A trail and a detector to append under `Resources:`, so the stack-level AIP-LOG-001 stays
/// quiet in tests about other rules.
const AUDIT: &str = "  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: audit\n      IsLogging: true\n  Detector:\n    Type: AWS::GuardDuty::Detector\n    Properties:\n      Enable: true\n";

fn template_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("template.yaml"), text).expect("write");
    dir
}

#[test]
fn yaml_bomb_is_refused_with_an_error() {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\nMetadata:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        text.push_str(&format!("  {n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = n.to_string();
    }
    let dir = template_dir(&text);
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("aliases expand"),
        "{v}"
    );
}

#[test]
fn hundred_thousand_deep_nesting_is_refused_without_overflow() {
    let text = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let dir = template_dir(&text);
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert_eq!(v["errors"][0]["file"], "template.yaml");
    assert!(v["errors"][0]["line"].as_u64().is_some(), "{v}");
}

#[test]
fn duplicate_keys_and_tabs_are_errors_with_lines() {
    let dir = template_dir(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n  Nb:\n    Type: AWS::S3::Bucket\n",
    );
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert_eq!(v["errors"][0]["line"], 5);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("duplicate key `Nb`"));

    let dir = template_dir("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n\tNb:\n\t\tType: AWS::SageMaker::NotebookInstance\n");
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert_eq!(v["errors"][0]["line"], 3);
}

#[test]
fn bom_and_windows_line_endings_keep_correct_lines() {
    let text = "\u{feff}AWSTemplateFormatVersion: \"2010-09-09\"\r\nResources:\r\n  Notebook:\r\n    Type: AWS::SageMaker::NotebookInstance\r\n    Properties:\r\n      KmsKeyId: alias/ml\r\n      DirectInternetAccess: Enabled\r\n      SubnetId: subnet-0a1b2c3d\r\n      RootAccess: Disabled\r\n      InstanceMetadataServiceConfiguration:\r\n        MinimumInstanceMetadataServiceVersion: \"2\"\r\n";
    let text = format!("{text}{}", AUDIT.replace('\n', "\r\n"));
    let dir = template_dir(&text);
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    let f = &v["findings"][0];
    assert_eq!(f["rule_id"], "AIP-SM-005");
    assert_eq!(f["resource"]["address"], "Notebook");
    assert_eq!(f["location"]["start_line"], 7);
}

fn big_template(bytes: usize) -> (String, usize) {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "  Bucket{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"data-${{AWS::AccountId}}-{i}\"\n      Tags:\n        - Key: owner\n          Value: data-platform\n"
        ));
        i += 1;
    }
    text.push_str("  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      KmsKeyId: alias/ml\n");
    (text, i)
}

/// 50 MB is refused with a clear error under the default 10 MB limit. Parsing a large template
/// when allowed is shown on 12 MB here, to keep the debug-build test suite quick; the release
/// binary reads the 50 MB one in about 6 s (see the issue note and scripts/bench.sh).
#[test]
fn fifty_megabyte_template_is_refused_by_default_and_large_ones_parse_when_allowed() {
    let (text, _) = big_template(50 * 1024 * 1024);
    let dir = template_dir(&text);
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(2));
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("limit"),
        "{}",
        v["errors"]
    );
    let (text, i) = big_template(12 * 1024 * 1024);
    let dir = template_dir(&text);
    let (code, v) = scan_json(dir.path(), &[".", "--max-file-size", "100000000"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["findings"][0]["resource"]["address"], "Notebook");
    assert_eq!(v["summary"]["resources"].as_u64(), Some(i as u64 + 1));
}

#[test]
fn parameters_from_flags_and_files_change_the_result() {
    let dir = template_dir(&format!(
        "{}{AUDIT}",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Internet:\n    Type: String\nResources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      KmsKeyId: alias/ml\n      DirectInternetAccess: !Ref Internet\n      SubnetId: subnet-0a1b2c3d\n      RootAccess: Disabled\n      InstanceMetadataServiceConfiguration:\n        MinimumInstanceMetadataServiceVersion: \"2\"\n"
    ));
    // No Default: unknown, so no finding.
    let (code, _) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(0));
    let (code, v) = scan_json(dir.path(), &[".", "--cfn-param", "Internet=Enabled"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["findings"][0]["location"]["start_line"], 10);
    std::fs::write(
        dir.path().join("params.json"),
        "[{\"ParameterKey\": \"Internet\", \"ParameterValue\": \"Disabled\"}]",
    )
    .expect("write");
    let (code, _) = scan_json(dir.path(), &[".", "--cfn-params", "params.json"]);
    assert_eq!(code, Some(0));
    std::fs::write(dir.path().join("bad.json"), "{\"Internet\": 1}").expect("write");
    aiposture()
        .current_dir(dir.path())
        .args(["scan", ".", "--cfn-params", "bad.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json:1:"));
}

#[test]
fn inline_ignore_works_in_yaml() {
    let dir = template_dir(&format!(
        "{}{AUDIT}",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  # aiposture:ignore AIP-SM-005 reason=\"lab account\" expires=2099-01-01\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      KmsKeyId: alias/ml\n      SubnetId: subnet-0a1b2c3d\n      RootAccess: Disabled\n      InstanceMetadataServiceConfiguration:\n        MinimumInstanceMetadataServiceVersion: \"2\"\n"
    ));
    let (code, v) = scan_json(dir.path(), &["."]);
    assert_eq!(code, Some(0));
    assert_eq!(v["findings"][0]["suppression"]["reason"], "lab account");
}

#[test]
fn a_named_template_file_is_scanned_alone() {
    aiposture()
        .args([
            "scan",
            &format!("{CFN_EXAMPLE}/template.yaml"),
            "--fail-on",
            "never",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("AIP-SM-005"));
}
