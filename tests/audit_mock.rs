//! The live-audit logic against `aws-smithy-mocks`: no network. Pagination of the select,
//! batches of at most 100 keys, unprocessed keys asked for again, throttling retried, denied
//! calls and unrecorded types reported as coverage gaps, rejected credentials stopping the
//! audit, the aggregator APIs, and a snapshot fixture giving the same findings live as a file.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use aiposture::audit::{self, AuditError, Fetched, Probe, Scope};
use aiposture::diagnostic::Level;
use aws_sdk_config::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_config::error::ErrorMetadata;
use aws_sdk_config::operation::batch_get_aggregate_resource_config::BatchGetAggregateResourceConfigOutput;
use aws_sdk_config::operation::batch_get_resource_config::BatchGetResourceConfigOutput;
use aws_sdk_config::operation::describe_configuration_recorders::DescribeConfigurationRecordersOutput;
use aws_sdk_config::operation::select_aggregate_resource_config::SelectAggregateResourceConfigOutput;
use aws_sdk_config::operation::select_resource_config::{
    SelectResourceConfigError, SelectResourceConfigOutput,
};
use aws_sdk_config::types::{
    BaseConfigurationItem, ConfigurationRecorder, RecordingGroup, ResourceKey, ResourceType,
};
use aws_sdk_config::Client;
use aws_smithy_mocks::{create_mock_http_client, mock, MockResponseInterceptor, Rule, RuleMode};

const SECRET: &str = "mock-secret-key-never-printed";

fn client(rules: &[&Rule]) -> Client {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for r in rules {
        interceptor = interceptor.with_rule(r);
    }
    let conf = aws_sdk_config::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("AKIDMOCK", SECRET, None, None, "test"))
        .retry_config(
            aws_sdk_config::config::retry::RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(std::time::Duration::from_millis(1)),
        )
        .http_client(create_mock_http_client())
        .interceptor(interceptor)
        .build();
    Client::from_conf(conf)
}

/// A recorder recording every supported type, global ones included.
fn all_recorded() -> Rule {
    mock!(Client::describe_configuration_recorders).then_output(|| {
        DescribeConfigurationRecordersOutput::builder()
            .configuration_recorders(
                ConfigurationRecorder::builder()
                    .name("default")
                    .recording_group(
                        RecordingGroup::builder()
                            .all_supported(true)
                            .include_global_resource_types(true)
                            .build(),
                    )
                    .build(),
            )
            .build()
    })
}

fn row(i: usize) -> String {
    format!(
        r#"{{"resourceType":"AWS::SageMaker::NotebookInstance","resourceId":"nb-{i}","accountId":"123456789012","awsRegion":"eu-west-1"}}"#
    )
}

/// `n` rows served 100 a page, the page number as the token.
fn select_pages(n: usize, calls: Arc<AtomicUsize>) -> Rule {
    mock!(Client::select_resource_config).then_compute_output(move |req| {
        calls.fetch_add(1, Ordering::SeqCst);
        let page: usize = req.next_token().map_or(0, |t| t.parse().unwrap_or(0));
        let start = page * 100;
        let end = (start + 100).min(n);
        let mut out = SelectResourceConfigOutput::builder();
        for i in start..end {
            out = out.results(row(i));
        }
        if end < n {
            out = out.next_token((page + 1).to_string());
        }
        out.build()
    })
}

fn item_for(key: &ResourceKey) -> BaseConfigurationItem {
    BaseConfigurationItem::builder()
        .account_id("123456789012")
        .aws_region("eu-west-1")
        .resource_type(key.resource_type.clone())
        .resource_id(&key.resource_id)
        .arn(format!(
            "arn:aws:sagemaker:eu-west-1:123456789012:{}",
            key.resource_id
        ))
        .configuration(r#"{"notebookInstanceName":"x","directInternetAccess":"Enabled"}"#)
        .build()
}

/// Answers every key; records the number of calls and the largest batch.
fn batch_all(calls: Arc<AtomicUsize>, largest: Arc<AtomicUsize>) -> Rule {
    mock!(Client::batch_get_resource_config).then_compute_output(move |req| {
        calls.fetch_add(1, Ordering::SeqCst);
        largest.fetch_max(req.resource_keys().len(), Ordering::SeqCst);
        let mut out = BatchGetResourceConfigOutput::builder();
        for k in req.resource_keys() {
            out = out.base_configuration_items(item_for(k));
        }
        out.build()
    })
}

fn counters() -> (Arc<AtomicUsize>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    )
}

/// The types the built-in rules read from AWS Config.
fn types() -> Vec<String> {
    let (rules, _) = aiposture::rules::load::load_all(None).expect("built-in rules");
    audit::types_for(&rules)
}

async fn fetch_region(c: &Client) -> Fetched {
    audit::fetch(c, Scope::Region("eu-west-1"), &types())
        .await
        .expect("no fatal error")
}

#[tokio::test]
async fn select_is_paginated_and_batches_hold_at_most_100_keys() {
    let (selects, batches, largest) = counters();
    let rec = all_recorded();
    let sel = select_pages(230, selects.clone());
    let bat = batch_all(batches.clone(), largest.clone());
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert_eq!(selects.load(Ordering::SeqCst), 3, "230 rows are 3 pages");
    assert_eq!(batches.load(Ordering::SeqCst), 3, "230 keys are 3 batches");
    assert_eq!(largest.load(Ordering::SeqCst), 100);
    assert_eq!(f.items.len(), 230);
    assert!(f.gaps.is_empty(), "{:?}", f.gaps);
    let (sets, diags) = audit::to_sets(&f.items);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].resources.len(), 230);
    assert_eq!(sets[0].resources[0].location.file, "123456789012/eu-west-1");
}

#[tokio::test]
async fn the_query_asks_for_every_ai_type() {
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let s2 = seen.clone();
    let rec = all_recorded();
    let sel = mock!(Client::select_resource_config).then_compute_output(move |req| {
        *s2.lock().expect("lock") = req.expression().unwrap_or_default().to_string();
        SelectResourceConfigOutput::builder().build()
    });
    let f = fetch_region(&client(&[&rec, &sel])).await;
    assert!(f.items.is_empty());
    let expression = seen.lock().expect("lock").clone();
    let types = types();
    for t in [
        "AWS::SageMaker::NotebookInstance",
        "AWS::IAM::Role",
        "AWS::Lambda::Function",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} in {types:?}");
    }
    for t in &types {
        assert!(
            expression.contains(&format!("'{t}'")),
            "{t} in {expression}"
        );
    }
}

#[tokio::test]
async fn unprocessed_keys_are_requested_again() {
    let (selects, calls, _) = counters();
    let rec = all_recorded();
    let sel = select_pages(5, selects);
    let c2 = calls.clone();
    let bat = mock!(Client::batch_get_resource_config).then_compute_output(move |req| {
        let n = c2.fetch_add(1, Ordering::SeqCst);
        let keys = req.resource_keys();
        let mut out = BatchGetResourceConfigOutput::builder();
        // The first answer leaves the last two keys unprocessed.
        let cut = if n == 0 { keys.len() - 2 } else { keys.len() };
        for k in &keys[..cut] {
            out = out.base_configuration_items(item_for(k));
        }
        for k in &keys[cut..] {
            out = out.unprocessed_resource_keys(k.clone());
        }
        out.build()
    });
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(f.items.len(), 5);
    assert!(f.gaps.is_empty(), "{:?}", f.gaps);
}

#[tokio::test]
async fn keys_that_stay_unprocessed_become_gaps() {
    let (selects, calls, _) = counters();
    let rec = all_recorded();
    let sel = select_pages(2, selects);
    let c2 = calls.clone();
    let bat = mock!(Client::batch_get_resource_config).then_compute_output(move |req| {
        c2.fetch_add(1, Ordering::SeqCst);
        let mut out = BatchGetResourceConfigOutput::builder();
        for k in req.resource_keys() {
            out = out.unprocessed_resource_keys(k.clone());
        }
        out.build()
    });
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert_eq!(
        calls.load(Ordering::SeqCst),
        audit::UNPROCESSED_RETRIES + 1,
        "bounded retries"
    );
    assert!(f.items.is_empty());
    assert_eq!(f.gaps.len(), 2);
    assert!(f.gaps.iter().all(|g| g.message.contains("unprocessed")));
}

#[tokio::test]
async fn throttling_is_retried_by_the_sdk() {
    let (_, batches, largest) = counters();
    let rec = all_recorded();
    let sel = mock!(Client::select_resource_config)
        .sequence()
        .error(|| {
            SelectResourceConfigError::generic(
                ErrorMetadata::builder()
                    .code("ThrottlingException")
                    .message("Rate exceeded")
                    .build(),
            )
        })
        .output(|| {
            SelectResourceConfigOutput::builder()
                .results(row(1))
                .build()
        })
        .build();
    let bat = batch_all(batches, largest);
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert_eq!(sel.num_calls(), 2);
    assert_eq!(f.items.len(), 1);
    assert!(f.gaps.is_empty(), "{:?}", f.gaps);
}

fn select_error(code: &'static str) -> Rule {
    mock!(Client::select_resource_config).then_error(move || {
        SelectResourceConfigError::generic(
            ErrorMetadata::builder()
                .code(code)
                .message("User: arn:aws:iam::123456789012:user/auditor is not authorized")
                .build(),
        )
    })
}

#[tokio::test]
async fn access_denied_is_a_coverage_gap_not_a_crash() {
    let rec = all_recorded();
    let sel = select_error("AccessDeniedException");
    let f = fetch_region(&client(&[&rec, &sel])).await;
    assert!(f.items.is_empty());
    assert_eq!(f.gaps.len(), 1, "{:?}", f.gaps);
    let g = &f.gaps[0];
    assert_eq!(g.level, Level::Error);
    assert_eq!(g.file, "eu-west-1");
    assert!(g.message.contains("coverage gap"), "{}", g.message);
    assert!(g.message.contains("AccessDeniedException"), "{}", g.message);
    assert!(g.message.contains("AWS::SageMaker::NotebookInstance"));
    assert!(
        g.message.contains("allow config:SelectResourceConfig"),
        "{}",
        g.message
    );
}

#[tokio::test]
async fn a_denied_batch_get_is_a_gap_naming_the_types() {
    use aws_sdk_config::operation::batch_get_resource_config::BatchGetResourceConfigError;
    let (selects, _, _) = counters();
    let rec = all_recorded();
    let sel = select_pages(3, selects);
    let bat = mock!(Client::batch_get_resource_config).then_error(|| {
        BatchGetResourceConfigError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not authorized")
                .build(),
        )
    });
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert!(f.items.is_empty());
    assert_eq!(f.gaps.len(), 1, "{:?}", f.gaps);
    let g = &f.gaps[0];
    assert_eq!(g.level, Level::Error);
    assert_eq!(g.file, "123456789012/eu-west-1");
    assert!(g.message.contains("3 resources"), "{}", g.message);
    assert!(
        g.message.contains("AWS::SageMaker::NotebookInstance"),
        "{}",
        g.message
    );
    assert!(
        g.message.contains("config:BatchGetResourceConfig"),
        "{}",
        g.message
    );
}

#[tokio::test]
async fn expired_credentials_stop_the_audit() {
    let rec = all_recorded();
    let sel = select_error("ExpiredTokenException");
    let err = audit::fetch(&client(&[&rec, &sel]), Scope::Region("eu-west-1"), &types())
        .await
        .expect_err("fatal");
    assert!(matches!(err, AuditError::Credentials(_)));
    assert!(!err.to_string().contains(SECRET));
}

#[tokio::test]
async fn types_the_recorder_does_not_record_are_reported() {
    let rec = mock!(Client::describe_configuration_recorders).then_output(|| {
        DescribeConfigurationRecordersOutput::builder()
            .configuration_recorders(
                ConfigurationRecorder::builder()
                    .name("default")
                    .recording_group(
                        RecordingGroup::builder()
                            .all_supported(false)
                            .resource_types(ResourceType::from("AWS::SageMaker::NotebookInstance"))
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let (selects, batches, largest) = counters();
    let sel = select_pages(1, selects);
    let bat = batch_all(batches, largest);
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.gaps.len(), 1, "{:?}", f.gaps);
    let g = &f.gaps[0];
    assert_eq!(g.level, Level::Info);
    assert!(g.message.contains("AWS::IAM::Role"), "{}", g.message);
    assert!(g.message.contains("eu-west-1"), "{}", g.message);
    assert!(!g.message.contains("NotebookInstance"), "{}", g.message);
}

#[tokio::test]
async fn global_types_are_unrecorded_without_include_global() {
    let recorder = ConfigurationRecorder::builder()
        .recording_group(RecordingGroup::builder().all_supported(true).build())
        .build();
    let types = types();
    let missing = audit::unrecorded_types(&[recorder], &types);
    assert!(missing.iter().all(|t| t.starts_with("AWS::IAM::")));
    assert_eq!(missing.len(), 4);
}

#[tokio::test]
async fn a_region_without_recorder_is_a_gap_and_is_not_queried() {
    let rec = mock!(Client::describe_configuration_recorders)
        .then_output(|| DescribeConfigurationRecordersOutput::builder().build());
    let (selects, _, _) = counters();
    let sel = select_pages(1, selects.clone());
    let f = fetch_region(&client(&[&rec, &sel])).await;
    assert_eq!(selects.load(Ordering::SeqCst), 0);
    assert_eq!(f.gaps.len(), 1);
    assert!(f.gaps[0].message.contains("no configuration recorder"));
}

#[tokio::test]
async fn the_aggregator_uses_the_aggregate_apis_and_splits_by_account_and_region() {
    let sel = mock!(Client::select_aggregate_resource_config)
        .match_requests(|req| req.configuration_aggregator_name() == Some("org"))
        .then_output(|| {
            SelectAggregateResourceConfigOutput::builder()
                .results(r#"{"resourceType":"AWS::SageMaker::NotebookInstance","resourceId":"a","accountId":"111111111111","awsRegion":"eu-west-1"}"#)
                .results(r#"{"resourceType":"AWS::SageMaker::NotebookInstance","resourceId":"b","accountId":"222222222222","awsRegion":"us-east-1"}"#)
                .build()
        });
    let bat = mock!(Client::batch_get_aggregate_resource_config)
        .match_requests(|req| req.configuration_aggregator_name() == Some("org"))
        .then_compute_output(|req| {
            let mut out = BatchGetAggregateResourceConfigOutput::builder();
            for id in req.resource_identifiers() {
                out = out.base_configuration_items(
                    BaseConfigurationItem::builder()
                        .account_id(&id.source_account_id)
                        .aws_region(&id.source_region)
                        .resource_type(id.resource_type.clone())
                        .resource_id(&id.resource_id)
                        .arn(format!(
                            "arn:aws:sagemaker:{}:{}:notebook-instance/{}",
                            id.source_region, id.source_account_id, id.resource_id
                        ))
                        .configuration(r#"{"directInternetAccess":"Enabled"}"#)
                        .build(),
                );
            }
            out.build()
        });
    let f = audit::fetch(&client(&[&sel, &bat]), Scope::Aggregator("org"), &types())
        .await
        .expect("no fatal error");
    assert_eq!(sel.num_calls(), 1);
    assert_eq!(bat.num_calls(), 1);
    assert!(f.gaps.is_empty(), "{:?}", f.gaps);
    let (sets, _) = audit::to_sets(&f.items);
    let files: Vec<&str> = sets
        .iter()
        .map(|s| s.resources[0].location.file.as_str())
        .collect();
    assert_eq!(files, ["111111111111/eu-west-1", "222222222222/us-east-1"]);
}

#[test]
fn items_are_rendered_in_the_sdk_casing() {
    let item = BaseConfigurationItem::builder()
        .account_id("123456789012")
        .arn("arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/x")
        .resource_type(ResourceType::from("AWS::SageMaker::NotebookInstance"))
        .resource_id("x")
        .version("1.3")
        .configuration("{\"DirectInternetAccess\":\"Enabled\"}")
        .build();
    let v: serde_json::Value = serde_json::from_str(&audit::item_json(&item)).expect("json");
    assert_eq!(v["accountId"], "123456789012");
    assert_eq!(v["version"], "1.3");
    assert!(v["arn"].as_str().is_some());
    assert!(v["configuration"].is_string());
}

/// The snapshot fixture, served item by item through the live path, gives the same rule ids and
/// addresses as scanning the file.
#[tokio::test]
async fn a_snapshot_and_the_live_path_give_the_same_findings() {
    let path = "testdata/rules/AIP-SM-005/awsconfig/fail/snapshot-internet-enabled/snapshot.json";
    let text = std::fs::read_to_string(path).expect("fixture");
    let snapshot: serde_json::Value = serde_json::from_str(&text).expect("json");
    let items: Vec<BaseConfigurationItem> = snapshot["configurationItems"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().map(str::to_string);
            BaseConfigurationItem::builder()
                .set_arn(s("ARN"))
                .set_account_id(s("awsAccountId"))
                .set_version(s("configurationItemVersion"))
                .set_resource_type(s("resourceType").map(|t| ResourceType::from(t.as_str())))
                .set_resource_id(s("resourceId"))
                .set_resource_name(s("resourceName"))
                .set_aws_region(s("awsRegion"))
                .configuration(i["configuration"].to_string())
                .build()
        })
        .collect();
    let rows: Vec<String> = items
        .iter()
        .map(|i| {
            serde_json::json!({
                "resourceType": i.resource_type.as_ref().map(|t| t.as_str()),
                "resourceId": i.resource_id,
                "accountId": i.account_id,
                "awsRegion": i.aws_region,
            })
            .to_string()
        })
        .collect();
    let rec = all_recorded();
    let sel = mock!(Client::select_resource_config).then_output(move || {
        SelectResourceConfigOutput::builder()
            .set_results(Some(rows.clone()))
            .build()
    });
    let bat = mock!(Client::batch_get_resource_config).then_compute_output(move |req| {
        let mut out = BatchGetResourceConfigOutput::builder();
        for k in req.resource_keys() {
            if let Some(i) = items
                .iter()
                .find(|i| i.resource_id.as_deref() == Some(k.resource_id.as_str()))
            {
                out = out.base_configuration_items(i.clone());
            }
        }
        out.build()
    });
    let f = fetch_region(&client(&[&rec, &sel, &bat])).await;
    assert!(f.gaps.is_empty(), "{:?}", f.gaps);
    let (sets, diags) = audit::to_sets(&f.items);
    assert!(diags.is_empty(), "{diags:?}");

    let (rules, _) = aiposture::rules::load::load_all(None).expect("rules");
    let settings = aiposture::rules::cond::Settings::default();
    let live = aiposture::rules::engine::run(&rules, &sets, &settings);
    let scanned = aiposture::scan::scan(
        &rules,
        &aiposture::scan::ScanOptions::new(vec![path.into()]),
    )
    .expect("scan");
    let key =
        |f: &aiposture::rules::engine::Finding| (f.rule_id.clone(), f.resource.address.clone());
    let live: BTreeSet<_> = live.findings.iter().map(key).collect();
    let scanned: BTreeSet<_> = scanned.evaluation.findings.iter().map(key).collect();
    assert!(
        live.iter().any(|(id, _)| id == "AIP-SM-005"),
        "AIP-SM-005 fires live: {live:?}"
    );
    assert_eq!(live, scanned);
}

#[tokio::test]
async fn progress_is_told_after_every_page_and_batch() {
    let (selects, batches, largest) = counters();
    let rec = all_recorded();
    let sel = select_pages(150, selects);
    let bat = batch_all(batches, largest);
    let seen = std::sync::Mutex::new(Vec::new());
    let f = audit::fetch_with_progress(
        &client(&[&rec, &sel, &bat]),
        Scope::Region("eu-west-1"),
        &types(),
        &|p| seen.lock().expect("lock").push(p),
    )
    .await
    .expect("no fatal error");
    assert_eq!(f.items.len(), 150);
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            audit::Progress::Listed(100),
            audit::Progress::Listed(150),
            audit::Progress::Fetched(100, 150),
            audit::Progress::Fetched(150, 150),
        ]
    );
}

mod probe {
    use super::*;
    use aws_sdk_config::operation::describe_configuration_recorder_status::{
        DescribeConfigurationRecorderStatusError, DescribeConfigurationRecorderStatusOutput,
    };
    use aws_sdk_config::types::ConfigurationRecorderStatus;

    fn status(recording: Option<bool>) -> Rule {
        mock!(Client::describe_configuration_recorder_status).then_output(move || {
            let mut out = DescribeConfigurationRecorderStatusOutput::builder();
            if let Some(recording) = recording {
                out = out.configuration_recorders_status(
                    ConfigurationRecorderStatus::builder()
                        .name("default")
                        .recording(recording)
                        .build(),
                );
            }
            out.build()
        })
    }

    fn status_error(code: &'static str) -> Rule {
        mock!(Client::describe_configuration_recorder_status).then_error(move || {
            DescribeConfigurationRecorderStatusError::generic(
                ErrorMetadata::builder()
                    .code(code)
                    .message("from the mock")
                    .build(),
            )
        })
    }

    #[tokio::test]
    async fn a_recording_recorder_is_audited() {
        assert_eq!(
            audit::probe(&client(&[&status(Some(true))])).await,
            Probe::Recording
        );
    }

    #[tokio::test]
    async fn a_stopped_or_missing_recorder_is_not() {
        let stopped = audit::probe(&client(&[&status(Some(false))])).await;
        assert!(
            matches!(&stopped, Probe::NotRecording(why) if why.contains("stopped")),
            "{stopped:?}"
        );
        let none = audit::probe(&client(&[&status(None)])).await;
        assert!(
            matches!(&none, Probe::NotRecording(why) if why.contains("no configuration recorder")),
            "{none:?}"
        );
    }

    #[tokio::test]
    async fn a_region_not_enabled_rejects_the_token_and_denial_names_the_permission() {
        let rejected = audit::probe(&client(&[&status_error("UnrecognizedClientException")])).await;
        assert!(matches!(rejected, Probe::Rejected(_)), "{rejected:?}");
        let denied = audit::probe(&client(&[&status_error("AccessDeniedException")])).await;
        assert!(
            matches!(&denied, Probe::Failed(why) if why.contains("config:DescribeConfigurationRecorderStatus")),
            "{denied:?}"
        );
    }
}
