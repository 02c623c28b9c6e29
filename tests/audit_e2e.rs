//! End to end: the real `aiposture audit` binary against a local HTTP server on 127.0.0.1 that
//! answers the AWS Config awsJson1.1 calls. No test here reaches the network.
//!
//! Response shapes, written by hand from the AWS Config API reference:
//! - DescribeConfigurationRecorders:
//!   https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
//! - SelectResourceConfig (`Results` are JSON documents in strings, `QueryInfo.SelectFields`):
//!   https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html
//! - BatchGetResourceConfig (`baseConfigurationItems`, `unprocessedResourceKeys`; timestamps are
//!   epoch seconds in awsJson1.1; `configuration` is a JSON document in a string):
//!   https://docs.aws.amazon.com/config/latest/APIReference/API_BatchGetResourceConfig.html
//!   https://docs.aws.amazon.com/config/latest/APIReference/API_BaseConfigurationItem.html
//! - Errors (`__type` and `message`, HTTP 400):
//!   https://docs.aws.amazon.com/config/latest/APIReference/CommonErrors.html

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLESECRETKEY";
const SESSION: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKENvalue";
const NOTEBOOK_ARN: &str = "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/research";

const RECORDERS: &str = r#"{"ConfigurationRecorders":[{"name":"default","roleARN":"arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig","recordingGroup":{"allSupported":true,"includeGlobalResourceTypes":true,"resourceTypes":[]}}]}"#;

const SELECT: &str = r#"{"QueryInfo":{"SelectFields":[{"Name":"resourceType"},{"Name":"resourceId"},{"Name":"accountId"},{"Name":"awsRegion"}]},"Results":["{\"resourceType\":\"AWS::SageMaker::NotebookInstance\",\"resourceId\":\"research\",\"accountId\":\"123456789012\",\"awsRegion\":\"eu-west-1\"}"]}"#;

const BATCH: &str = r#"{"baseConfigurationItems":[{"version":"1.3","accountId":"123456789012","configurationItemCaptureTime":1763626442.113,"configurationItemStatus":"OK","configurationStateId":"1763626442113","arn":"arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/research","resourceType":"AWS::SageMaker::NotebookInstance","resourceId":"research","resourceName":"research","awsRegion":"eu-west-1","availabilityZone":"Not Applicable","resourceCreationTime":1759395600.0,"configuration":"{\"NotebookInstanceName\":\"research\",\"InstanceType\":\"ml.t3.medium\",\"RoleArn\":\"arn:aws:iam::123456789012:role/notebook\",\"RootAccess\":\"Disabled\",\"KmsKeyId\":\"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\",\"DirectInternetAccess\":\"Enabled\",\"SubnetId\":\"subnet-0abc\",\"SecurityGroups\":[\"sg-0abc\"]}","supplementaryConfiguration":{}}],"unprocessedResourceKeys":[]}"#;

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: config:SelectResourceConfig"}"#;

/// Reads one HTTP/1.1 request; returns its `x-amz-target` and the region its SigV4
/// credential scope names (`Credential=AKID/DATE/REGION/config/aws4_request`).
fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut target = String::new();
    let mut region = String::new();
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "x-amz-target" => target = v.trim().to_string(),
                "authorization" => {
                    region = v
                        .split("Credential=")
                        .nth(1)
                        .and_then(|c| c.split('/').nth(2))
                        .unwrap_or_default()
                        .to_string()
                }
                "content-length" => length = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some((target, region))
}

/// Serves at most `max` requests, one per connection, then stops; also stops after 30 s.
/// `answer` maps an `x-amz-target` and a region to (status, body). Returns the targets seen.
fn serve(
    max: usize,
    answer: fn(&str, &str) -> (u16, &'static str),
) -> (u16, mpsc::Receiver<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    listener.set_nonblocking(true).expect("nonblocking");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while seen.len() < max && Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(_) => {
                    thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let Some((target, region)) = read_request(&mut stream) else {
                continue;
            };
            let (status, body) = answer(&target, &region);
            let reason = if status == 200 { "OK" } else { "Bad Request" };
            let response = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.flush();
            seen.push(target);
        }
        let _ = tx.send(seen);
    });
    (port, rx)
}

fn answer_ok(target: &str, _region: &str) -> (u16, &'static str) {
    match target {
        "StarlingDoveService.DescribeConfigurationRecorders" => (200, RECORDERS),
        "StarlingDoveService.SelectResourceConfig" => (200, SELECT),
        "StarlingDoveService.BatchGetResourceConfig" => (200, BATCH),
        _ => (
            400,
            r#"{"__type":"InvalidAction","message":"unexpected call"}"#,
        ),
    }
}

fn answer_denied(target: &str, _region: &str) -> (u16, &'static str) {
    match target {
        "StarlingDoveService.DescribeConfigurationRecorders" => (200, RECORDERS),
        _ => (400, DENIED),
    }
}

/// DescribeConfigurationRecorderStatus:
/// https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
/// Recording in eu-west-1 only; me-south-1 is an opt-in region the account has not enabled (AWS
/// answers UnrecognizedClientException there); elsewhere a recorder exists but is stopped.
fn answer_all_regions(target: &str, region: &str) -> (u16, &'static str) {
    const RECORDING: &str = r#"{"ConfigurationRecordersStatus":[{"name":"default","lastStartTime":1759395600.0,"recording":true,"lastStatus":"SUCCESS","lastStatusChangeTime":1763626442.0}]}"#;
    const STOPPED: &str = r#"{"ConfigurationRecordersStatus":[{"name":"default","lastStopTime":1759395600.0,"recording":false,"lastStatus":"SUCCESS"}]}"#;
    const NOT_ENABLED: &str = r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#;
    match (target, region) {
        ("StarlingDoveService.DescribeConfigurationRecorderStatus", "eu-west-1") => {
            (200, RECORDING)
        }
        ("StarlingDoveService.DescribeConfigurationRecorderStatus", "me-south-1") => {
            (400, NOT_ENABLED)
        }
        ("StarlingDoveService.DescribeConfigurationRecorderStatus", _) => (200, STOPPED),
        (_, "eu-west-1") => answer_ok(target, region),
        _ => (
            400,
            r#"{"__type":"InvalidAction","message":"a region that does not record was read"}"#,
        ),
    }
}

/// The binary with dummy credentials and nothing from the user's own AWS setup.
fn audit(home: &Path, with_credentials: bool) -> Command {
    let mut cmd = Command::cargo_bin("aiposture").expect("binary");
    let empty = home.join("empty");
    std::fs::write(&empty, "").expect("empty file");
    cmd.env_clear()
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .current_dir(home);
    if with_credentials {
        cmd.env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE00000000")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", SESSION);
    }
    cmd
}

#[test]
fn audit_of_a_region_against_a_local_config_endpoint() {
    let home = tempfile::tempdir().expect("tempdir");
    let (port, seen) = serve(3, answer_ok);
    let out = audit(home.path(), true)
        .args([
            "audit",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "eu-west-1",
            "--format",
            "json",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json report");
    let findings = report["findings"].as_array().expect("findings");
    let sm005 = findings
        .iter()
        .find(|f| f["rule_id"] == "AIP-SM-005")
        .unwrap_or_else(|| panic!("AIP-SM-005 in {stdout}"));
    assert_eq!(sm005["resource"]["address"], NOTEBOOK_ARN);
    assert_eq!(sm005["resource"]["format"], "awsconfig");
    assert_eq!(sm005["location"]["file"], "123456789012/eu-west-1");
    for text in [&stdout, &stderr] {
        assert!(!text.contains(SECRET), "secret key leaked");
        assert!(!text.contains(SESSION), "session token leaked");
    }
    let targets = seen
        .recv_timeout(Duration::from_secs(40))
        .expect("server finished");
    assert_eq!(
        targets,
        [
            "StarlingDoveService.DescribeConfigurationRecorders",
            "StarlingDoveService.SelectResourceConfig",
            "StarlingDoveService.BatchGetResourceConfig"
        ]
    );
}

#[test]
fn access_denied_is_reported_as_a_coverage_gap() {
    let home = tempfile::tempdir().expect("tempdir");
    let (port, _seen) = serve(2, answer_denied);
    let out = audit(home.path(), true)
        .args([
            "audit",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "eu-west-1",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("coverage gap"), "{stderr}");
    assert!(stderr.contains("AccessDeniedException"), "{stderr}");
    assert!(stderr.contains("eu-west-1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains(SECRET));
}

#[test]
fn an_unreachable_endpoint_is_an_error_not_a_clean_run() {
    let home = tempfile::tempdir().expect("tempdir");
    // A port nothing listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let out = audit(home.path(), true)
        .args([
            "audit",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "eu-west-1",
        ])
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nothing from region eu-west-1 was audited"),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET));
}

#[test]
fn missing_credentials_give_one_clear_message_and_exit_2() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = audit(home.path(), false)
        .args([
            "audit",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "eu-west-1",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("credentials"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one message: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn audit_help_explains_itself() {
    let out = Command::cargo_bin("aiposture")
        .expect("binary")
        .args(["audit", "--help"])
        .output()
        .expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--profile",
        "--region",
        "--aggregator",
        "--endpoint-url",
        "config:SelectResourceConfig",
        "coverage gap",
    ] {
        assert!(help.contains(needle), "{needle} in {help}");
    }
}

/// Every AWS Config operation the audit code calls is in the documented read-only policy.
#[test]
fn the_documented_policy_covers_every_call() {
    let policy = std::fs::read_to_string("docs/live-audit.md").expect("docs/live-audit.md");
    let call = regex::Regex::new(r"client\s*\.\s*([a-z_]+)\(\)").expect("regex");
    let mut found = 0;
    for entry in std::fs::read_dir("src/audit").expect("src/audit") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("source");
        for c in call.captures_iter(&text) {
            let op: String = c[1]
                .split('_')
                .map(|w| {
                    let mut ch = w.chars();
                    ch.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + ch.as_str())
                        .unwrap_or_default()
                })
                .collect();
            found += 1;
            assert!(
                policy.contains(&format!("\"config:{op}\"")),
                "{} calls {op}, which docs/live-audit.md's policy does not allow",
                path.display()
            );
        }
    }
    assert!(found >= 5, "found {found} SDK calls");
}

#[test]
fn all_regions_audits_where_config_records_and_says_where_it_did_not() {
    let home = tempfile::tempdir().expect("tempdir");
    let regions = aiposture::audit::COMMERCIAL_REGIONS.len();
    let (port, seen) = serve(regions + 3, answer_all_regions);
    let out = audit(home.path(), true)
        .args([
            "audit",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--all-regions",
            "--format",
            "json",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json report");
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule_id"] == "AIP-SM-005"),
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "me-south-1: info: not audited: AWS rejected the credentials there: an opt-in region"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "us-east-1: info: not audited: the configuration recorder (default) is stopped"
        ),
        "{stderr}"
    );
    let targets = seen
        .recv_timeout(Duration::from_secs(40))
        .expect("server finished");
    assert_eq!(
        targets
            .iter()
            .filter(|t| t.ends_with("DescribeConfigurationRecorderStatus"))
            .count(),
        regions
    );
    assert_eq!(
        targets
            .iter()
            .filter(|t| t.ends_with("SelectResourceConfig"))
            .count(),
        1,
        "only the recording region is read"
    );
}

#[test]
fn the_config_file_waives_live_resources_by_arn_and_evidence_says_what_was_read() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        home.path().join(".aiposture.toml"),
        format!(
            r#"
[[waivers]]
rule = "AIP-SM-005"
resource = "{NOTEBOOK_ARN}"
reason = "Research sandbox account with no customer data"
approved-by = "head-of-security@example.com"
expires = 2099-12-31
ticket = "RISK-118"
"#
        ),
    )
    .expect("config");
    let (port, _seen) = serve(3, answer_ok);
    let bundle = home.path().join("evidence");
    let out = audit(home.path(), true)
        .args([
            "audit",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "eu-west-1",
            "--format",
            "evidence",
            "--output",
        ])
        .arg(&bundle)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the one finding is waived: {stderr}"
    );
    let text = std::fs::read_to_string(bundle.join("report.json")).expect("report.json");
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("docs/evidence-report.schema.json").expect("schema"),
    )
    .expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let live = &report["provenance"]["live_audit"];
    assert_eq!(live["regions"], serde_json::json!(["eu-west-1"]));
    assert_eq!(live["accounts"], serde_json::json!(["123456789012"]));
    assert_eq!(live["items"], 1);
    assert!(live["resource_types"]
        .as_array()
        .expect("types")
        .iter()
        .any(|t| t == "AWS::SageMaker::NotebookInstance"));
    let waived = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "AIP-SM-005")
        .unwrap_or_else(|| panic!("the waived finding stays in the evidence: {text}"));
    assert!(waived.to_string().contains("RISK-118"), "{waived}");
    for name in ["report.html", "report.md", "report.json"] {
        let body = std::fs::read_to_string(bundle.join(name)).expect("bundle file");
        assert!(
            !body.contains(SECRET) && !body.contains(SESSION),
            "{name} leaks"
        );
    }
    let md = std::fs::read_to_string(bundle.join("report.md")).expect("report.md");
    assert!(md.contains("| Accounts | 123456789012 |"), "{md}");
}
