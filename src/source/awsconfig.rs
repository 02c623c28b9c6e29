//! AWS Config data in files: the snapshot delivered to S3 (`{"fileVersion", "configSnapshotId",
//! "configurationItems": [...]}`, plain or `.json.gz`) and what the `aws configservice` CLI
//! prints (`batch-get-resource-config`: `baseConfigurationItems`; `get-resource-config-history`:
//! `configurationItems`; `select-resource-config`: `Results` of JSON strings).
//!
//! The two casings are both read: S3 snapshots say `ARN`, `awsAccountId`,
//! `configurationItemVersion` and give `configuration` as an object; the SDK and CLI say `arn`,
//! `accountId`, `version` and give `configuration` as a JSON string. Configuration keys are
//! normalised to start lowercase (Config reports older types in API camelCase and newer ones
//! in CloudFormation PascalCase), so one rule side reads both. IAM policy documents are
//! URL-encoded JSON and are decoded; of an `AWS::IAM::Policy` only the default version is in
//! force. A bad item is reported with its resource id and the rest of the file is scanned.

use std::rc::Rc;

use crate::diagnostic::Diagnostic;
use crate::model::{Format, Location, Node, Resource, Value};
use crate::source::cloudformation::yaml::{self, Data, Y};
use crate::source::SourceFile;

/// Cheap test before parsing: could this JSON hold Config items?
pub fn might_be_config(text: &str) -> bool {
    (text.contains("\"configurationItems\"")
        || text.contains("\"baseConfigurationItems\"")
        || text.contains("\"QueryInfo\""))
        && text.contains("resourceType")
}

/// The resources of a Config file and the items that could not be read.
pub type Loaded = (Vec<Resource>, Vec<Diagnostic>);

/// The resources of a Config file, or `None` when it is not one.
pub fn load_config_file(source: &SourceFile) -> Option<Loaded> {
    if !might_be_config(&source.text) {
        return None;
    }
    let root = match yaml::parse(&source.text) {
        Ok(Some(root)) => root,
        Ok(None) => return None,
        Err(e) => {
            return Some((
                Vec::new(),
                vec![Diagnostic::new(
                    &source.rel,
                    Some(e.line),
                    format!("AWS Config file does not parse: {}", e.message),
                )],
            ))
        }
    };
    let mut items: Vec<Rc<Y>> = Vec::new();
    for key in ["configurationItems", "baseConfigurationItems"] {
        if let Some(Data::Seq(list)) = root.get(key).map(|v| &v.data) {
            items.extend(list.iter().cloned());
        }
    }
    let mut diags = Vec::new();
    // select-resource-config: each result is an item serialised as a JSON string.
    if let Some(Data::Seq(results)) = root.get("Results").map(|v| &v.data) {
        for r in results {
            match r.as_str().map(yaml::parse) {
                Some(Ok(Some(item))) => items.push(shift_lines(&item, r.line)),
                _ => diags.push(Diagnostic::new(
                    &source.rel,
                    Some(r.line),
                    "select-resource-config result is not a JSON item".into(),
                )),
            }
        }
    }
    if items.is_empty()
        && root.get("configurationItems").is_none()
        && root.get("baseConfigurationItems").is_none()
        && root.get("Results").is_none()
    {
        return None;
    }
    let mut resources = Vec::new();
    for item in items {
        match item_to_resource(&item, &source.rel) {
            Ok(r) => resources.push(r),
            Err(d) => diags.push(d),
        }
    }
    Some((resources, diags))
}

/// A node parsed from a string inside the file points at the string's line.
fn shift_lines(y: &Y, line: u32) -> Rc<Y> {
    Rc::new(Y {
        data: match &y.data {
            Data::Scalar(s, p) => Data::Scalar(s.clone(), *p),
            Data::Seq(items) => Data::Seq(items.iter().map(|i| shift_lines(i, line)).collect()),
            Data::Map(entries) => Data::Map(
                entries
                    .iter()
                    .map(|(k, v)| (shift_lines(k, line), shift_lines(v, line)))
                    .collect(),
            ),
        },
        tag: y.tag.clone(),
        line,
        end_line: line,
    })
}

fn text_of<'a>(item: &'a Y, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| item.get(k).and_then(|v| v.as_str()))
}

/// One configuration item as a resource.
pub fn item_to_resource(item: &Y, file: &str) -> Result<Resource, Diagnostic> {
    let id = text_of(item, &["resourceId"])
        .unwrap_or("(no resourceId)")
        .to_string();
    let err = |message: String| {
        Diagnostic::new(
            file,
            Some(item.line),
            format!("Config item {id}: {message}"),
        )
    };
    let resource_type =
        text_of(item, &["resourceType"]).ok_or_else(|| err("has no resourceType".into()))?;
    if resource_type.split("::").count() != 3 {
        return Err(err(format!("unknown resource type `{resource_type}`")));
    }
    let configuration = match item.get("configuration") {
        Some(c) => match &c.data {
            // SDK and CLI output: the configuration is itself a JSON document in a string.
            Data::Scalar(text, _) => match yaml::parse(text) {
                Ok(Some(parsed)) => to_value(&shift_lines(&parsed, c.line), c.line),
                _ => return Err(err("configuration is not JSON".into())),
            },
            _ => to_value(c, c.line),
        },
        None => Value::Map(Vec::new()),
    };
    let mut attributes = match configuration {
        Value::Map(entries) => entries,
        Value::Null => Vec::new(),
        _ => return Err(err("configuration is not an object".into())),
    };
    decode_policies(resource_type, &mut attributes).map_err(err)?;
    if let Some(tags) = item.get("tags") {
        if !attributes.iter().any(|(k, _)| k == "tags") {
            attributes.push((
                "tags".into(),
                Node::new(to_value(tags, tags.line), tags.line),
            ));
        }
    }
    // S3 buckets keep their encryption, public access block and policy here, as objects in
    // snapshots and as JSON strings in the SDK and CLI output.
    if let Some(sup) = item.get("supplementaryConfiguration") {
        if !attributes
            .iter()
            .any(|(k, _)| k == "supplementaryConfiguration")
        {
            attributes.push((
                "supplementaryConfiguration".into(),
                Node::spanning(supplementary(sup), sup.line, sup.end_line.max(sup.line)),
            ));
        }
    }
    let address = match text_of(item, &["ARN", "arn"]) {
        Some(arn) if !arn.is_empty() => arn.to_string(),
        _ => format!("{resource_type}/{id}"),
    };
    Ok(Resource {
        format: Format::AwsConfig,
        resource_type: resource_type.to_string(),
        address,
        attributes: Value::Map(attributes),
        location: Location {
            file: file.to_string(),
            start_line: item.line,
            end_line: item.end_line.max(item.line),
        },
        is_data: false,
    })
}

/// JSON node to model value; keys start lowercase, each entry on its key's line.
fn to_value(y: &Y, line: u32) -> Value {
    match &y.data {
        Data::Scalar(s, plain) => {
            if !plain {
                return Value::String(s.clone());
            }
            match s.as_str() {
                "null" | "" => Value::Null,
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => s
                    .parse::<f64>()
                    .map(Value::Number)
                    .unwrap_or_else(|_| Value::String(s.clone())),
            }
        }
        Data::Seq(items) => Value::List(
            items
                .iter()
                .map(|i| Node::new(to_value(i, i.line), i.line.max(line)))
                .collect(),
        ),
        Data::Map(entries) => Value::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    let key = lower_first(k.as_str()?);
                    Some((
                        key,
                        Node::spanning(to_value(v, k.line), k.line, v.end_line.max(k.line)),
                    ))
                })
                .collect(),
        ),
    }
}

/// `supplementaryConfiguration`: keys start lowercase like the configuration's; a value that
/// is a JSON object or list inside a string is read as that object or list.
fn supplementary(sup: &Y) -> Value {
    let Data::Map(entries) = &sup.data else {
        return to_value(sup, sup.line);
    };
    Value::Map(
        entries
            .iter()
            .filter_map(|(k, v)| {
                let key = lower_first(k.as_str()?);
                let value = match &v.data {
                    Data::Scalar(text, false) if text.trim_start().starts_with(['{', '[']) => {
                        match yaml::parse(text) {
                            Ok(Some(parsed))
                                if matches!(parsed.data, Data::Map(_) | Data::Seq(_)) =>
                            {
                                to_value(&shift_lines(&parsed, v.line), v.line)
                            }
                            _ => to_value(v, k.line),
                        }
                    }
                    _ => to_value(v, k.line),
                };
                Some((key, Node::spanning(value, k.line, v.end_line.max(k.line))))
            })
            .collect(),
    )
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Decodes the URL-encoded IAM documents of IAM items in place. An `AWS::IAM::Policy` gets a
/// `policyDocument` attribute: its default version, the only one in force.
fn decode_policies(
    resource_type: &str,
    attributes: &mut Vec<(String, Node)>,
) -> Result<(), String> {
    let lists: &[&str] = match resource_type {
        "AWS::IAM::Role" => &["rolePolicyList", "assumeRolePolicyDocument"],
        "AWS::IAM::User" => &["userPolicyList"],
        "AWS::IAM::Group" => &["groupPolicyList"],
        "AWS::IAM::Policy" => &["policyVersionList"],
        _ => return Ok(()),
    };
    for (key, node) in attributes.iter_mut() {
        if !lists.contains(&key.as_str()) {
            continue;
        }
        match &mut node.value {
            Value::String(encoded) => {
                let line = node.line;
                node.value = decode(encoded, line)?;
            }
            Value::List(items) => {
                for item in items.iter_mut() {
                    if let Value::Map(fields) = &mut item.value {
                        for (k, v) in fields.iter_mut() {
                            if k == "policyDocument" || k == "document" {
                                if let Value::String(encoded) = &v.value {
                                    let line = v.line;
                                    v.value = decode(encoded, line)?;
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if resource_type == "AWS::IAM::Policy" {
        let default = attributes
            .iter()
            .find(|(k, _)| k == "policyVersionList")
            .and_then(|(_, n)| match &n.value {
                Value::List(items) => items.iter().find(|v| {
                    v.value.get("isDefaultVersion").is_some_and(|d| {
                        matches!(d.value, Value::Bool(true)) || d.value.as_str() == Some("true")
                    })
                }),
                _ => None,
            })
            .and_then(|v| v.value.get("document").cloned());
        if let Some(doc) = default {
            attributes.push(("policyDocument".into(), doc));
        }
    }
    Ok(())
}

fn decode(encoded: &str, line: u32) -> Result<Value, String> {
    let text = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map_err(|_| "a URL-encoded policy document does not decode".to_string())?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| "a policy document is not JSON after URL-decoding".to_string())?;
    Ok(Value::from_json(&json, line))
}
