//! Live audit of AWS Config data (`aiposture audit`).
//!
//! For each region (or once, through a Config aggregator): list the AI-relevant resources with
//! `SelectResourceConfig` (advanced query, paginated), fetch their full configuration items
//! with `BatchGetResourceConfig` in batches of at most 100 keys (re-requesting unprocessed keys
//! a bounded number of times), and turn every item into a model resource through the same code
//! that reads snapshot files ([`crate::source::awsconfig::item_to_resource`]). Each item is
//! rendered as JSON in the SDK/CLI casing (`arn`, `accountId`, `configuration` as a string).
//!
//! What could not be seen is reported, not dropped: a type the region's recorder does not
//! record, and calls that were denied, become coverage-gap diagnostics located at
//! `ACCOUNT/REGION` (or `aggregator:NAME`). Missing or rejected credentials stop the audit
//! ([`AuditError::Credentials`]). Nothing here logs or formats the credentials.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_config::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_config::types::{
    AggregateResourceIdentifier, BaseConfigurationItem, ConfigurationRecorder, ResourceKey,
    ResourceType,
};
use aws_sdk_config::Client;
use serde_json::{json, Map, Value as Json};

use crate::diagnostic::Diagnostic;
use crate::model::{Resource, ResourceSet};
use crate::source::awsconfig::item_to_resource;
use crate::source::cloudformation::yaml;

/// The resource types to read: every type an AWS Config check of the given rules names, and
/// the types its native checks read around it, so a rule added to the pack (or loaded with
/// `--rules`) is audited live without touching this module.
pub fn types_for(rules: &[crate::rules::Rule]) -> Vec<String> {
    let mut types: BTreeSet<String> = BTreeSet::new();
    for rule in rules.iter().filter(|r| !r.deprecated) {
        for check in &rule.checks {
            if check.format == crate::model::Format::AwsConfig {
                types.extend(check.resource_types.iter().cloned());
                let mut context = Vec::new();
                check.condition.context_types(&mut context);
                types.extend(context.into_iter().map(String::from));
            }
        }
    }
    types.into_iter().collect()
}

/// The commercial AWS regions `--all-regions` probes (opt-in regions included; those the
/// account has not enabled are reported and skipped).
pub const COMMERCIAL_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// `BatchGetResourceConfig` and `BatchGetAggregateResourceConfig` take at most 100 keys.
pub const BATCH_SIZE: usize = 100;
/// How many times unprocessed keys are asked for again before they are reported.
pub const UNPROCESSED_RETRIES: usize = 3;

/// An error that stops the whole audit.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// No credentials, or AWS rejected them (expired, invalid).
    #[error("{0}")]
    Credentials(String),
    #[error("{0}")]
    Other(String),
}

/// What one region (or one aggregator) gave: items as SDK-cased JSON, with the account and
/// region they belong to, and the coverage gaps.
#[derive(Debug, Default)]
pub struct Fetched {
    /// (account, region, item JSON)
    pub items: Vec<(String, String, String)>,
    pub gaps: Vec<Diagnostic>,
}

/// Where to read from.
#[derive(Debug, Clone)]
pub enum Scope<'a> {
    /// The account of the credentials, in the client's region.
    Region(&'a str),
    /// Every account and region a Config aggregator collects.
    Aggregator(&'a str),
}

impl Scope<'_> {
    fn label(&self) -> String {
        match self {
            Scope::Region(r) => format!("region {r}"),
            Scope::Aggregator(a) => format!("aggregator:{a}"),
        }
    }
}

/// The advanced query listing the AI-relevant resources.
pub fn select_expression(types: &[String]) -> String {
    let types: Vec<String> = types.iter().map(|t| format!("'{t}'")).collect();
    format!(
        "SELECT resourceType, resourceId, accountId, awsRegion WHERE resourceType IN ({})",
        types.join(", ")
    )
}

const CREDENTIAL_CODES: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
];

fn is_access_denied(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.contains("AccessDenied") || c == "UnauthorizedOperation")
}

/// What went wrong in one call, in words that never include the request (so no credentials).
fn describe<E: ProvideErrorMetadata + std::error::Error + 'static>(
    err: &SdkError<E>,
) -> (Option<String>, String) {
    let code = err.code().map(str::to_string);
    let message = match (err.code(), err.message()) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        _ => match err {
            SdkError::DispatchFailure(_) => {
                "the request could not be sent (network or endpoint)".into()
            }
            SdkError::TimeoutError(_) => "the request timed out".into(),
            SdkError::ResponseError(_) => "the response could not be read".into(),
            SdkError::ConstructionFailure(_) => "the request could not be built".into(),
            _ => "the service returned an error".into(),
        },
    };
    (code, message)
}

/// A failed call: a credentials problem stops the audit; anything else is a gap.
fn classify<E: ProvideErrorMetadata + std::error::Error + 'static>(
    err: &SdkError<E>,
    operation: &str,
) -> Result<(bool, String), AuditError> {
    let (code, message) = describe(err);
    if code
        .as_deref()
        .is_some_and(|c| CREDENTIAL_CODES.contains(&c))
    {
        return Err(AuditError::Credentials(format!(
            "AWS rejected the credentials ({message}); refresh them (e.g. `aws sso login`) or choose another --profile"
        )));
    }
    if is_identity_failure(err) {
        return Err(AuditError::Credentials(
            "no AWS credentials found: set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
        ));
    }
    Ok((
        is_access_denied(code.as_deref()),
        format!("{operation} failed: {message}"),
    ))
}

/// The SDK fails before sending when no identity (credentials) could be resolved.
fn is_identity_failure<E: std::error::Error + 'static>(err: &SdkError<E>) -> bool {
    if !matches!(
        err,
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_)
    ) {
        return false;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        let text = e.to_string();
        if text.contains("identity") || text.contains("credentials") {
            return true;
        }
        source = e.source();
    }
    false
}

/// A listing or fetch that failed: resources went unseen, so the gap is an error (exit 2 unless
/// findings make it 1). A denied call says which permission to add.
fn failed(location: &str, denied: bool, operation: &str, message: String) -> Diagnostic {
    let hint = if denied {
        format!("; allow config:{operation} (see docs/live-audit.md)")
    } else {
        String::new()
    };
    Diagnostic::new(location, None, format!("{message}{hint}"))
}

/// Which of `types` none of the recorders records.
pub fn unrecorded_types<'t>(
    recorders: &[ConfigurationRecorder],
    types: &'t [String],
) -> Vec<&'t str> {
    types
        .iter()
        .map(String::as_str)
        .filter(|t| !recorders.iter().any(|r| records(r, t)))
        .collect()
}

fn records(recorder: &ConfigurationRecorder, t: &str) -> bool {
    let Some(group) = &recorder.recording_group else {
        // Without a recording group the recorder records all supported types.
        return true;
    };
    let global = t.starts_with("AWS::IAM::");
    let listed =
        |list: Option<&Vec<ResourceType>>| list.is_some_and(|l| l.iter().any(|x| x.as_str() == t));
    if group.all_supported {
        return !global || group.include_global_resource_types;
    }
    if listed(group.resource_types.as_ref()) {
        return true;
    }
    match &group.exclusion_by_resource_types {
        Some(ex) => !listed(ex.resource_types.as_ref()),
        None => false,
    }
}

/// One item in the SDK/CLI casing that `item_to_resource` reads.
pub fn item_json(item: &BaseConfigurationItem) -> String {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Json>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    let s = |v: Option<&str>| v.map(|s| Json::String(s.to_string()));
    let time = |t: Option<&aws_sdk_config::primitives::DateTime>| {
        t.and_then(|t| {
            t.fmt(aws_sdk_config::primitives::DateTimeFormat::DateTime)
                .ok()
        })
        .map(Json::String)
    };
    put("version", s(item.version.as_deref()));
    put("accountId", s(item.account_id.as_deref()));
    put(
        "configurationItemCaptureTime",
        time(item.configuration_item_capture_time.as_ref()),
    );
    put(
        "configurationItemStatus",
        s(item.configuration_item_status.as_ref().map(|v| v.as_str())),
    );
    put(
        "configurationStateId",
        s(item.configuration_state_id.as_deref()),
    );
    put("arn", s(item.arn.as_deref()));
    put(
        "resourceType",
        s(item.resource_type.as_ref().map(|v| v.as_str())),
    );
    put("resourceId", s(item.resource_id.as_deref()));
    put("resourceName", s(item.resource_name.as_deref()));
    put("awsRegion", s(item.aws_region.as_deref()));
    put("availabilityZone", s(item.availability_zone.as_deref()));
    put(
        "resourceCreationTime",
        time(item.resource_creation_time.as_ref()),
    );
    put("configuration", s(item.configuration.as_deref()));
    if let Some(sup) = &item.supplementary_configuration {
        let sorted: BTreeMap<&String, &String> = sup.iter().collect();
        put("supplementaryConfiguration", Some(json!(sorted)));
    }
    Json::Object(m).to_string()
}

/// A select result row: `{"resourceType": ..., "resourceId": ..., "accountId": ..., "awsRegion": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    resource_type: String,
    resource_id: String,
    account: String,
    region: String,
}

fn parse_row(text: &str) -> Option<Row> {
    let v: Json = serde_json::from_str(text).ok()?;
    let get = |k: &str| {
        v.get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let row = Row {
        resource_type: get("resourceType"),
        resource_id: get("resourceId"),
        account: get("accountId"),
        region: get("awsRegion"),
    };
    (!row.resource_type.is_empty() && !row.resource_id.is_empty()).then_some(row)
}

/// Reads the AI-relevant items of one region, or of a whole aggregator.
pub async fn fetch(
    client: &Client,
    scope: Scope<'_>,
    types: &[String],
) -> Result<Fetched, AuditError> {
    fetch_with_progress(client, scope, types, &|_| {}).await
}

/// Whether AWS Config records in a region, as `--all-regions` decides which regions to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    Recording,
    /// No recorder, or every recorder stopped: the reason.
    NotRecording(String),
    /// AWS rejected the credentials there: an opt-in region the account has not enabled, or
    /// credentials that are not valid anywhere (the caller tells them apart).
    Rejected(String),
    /// The call failed otherwise (denied, network): the reason.
    Failed(String),
}

/// Asks `DescribeConfigurationRecorderStatus` whether any recorder in the client's region is
/// recording.
pub async fn probe(client: &Client) -> Probe {
    match client.describe_configuration_recorder_status().send().await {
        Ok(resp) => {
            let statuses = resp.configuration_recorders_status();
            if statuses.is_empty() {
                Probe::NotRecording("AWS Config has no configuration recorder there".into())
            } else if statuses.iter().any(|s| s.recording) {
                Probe::Recording
            } else {
                let names: Vec<&str> = statuses.iter().filter_map(|s| s.name()).collect();
                Probe::NotRecording(format!(
                    "the configuration recorder ({}) is stopped",
                    names.join(", ")
                ))
            }
        }
        Err(e) => match classify(&e, "DescribeConfigurationRecorderStatus") {
            Err(AuditError::Credentials(message)) => Probe::Rejected(message),
            Err(AuditError::Other(message)) => Probe::Failed(message),
            Ok((denied, message)) => Probe::Failed(if denied {
                format!("{message}; allow config:DescribeConfigurationRecorderStatus (see docs/live-audit.md)")
            } else {
                message
            }),
        },
    }
}

/// How far one fetch has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Resources listed so far.
    Listed(usize),
    /// Items fetched so far, of how many listed.
    Fetched(usize, usize),
}

/// [`fetch`], telling `progress` after every page and every batch.
pub async fn fetch_with_progress(
    client: &Client,
    scope: Scope<'_>,
    types: &[String],
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Fetched, AuditError> {
    let mut out = Fetched::default();
    let label = scope.label();

    // Which types are not recorded (per-region only; an aggregator has no one recorder).
    let mut unrecorded: BTreeSet<&str> = BTreeSet::new();
    if let Scope::Region(region) = scope {
        match client.describe_configuration_recorders().send().await {
            Ok(resp) => {
                let recorders = resp.configuration_recorders();
                if recorders.is_empty() {
                    out.gaps.push(Diagnostic::info(
                        region,
                        None,
                        format!(
                            "coverage gap: AWS Config has no configuration recorder in {region}; none of {} is recorded there",
                            types.join(", ")
                        ),
                    ));
                    return Ok(out);
                }
                unrecorded.extend(unrecorded_types(recorders, types));
                if !unrecorded.is_empty() {
                    out.gaps.push(Diagnostic::info(
                        region,
                        None,
                        format!(
                            "coverage gap: the configuration recorder in {region} does not record {}; their checks did not run there",
                            unrecorded.iter().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
            Err(e) => {
                let (denied, message) = classify(&e, "DescribeConfigurationRecorders")?;
                out.gaps.push(Diagnostic::info(
                    region,
                    None,
                    format!(
                        "could not check which types the recorder in {region} records ({message}{}); types it does not record are missing silently",
                        if denied { "; allow config:DescribeConfigurationRecorders" } else { "" }
                    ),
                ));
            }
        }
    }

    // 1. List.
    let expression = select_expression(types);
    let mut rows: Vec<Row> = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = match scope {
            Scope::Region(_) => client
                .select_resource_config()
                .expression(&expression)
                .limit(100)
                .set_next_token(next.clone())
                .send()
                .await
                .map(|r| (r.results().to_vec(), r.next_token().map(str::to_string)))
                .map_err(|e| classify(&e, "SelectResourceConfig")),
            Scope::Aggregator(name) => client
                .select_aggregate_resource_config()
                .configuration_aggregator_name(name)
                .expression(&expression)
                .limit(100)
                .set_next_token(next.clone())
                .send()
                .await
                .map(|r| (r.results().to_vec(), r.next_token().map(str::to_string)))
                .map_err(|e| classify(&e, "SelectAggregateResourceConfig")),
        };
        match page {
            Ok((results, token)) => {
                for r in &results {
                    match parse_row(r) {
                        Some(row) => rows.push(row),
                        None => out.gaps.push(Diagnostic::new(
                            &location_of(&scope, None),
                            None,
                            format!("a select result is not a resource row: {r}"),
                        )),
                    }
                }
                progress(Progress::Listed(rows.len()));
                match token {
                    Some(t) if !t.is_empty() => next = Some(t),
                    _ => break,
                }
            }
            Err(fatal) => {
                let (denied, message) = fatal?;
                out.gaps.push(failed(
                    &location_of(&scope, None),
                    denied,
                    select_operation(&scope),
                    format!(
                        "coverage gap: nothing from {label} was audited (types {}): {message}",
                        types.join(", ")
                    ),
                ));
                return Ok(out);
            }
        }
    }
    rows.sort();
    rows.dedup();

    // 2. Fetch, at most 100 keys a call.
    for batch in rows.chunks(BATCH_SIZE) {
        let mut pending: Vec<Row> = batch.to_vec();
        let mut attempt = 0;
        while !pending.is_empty() {
            let result = batch_get(client, &scope, &pending).await;
            match result {
                Ok((items, unprocessed)) => {
                    for item in &items {
                        let (account, region) = owner(item, &pending);
                        out.items.push((account, region, item_json(item)));
                    }
                    pending = unprocessed;
                    progress(Progress::Fetched(out.items.len(), rows.len()));
                    attempt += 1;
                    if attempt > UNPROCESSED_RETRIES && !pending.is_empty() {
                        for row in &pending {
                            out.gaps.push(Diagnostic::new(
                                &location_of(&scope, Some(row)),
                                None,
                                format!(
                                    "coverage gap: {} {} stayed unprocessed after {} attempts; not audited",
                                    row.resource_type,
                                    row.resource_id,
                                    UNPROCESSED_RETRIES + 1
                                ),
                            ));
                        }
                        break;
                    }
                }
                Err(fatal) => {
                    let (denied, message) = fatal?;
                    let types: BTreeSet<&str> =
                        pending.iter().map(|r| r.resource_type.as_str()).collect();
                    out.gaps.push(failed(
                        &location_of(&scope, pending.first()),
                        denied,
                        batch_operation(&scope),
                        format!(
                            "coverage gap: {} resources ({}) in {label} were listed but not fetched: {message}",
                            pending.len(),
                            types.into_iter().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                    break;
                }
            }
        }
    }
    Ok(out)
}

fn select_operation(scope: &Scope<'_>) -> &'static str {
    match scope {
        Scope::Region(_) => "SelectResourceConfig",
        Scope::Aggregator(_) => "SelectAggregateResourceConfig",
    }
}

fn batch_operation(scope: &Scope<'_>) -> &'static str {
    match scope {
        Scope::Region(_) => "BatchGetResourceConfig",
        Scope::Aggregator(_) => "BatchGetAggregateResourceConfig",
    }
}

type BatchResult =
    Result<(Vec<BaseConfigurationItem>, Vec<Row>), Result<(bool, String), AuditError>>;

async fn batch_get(client: &Client, scope: &Scope<'_>, rows: &[Row]) -> BatchResult {
    match scope {
        Scope::Region(_) => {
            let keys: Vec<ResourceKey> = rows
                .iter()
                .filter_map(|r| {
                    ResourceKey::builder()
                        .resource_type(ResourceType::from(r.resource_type.as_str()))
                        .resource_id(&r.resource_id)
                        .build()
                        .ok()
                })
                .collect();
            let resp = client
                .batch_get_resource_config()
                .set_resource_keys(Some(keys))
                .send()
                .await
                .map_err(|e| classify(&e, "BatchGetResourceConfig"))?;
            let unprocessed = resp
                .unprocessed_resource_keys()
                .iter()
                .map(|k| {
                    let found = rows.iter().find(|r| {
                        r.resource_id == k.resource_id
                            && r.resource_type == k.resource_type.as_str()
                    });
                    Row {
                        resource_type: k.resource_type.as_str().to_string(),
                        resource_id: k.resource_id.clone(),
                        account: found.map(|f| f.account.clone()).unwrap_or_default(),
                        region: found.map(|f| f.region.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            Ok((resp.base_configuration_items().to_vec(), unprocessed))
        }
        Scope::Aggregator(name) => {
            let ids: Vec<AggregateResourceIdentifier> = rows
                .iter()
                .filter_map(|r| {
                    AggregateResourceIdentifier::builder()
                        .source_account_id(&r.account)
                        .source_region(&r.region)
                        .resource_id(&r.resource_id)
                        .resource_type(ResourceType::from(r.resource_type.as_str()))
                        .build()
                        .ok()
                })
                .collect();
            let resp = client
                .batch_get_aggregate_resource_config()
                .configuration_aggregator_name(*name)
                .set_resource_identifiers(Some(ids))
                .send()
                .await
                .map_err(|e| classify(&e, "BatchGetAggregateResourceConfig"))?;
            let unprocessed = resp
                .unprocessed_resource_identifiers()
                .iter()
                .map(|k| Row {
                    resource_type: k.resource_type.as_str().to_string(),
                    resource_id: k.resource_id.clone(),
                    account: k.source_account_id.clone(),
                    region: k.source_region.clone(),
                })
                .collect();
            Ok((resp.base_configuration_items().to_vec(), unprocessed))
        }
    }
}

/// The account and region of an item, from the item or else from its select row.
fn owner(item: &BaseConfigurationItem, rows: &[Row]) -> (String, String) {
    let row = rows.iter().find(|r| {
        Some(r.resource_id.as_str()) == item.resource_id.as_deref()
            && Some(r.resource_type.as_str()) == item.resource_type.as_ref().map(|t| t.as_str())
    });
    let account = item
        .account_id
        .clone()
        .or_else(|| row.map(|r| r.account.clone()))
        .unwrap_or_default();
    let region = item
        .aws_region
        .clone()
        .or_else(|| row.map(|r| r.region.clone()))
        .unwrap_or_default();
    (account, region)
}

fn location_of(scope: &Scope<'_>, row: Option<&Row>) -> String {
    match (scope, row) {
        (_, Some(r)) if !r.account.is_empty() && !r.region.is_empty() => {
            format!("{}/{}", r.account, r.region)
        }
        (Scope::Region(region), _) => region.to_string(),
        (Scope::Aggregator(name), _) => format!("aggregator:{name}"),
    }
}

/// The items as resource sets, one per account and region (location file `ACCOUNT/REGION`,
/// line: the item's position + 1). Items that cannot be read become diagnostics.
pub fn to_sets(items: &[(String, String, String)]) -> (Vec<ResourceSet>, Vec<Diagnostic>) {
    let mut groups: BTreeMap<String, Vec<Resource>> = BTreeMap::new();
    let mut diags = Vec::new();
    let mut positions: BTreeMap<String, u32> = BTreeMap::new();
    for (account, region, text) in items {
        let file = format!("{account}/{region}");
        let n = positions.entry(file.clone()).or_insert(0);
        *n += 1;
        let line = *n;
        let parsed = match yaml::parse(text) {
            Ok(Some(y)) => y,
            _ => {
                diags.push(Diagnostic::new(
                    &file,
                    Some(line),
                    "an item is not JSON".into(),
                ));
                continue;
            }
        };
        match item_to_resource(&parsed, &file) {
            Ok(mut r) => {
                r.location.start_line = line;
                r.location.end_line = line;
                relocate(&mut r.attributes, line);
                groups.entry(file).or_default().push(r);
            }
            Err(mut d) => {
                d.line = Some(line);
                diags.push(d);
            }
        }
    }
    let sets = groups.into_values().map(ResourceSet::new).collect();
    (sets, diags)
}

/// Every attribute of a live item points at the item's line.
fn relocate(value: &mut crate::model::Value, line: u32) {
    use crate::model::Value;
    match value {
        Value::Map(entries) => {
            for (_, node) in entries {
                node.line = line;
                node.end_line = line;
                relocate(&mut node.value, line);
            }
        }
        Value::List(items) => {
            for node in items {
                node.line = line;
                node.end_line = line;
                relocate(&mut node.value, line);
            }
        }
        _ => {}
    }
}
