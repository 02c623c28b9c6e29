//! AWS Config files as a user meets them: S3 snapshots (plain and gzip), CLI output of
//! batch-get and select-resource-config, and bad items reported by resource id while the rest
//! of the file is scanned.

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;

fn scan_json(dir: &Path) -> (Option<i32>, serde_json::Value) {
    let out = Command::cargo_bin("aiposture")
        .expect("binary")
        .current_dir(dir)
        .args(["scan", ".", "--format", "json"])
        .output()
        .expect("runs");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).expect("JSON"),
    )
}

fn rule_ids(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect()
}

const SNAPSHOT: &str =
    "testdata/rules/AIP-SM-005/awsconfig/fail/snapshot-internet-enabled/snapshot.json";

#[test]
fn gzip_snapshot_gives_the_same_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read(SNAPSHOT).expect("fixture");
    let file = std::fs::File::create(dir.path().join("snapshot.json.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(&text).expect("write");
    gz.finish().expect("finish");
    let (code, v) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    // The fixture is AIP-SM-005's; other notebook rules fire on it too.
    let internet: Vec<String> = rule_ids(&v)
        .into_iter()
        .filter(|id| id == "AIP-SM-005")
        .collect();
    assert_eq!(internet, vec!["AIP-SM-005", "AIP-SM-005"]);
    assert_eq!(v["findings"][0]["resource"]["format"], "awsconfig");
    assert!(v["findings"][0]["resource"]["address"]
        .as_str()
        .is_some_and(|a| a.starts_with("arn:aws:sagemaker:")));
}

#[test]
fn select_resource_config_results_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let item = serde_json::json!({
        "resourceType": "AWS::SageMaker::NotebookInstance",
        "resourceId": "notebook-instance/lab",
        "arn": "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/lab",
        "configuration": {"NotebookInstanceName": "lab", "KmsKeyId": "alias/ml",
                          "SubnetId": "subnet-0a1b2c3d", "RootAccess": "Disabled"}
    });
    let out = serde_json::json!({
        "Results": [item.to_string()],
        "QueryInfo": {"SelectFields": [{"Name": "*"}]}
    });
    std::fs::write(
        dir.path().join("select.json"),
        serde_json::to_string_pretty(&out).expect("json"),
    )
    .expect("write");
    let (code, v) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(rule_ids(&v), vec!["AIP-SM-005"]);
    assert_eq!(v["findings"][0]["location"]["start_line"], 3);
}

#[test]
fn bad_items_are_reported_by_resource_id_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = serde_json::json!({
        "resourceType": "AWS::SageMaker::NotebookInstance",
        "resourceId": "notebook-instance/good",
        "ARN": "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/good",
        "configuration": {"NotebookInstanceName": "good", "KmsKeyId": "alias/ml",
                          "SubnetId": "subnet-0a1b2c3d", "RootAccess": "Disabled"}
    });
    let items = serde_json::json!({
        "fileVersion": "1.0",
        "configSnapshotId": "x",
        "configurationItems": [
            {"resourceId": "no-type", "configuration": {}},
            {"resourceType": "NotAType", "resourceId": "odd"},
            {"resourceType": "AWS::IAM::Role", "resourceId": "AROABAD", "configuration": "{not json"},
            {"resourceType": "AWS::IAM::Role", "resourceId": "AROAENC",
             "configuration": {"roleName": "r", "rolePolicyList": [{"policyName": "p", "policyDocument": "%7B%22broken"}]}},
            good
        ]
    });
    std::fs::write(
        dir.path().join("snapshot.json"),
        serde_json::to_string_pretty(&items).expect("json"),
    )
    .expect("write");
    let (code, v) = scan_json(dir.path());
    assert_eq!(code, Some(1), "the good item's finding decides");
    assert_eq!(rule_ids(&v), vec!["AIP-SM-005"]);
    let errors: Vec<String> = v["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str().map(str::to_string))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    for (id, text) in [
        ("no-type", "has no resourceType"),
        ("odd", "unknown resource type"),
        ("AROABAD", "configuration is not JSON"),
        ("AROAENC", "not JSON after URL-decoding"),
    ] {
        assert!(
            errors.iter().any(|e| e.contains(id) && e.contains(text)),
            "{id}: {errors:?}"
        );
    }
}

#[test]
fn other_json_with_similar_words_is_not_a_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("notes.json"),
        "{\"text\": \"about resourceType and configurationItems\"}",
    )
    .expect("write");
    let (code, v) = scan_json(dir.path());
    assert_eq!(code, Some(0));
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0));
}

/// Regression: a Config item whose configuration holds `JobResources` and an `AWS::` type
/// string looked like a CloudFormation template to the cheap content test, so the whole file
/// was dropped (no resources, no error).
#[test]
fn config_items_that_mention_resources_are_not_taken_for_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(
        "testdata/rules/AIP-SM-017/awsconfig/fail/snapshot-no-keys/snapshot.json",
    )
    .expect("fixture");
    assert!(text.contains("JobResources") && text.contains("AWS::"));
    std::fs::write(dir.path().join("snapshot.json"), text).expect("write");
    let (code, v) = scan_json(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(v["summary"]["files"], 1);
    assert!(rule_ids(&v).iter().any(|id| id == "AIP-SM-017"));
}
