//! SageMaker training, processing, transform and hyperparameter tuning jobs that are not
//! resources of their own but requests inside a workflow definition: the steps of a SageMaker
//! pipeline (`aws_sagemaker_pipeline`, `AWS::SageMaker::Pipeline`) and the Task states of a
//! Step Functions state machine (`aws_sfn_state_machine`, `AWS::StepFunctions::StateMachine`,
//! `AWS::Serverless::StateMachine`) that call `sagemaker:createTrainingJob` and its siblings.
//!
//! This module owns reading those definitions (a `jsonencode(...)` object, a JSON string,
//! heredoc or `file()`, a CloudFormation object or `DefinitionString` with `Fn::Sub` or
//! `DefinitionSubstitutions`), finding the job requests in them (Condition steps' branches,
//! Parallel branches, Map item processors), and judging each request against the SageMaker API
//! defaults. Anything computed when the workflow runs stays unknown and never fails a check:
//! a pipeline's `{"Get": "Parameters.X"}` and `Std:` functions, a state's JSONPath keys ending in
//! `.$`, JSONata `{% ... %}` expressions, Terraform variables without a value, and
//! `${...}` substitutions CloudFormation cannot resolve here. A definition kept in S3
//! (`PipelineDefinitionS3Location`, `DefinitionS3Location`, `DefinitionUri`) is unknown.
//!
//! One finding per workflow and rule: its message names every offending step or state.

use super::found;
use crate::model::{lookup, Format, Node, Segment, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// The four checks of coverage row 14, one per rule.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Check {
    /// AIP-SM-019
    InterContainerEncryption,
    /// AIP-SM-020
    NetworkIsolation,
    /// AIP-SM-021
    Vpc,
    /// AIP-SM-022
    Kms,
}

pub fn inter_container_encryption_off(s: &Subject) -> Outcome {
    run(s, Check::InterContainerEncryption)
}

pub fn network_isolation_off(s: &Subject) -> Outcome {
    run(s, Check::NetworkIsolation)
}

pub fn vpc_missing(s: &Subject) -> Outcome {
    run(s, Check::Vpc)
}

pub fn kms_missing(s: &Subject) -> Outcome {
    run(s, Check::Kms)
}

/// How many offending steps a message names before it only counts the rest.
const LISTED: usize = 5;

fn run(s: &Subject, check: Check) -> Outcome {
    let workflow = match Workflow::read(s) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let mut failures: Vec<String> = Vec::new();
    let mut unknown = workflow.unknown.clone();
    for job in &workflow.jobs {
        match judge(check, job) {
            Verdict::Fail(observed) => failures.push(format!("{} {observed}", job.label)),
            Verdict::Unknown(why) => {
                unknown.get_or_insert_with(|| format!("{}: {why}", job.label));
            }
            Verdict::Pass => {}
        }
    }
    if !failures.is_empty() {
        let mut detail = failures
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if failures.len() > LISTED {
            detail.push_str(&format!("; and {} more", failures.len() - LISTED));
        }
        return found(detail, Some(workflow.line));
    }
    match unknown {
        Some(why) => Outcome::unknown(why),
        None => Outcome::new(Tri::False),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the definition

/// Placeholders standing in for computed parts of a JSON text, so that it still parses.
const OPAQUE: &str = "__aiposture_reference__";
const UNKNOWN: &str = "__aiposture_unknown__";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Pipeline,
    StateMachine,
}

/// Where a workflow type keeps its definition.
struct Layout {
    kind: Kind,
    /// Paths of an inline definition (object or JSON string), first found wins.
    inline: &'static [&'static str],
    /// Paths that say the definition is stored elsewhere (S3).
    elsewhere: &'static [&'static str],
    /// CloudFormation `DefinitionSubstitutions` (`${Name}` placeholders in the definition).
    substitutions: Option<&'static str>,
}

fn layout(resource_type: &str) -> Option<Layout> {
    Some(match resource_type {
        "aws_sagemaker_pipeline" => Layout {
            kind: Kind::Pipeline,
            inline: &["pipeline_definition"],
            elsewhere: &["pipeline_definition_s3_location"],
            substitutions: None,
        },
        "aws_sfn_state_machine" => Layout {
            kind: Kind::StateMachine,
            inline: &["definition"],
            elsewhere: &[],
            substitutions: None,
        },
        "AWS::SageMaker::Pipeline" => Layout {
            kind: Kind::Pipeline,
            inline: &["PipelineDefinition.PipelineDefinitionBody"],
            elsewhere: &["PipelineDefinition.PipelineDefinitionS3Location"],
            substitutions: None,
        },
        "AWS::StepFunctions::StateMachine" => Layout {
            kind: Kind::StateMachine,
            inline: &["Definition", "DefinitionString"],
            elsewhere: &["DefinitionS3Location"],
            substitutions: Some("DefinitionSubstitutions"),
        },
        "AWS::Serverless::StateMachine" => Layout {
            kind: Kind::StateMachine,
            inline: &["Definition"],
            elsewhere: &["DefinitionUri"],
            substitutions: Some("DefinitionSubstitutions"),
        },
        _ => return None,
    })
}

/// One job request found in a workflow.
#[derive(Debug)]
struct Job {
    /// "step `Train` (Training)", "state `TrainModel` (createTrainingJob.sync)".
    label: String,
    kind: JobKind,
    request: Value,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum JobKind {
    Training,
    Processing,
    Transform,
    Tuning,
}

struct Workflow {
    jobs: Vec<Job>,
    /// Why part of the workflow could not be read (the first reason), if it could not.
    unknown: Option<String>,
    /// The line of the definition attribute, where findings point.
    line: u32,
}

impl Workflow {
    /// The workflow's jobs, or the outcome to give when there is nothing to read.
    fn read(s: &Subject) -> Result<Workflow, Outcome> {
        let Some(layout) = layout(&s.resource.resource_type) else {
            return Err(Outcome::unknown(
                "not a SageMaker pipeline or state machine",
            ));
        };
        let node = layout
            .inline
            .iter()
            .find_map(|p| lookup(s.value, p).nodes.first().copied());
        let Some(node) = node else {
            if layout
                .elsewhere
                .iter()
                .any(|p| !lookup(s.value, p).nodes.is_empty())
            {
                return Err(Outcome::unknown(
                    "the definition is stored in S3 and cannot be read",
                ));
            }
            if layout
                .inline
                .iter()
                .chain(layout.elsewhere)
                .any(|p| lookup(s.value, p).unknown)
            {
                return Err(Outcome::unknown("the definition is not known"));
            }
            return Err(Outcome::new(Tri::False));
        };
        let substitutions = layout
            .substitutions
            .and_then(|p| lookup(s.value, p).nodes.first().map(|n| &n.value));
        let Some(doc) = document(&node.value, node.line, s.resource.format, substitutions) else {
            return Err(Outcome::unknown(
                "the definition is not known or is not valid JSON",
            ));
        };
        let mut w = Workflow {
            jobs: Vec::new(),
            unknown: None,
            line: node.line,
        };
        match layout.kind {
            Kind::Pipeline => w.pipeline_steps(doc.get("Steps"), 0),
            Kind::StateMachine => w.states(&doc, None, 0),
        }
        Ok(w)
    }

    fn unknown(&mut self, why: impl Into<String>) {
        if self.unknown.is_none() {
            self.unknown = Some(why.into());
        }
    }

    /// The steps of a SageMaker pipeline, and those in Condition steps' branches.
    fn pipeline_steps(&mut self, steps: Option<&Node>, depth: u32) {
        if depth > MAX_DEPTH {
            return self.unknown("the pipeline nests too deeply");
        }
        let items = match steps.map(|n| classify(&n.value)) {
            None | Some(Field::Absent) => return,
            Some(Field::Known(Value::List(items))) => items,
            Some(_) => return self.unknown("the pipeline's steps are not known"),
        };
        for step in items {
            let name = step
                .value
                .get("Name")
                .and_then(|n| n.value.as_str())
                .unwrap_or("?");
            let step_type = match step.value.get("Type").map(|n| classify(&n.value)) {
                Some(Field::Known(Value::String(t))) => t.as_str(),
                _ => {
                    self.unknown(format!("the type of step `{name}` is not known"));
                    continue;
                }
            };
            let kind = match step_type {
                "Training" => JobKind::Training,
                "Processing" => JobKind::Processing,
                "Transform" => JobKind::Transform,
                "Tuning" => JobKind::Tuning,
                "Condition" => {
                    if let Some(args) = step.value.get("Arguments") {
                        match classify(&args.value) {
                            Field::Known(v @ Value::Map(_)) => {
                                self.pipeline_steps(v.get("IfSteps"), depth + 1);
                                self.pipeline_steps(v.get("ElseSteps"), depth + 1);
                            }
                            _ => self.unknown(format!(
                                "the branches of condition step `{name}` are not known"
                            )),
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            let label = format!("step `{name}` ({step_type})");
            match step.value.get("Arguments").map(|n| classify(&n.value)) {
                Some(Field::Known(v @ Value::Map(_))) => self.jobs.push(Job {
                    label,
                    kind,
                    request: v.clone(),
                }),
                _ => self.unknown(format!("{label}: its arguments are not known")),
            }
        }
    }

    /// The states of a state machine (or of a Parallel branch or Map item processor).
    /// `language` is the inherited `QueryLanguage`.
    fn states(&mut self, machine: &Value, language: Option<&str>, depth: u32) {
        if depth > MAX_DEPTH {
            return self.unknown("the state machine nests too deeply");
        }
        let language = match machine.get("QueryLanguage").map(|n| &n.value) {
            Some(Value::String(l)) => Some(l.as_str()),
            _ => language,
        };
        let states = match machine.get("States").map(|n| classify(&n.value)) {
            None | Some(Field::Absent) => return,
            Some(Field::Known(Value::Map(states))) => states,
            Some(_) => return self.unknown("the states are not known"),
        };
        for (name, state) in states {
            let state_language = match state.value.get("QueryLanguage").map(|n| &n.value) {
                Some(Value::String(l)) => Some(l.as_str()),
                _ => language,
            };
            match state.value.get("Type").and_then(|n| n.value.as_str()) {
                Some("Task") => self.task(name, &state.value),
                Some("Parallel") => match state.value.get("Branches").map(|n| classify(&n.value)) {
                    Some(Field::Known(Value::List(branches))) => {
                        for b in branches {
                            self.states(&b.value, state_language, depth + 1);
                        }
                    }
                    None | Some(Field::Absent) => {}
                    Some(_) => self.unknown(format!(
                        "the branches of parallel state `{name}` are not known"
                    )),
                },
                Some("Map") => {
                    let inner = state
                        .value
                        .get("ItemProcessor")
                        .or_else(|| state.value.get("Iterator"));
                    match inner.map(|n| classify(&n.value)) {
                        Some(Field::Known(v @ Value::Map(_))) => {
                            self.states(v, state_language, depth + 1)
                        }
                        None | Some(Field::Absent) => {}
                        Some(_) => self.unknown(format!(
                            "the item processor of map state `{name}` is not known"
                        )),
                    }
                }
                Some(_) => {}
                None => self.unknown(format!("the type of state `{name}` is not known")),
            }
        }
    }

    fn task(&mut self, name: &str, state: &Value) {
        let resource = match state.get("Resource").map(|n| text(&n.value)) {
            Some(Some(t)) => t,
            _ => {
                return self.unknown(format!("the resource of state `{name}` is not known"));
            }
        };
        let Some((kind, action)) = sagemaker_action(&resource) else {
            // A Lambda ARN from a reference is not a SageMaker job; a resource we cannot read
            // at all might be one.
            if resource.contains(UNKNOWN) {
                self.unknown(format!("the resource of state `{name}` is not known"));
            }
            return;
        };
        let label = format!("state `{name}` ({action})");
        // JSONPath states pass `Parameters`, JSONata states `Arguments`; without either, the
        // state's input (known only at run time) is the request.
        let request = state.get("Parameters").or_else(|| state.get("Arguments"));
        match request.map(|n| classify(&n.value)) {
            Some(Field::Known(v @ Value::Map(_))) => self.jobs.push(Job {
                label,
                kind,
                request: v.clone(),
            }),
            _ => self.unknown(format!("{label}: its request is built at run time")),
        }
    }
}

const MAX_DEPTH: u32 = 32;

/// The job kind and the action name (with its `.sync` suffix) of a Task resource ARN that
/// calls SageMaker: the optimized integration (`arn:aws:states:::sagemaker:createTrainingJob`)
/// or the AWS SDK integration (`arn:aws:states:::aws-sdk:sagemaker:createTrainingJob`).
fn sagemaker_action(resource: &str) -> Option<(JobKind, String)> {
    let rest = [":states:::sagemaker:", ":states:::aws-sdk:sagemaker:"]
        .iter()
        .find_map(|p| resource.find(p).map(|i| &resource[i + p.len()..]))?;
    let action = rest.split('.').next().unwrap_or("");
    let kind = match action.to_ascii_lowercase().as_str() {
        "createtrainingjob" => JobKind::Training,
        "createprocessingjob" => JobKind::Processing,
        "createtransformjob" => JobKind::Transform,
        "createhyperparametertuningjob" => JobKind::Tuning,
        _ => return None,
    };
    Some((kind, rest.to_string()))
}

/// The definition as a JSON-shaped value, or `None` when it cannot be read.
fn document(
    value: &Value,
    line: u32,
    format: Format,
    substitutions: Option<&Value>,
) -> Option<Value> {
    let cfn = format == Format::CloudFormation;
    match value {
        Value::Map(_) if cfn => Some(substitute_strings(value, substitutions)),
        Value::Map(_) => Some(value.clone()),
        Value::String(s) => {
            let segments = if cfn {
                placeholders(s, substitutions)
            } else {
                vec![Segment::Lit(s.clone())]
            };
            parse(&segments, line)
        }
        Value::Partial(parts) => {
            let segments: Vec<Segment> = if cfn {
                parts
                    .iter()
                    .flat_map(|p| match p {
                        Segment::Lit(l) => placeholders(l, substitutions),
                        other => vec![other.clone()],
                    })
                    .collect()
            } else {
                parts.clone()
            };
            parse(&segments, line)
        }
        _ => None,
    }
}

/// Parses a JSON text whose computed pieces are references or unknown, with placeholders in
/// their place: inside a JSON string the placeholder is spliced in, elsewhere it stands as a
/// string of its own (`"EnableNetworkIsolation": ${var.x}` still parses).
fn parse(segments: &[Segment], line: u32) -> Option<Value> {
    let mut text = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for seg in segments {
        let marker = match seg {
            Segment::Lit(l) => {
                for c in l.chars() {
                    if in_string {
                        if escaped {
                            escaped = false;
                        } else if c == '\\' {
                            escaped = true;
                        } else if c == '"' {
                            in_string = false;
                        }
                    } else if c == '"' {
                        in_string = true;
                    }
                    text.push(c);
                }
                continue;
            }
            Segment::Ref(_) => OPAQUE,
            Segment::Unknown => UNKNOWN,
        };
        if in_string {
            text.push_str(marker);
        } else {
            text.push('"');
            text.push_str(marker);
            text.push('"');
        }
    }
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(Value::from_json(&json, line))
}

/// Splits text at CloudFormation `DefinitionSubstitutions` placeholders (`${Name}`): a known
/// literal substitution becomes text, a reference stays a reference, anything else is unknown.
fn placeholders(text: &str, substitutions: Option<&Value>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push(Segment::Lit(rest[..start].to_string()));
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push(Segment::Lit(rest[start..].to_string()));
            rest = "";
            break;
        };
        let name = after[..end].trim();
        rest = &after[end + 1..];
        match substitutions.and_then(|m| m.get(name)).map(|n| &n.value) {
            Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
                Segment::push(&mut out, v.clone())
            }
            Some(v @ (Value::Ref(_) | Value::Partial(_))) => Segment::push(&mut out, v.clone()),
            _ => out.push(Segment::Unknown),
        }
    }
    out.push(Segment::Lit(rest.to_string()));
    out
}

/// A CloudFormation `Definition` object with its strings' `${Name}` placeholders substituted.
fn substitute_strings(value: &Value, substitutions: Option<&Value>) -> Value {
    match value {
        Value::String(s) if s.contains("${") => {
            Value::from_segments(placeholders(s, substitutions))
        }
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|n| {
                    Node::spanning(
                        substitute_strings(&n.value, substitutions),
                        n.line,
                        n.end_line,
                    )
                })
                .collect(),
        ),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, n)| {
                    (
                        k.clone(),
                        Node::spanning(
                            substitute_strings(&n.value, substitutions),
                            n.line,
                            n.end_line,
                        ),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading values inside a request

/// What a field of a request holds, as far as it can be known before the workflow runs.
#[derive(Debug)]
enum Field<'a> {
    Absent,
    /// Computed at run time or not resolvable here.
    Unknown,
    /// Set to another resource's attribute (a KMS key ARN, a subnet id): set, text unknown.
    Opaque,
    Known(&'a Value),
}

fn classify(v: &Value) -> Field<'_> {
    match v {
        Value::Null => Field::Absent,
        Value::Unknown(_) => Field::Unknown,
        Value::Ref(_) => Field::Opaque,
        Value::Partial(segs) if segs.iter().any(|s| matches!(s, Segment::Unknown)) => {
            Field::Unknown
        }
        Value::Partial(_) => Field::Opaque,
        Value::String(s) if s.contains(UNKNOWN) => Field::Unknown,
        Value::String(s) if s.contains(OPAQUE) => Field::Opaque,
        // JSONata expressions in states that use that query language.
        Value::String(s) if s.trim_start().starts_with("{%") && s.trim_end().ends_with("%}") => {
            Field::Unknown
        }
        // Pipeline expressions: `{"Get": "Parameters.X"}`, `{"Std:Join": ...}`.
        Value::Map(entries)
            if entries.len() == 1
                && entries
                    .iter()
                    .any(|(k, _)| k == "Get" || k.starts_with("Std:")) =>
        {
            Field::Unknown
        }
        other => Field::Known(other),
    }
}

/// The field at a path of keys. A key written `Key.$` (a JSONPath taken from the state's
/// input) makes the field unknown.
fn field<'a>(request: &'a Value, path: &[&str]) -> Field<'a> {
    let mut current = request;
    for (i, key) in path.iter().enumerate() {
        let Value::Map(_) = current else {
            return Field::Unknown;
        };
        if current.get(&format!("{key}.$")).is_some() {
            return Field::Unknown;
        }
        let f = match current.get(key) {
            None => Field::Absent,
            Some(n) => classify(&n.value),
        };
        if i + 1 == path.len() {
            return f;
        }
        match f {
            Field::Known(v) => current = v,
            Field::Absent => return Field::Absent,
            Field::Opaque | Field::Unknown => return Field::Unknown,
        }
    }
    Field::Known(current)
}

enum Verdict {
    Pass,
    Fail(String),
    Unknown(String),
}

/// A boolean setting that SageMaker defaults to false when absent.
fn off_by_default(request: &Value, path: &[&str]) -> Verdict {
    let name = path.join(".");
    match field(request, path) {
        Field::Absent => Verdict::Fail(format!("does not set {name} (defaults to false)")),
        Field::Known(v) => match truth(v) {
            Some(true) => Verdict::Pass,
            Some(false) => Verdict::Fail(format!("sets {name} to false")),
            None => Verdict::Unknown(format!("{name} is not a boolean")),
        },
        Field::Opaque | Field::Unknown => Verdict::Unknown(format!("{name} is not known")),
    }
}

fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A setting that must be present (a VPC, a KMS key).
fn presence(request: &Value, path: &[&str]) -> Option<bool> {
    match field(request, path) {
        Field::Absent => Some(false),
        Field::Known(Value::String(s)) => Some(!s.trim().is_empty()),
        Field::Known(Value::List(items)) => Some(!items.is_empty()),
        Field::Known(Value::Map(entries)) => Some(!entries.is_empty()),
        Field::Known(_) | Field::Opaque => Some(true),
        Field::Unknown => None,
    }
}

/// The training job definitions of a tuning request (`TrainingJobDefinition`, or each of
/// `TrainingJobDefinitions`), with a name for messages; `None` when they cannot be read.
fn tuning_definitions(request: &Value) -> Option<Vec<(String, &Value)>> {
    let mut out = Vec::new();
    match field(request, &["TrainingJobDefinition"]) {
        Field::Known(v @ Value::Map(_)) => out.push((String::new(), v)),
        Field::Absent => {}
        _ => return None,
    }
    match field(request, &["TrainingJobDefinitions"]) {
        Field::Known(Value::List(items)) => {
            for (i, n) in items.iter().enumerate() {
                match classify(&n.value) {
                    Field::Known(v @ Value::Map(_)) => {
                        out.push((format!("TrainingJobDefinitions[{i}]."), v))
                    }
                    _ => return None,
                }
            }
        }
        Field::Absent => {}
        _ => return None,
    }
    if out.is_empty() {
        return None;
    }
    Some(out)
}

/// Judges every training job definition of a tuning request and combines the verdicts.
fn per_definition(request: &Value, judge: impl Fn(&Value) -> Verdict) -> Verdict {
    let Some(definitions) = tuning_definitions(request) else {
        return Verdict::Unknown("its training job definitions are not known".into());
    };
    let mut fails = Vec::new();
    let mut unknown = None;
    for (prefix, def) in definitions {
        match judge(def) {
            Verdict::Fail(observed) => fails.push(if prefix.is_empty() {
                format!("{observed} in TrainingJobDefinition")
            } else {
                format!("{observed} in {}", prefix.trim_end_matches('.'))
            }),
            Verdict::Unknown(why) => {
                unknown.get_or_insert(why);
            }
            Verdict::Pass => {}
        }
    }
    if !fails.is_empty() {
        Verdict::Fail(fails.join(", "))
    } else if let Some(why) = unknown {
        Verdict::Unknown(why)
    } else {
        Verdict::Pass
    }
}

fn judge(check: Check, job: &Job) -> Verdict {
    let r = &job.request;
    match (check, job.kind) {
        // Batch transform takes network isolation and VPC from its model (rows 11 and 12) and
        // has no inter-container encryption setting.
        (
            Check::InterContainerEncryption | Check::NetworkIsolation | Check::Vpc,
            JobKind::Transform,
        ) => Verdict::Pass,
        (Check::InterContainerEncryption, JobKind::Training) => {
            off_by_default(r, &["EnableInterContainerTrafficEncryption"])
        }
        (Check::InterContainerEncryption, JobKind::Processing) => off_by_default(
            r,
            &["NetworkConfig", "EnableInterContainerTrafficEncryption"],
        ),
        (Check::InterContainerEncryption, JobKind::Tuning) => per_definition(r, |d| {
            off_by_default(d, &["EnableInterContainerTrafficEncryption"])
        }),
        (Check::NetworkIsolation, JobKind::Training) => {
            off_by_default(r, &["EnableNetworkIsolation"])
        }
        (Check::NetworkIsolation, JobKind::Processing) => {
            off_by_default(r, &["NetworkConfig", "EnableNetworkIsolation"])
        }
        (Check::NetworkIsolation, JobKind::Tuning) => {
            per_definition(r, |d| off_by_default(d, &["EnableNetworkIsolation"]))
        }
        (Check::Vpc, JobKind::Training) => vpc(r, &["VpcConfig"]),
        (Check::Vpc, JobKind::Processing) => vpc(r, &["NetworkConfig", "VpcConfig"]),
        (Check::Vpc, JobKind::Tuning) => per_definition(r, |d| vpc(d, &["VpcConfig"])),
        (Check::Kms, JobKind::Training) => kms_training(r),
        (Check::Kms, JobKind::Tuning) => per_definition(r, kms_training),
        (Check::Kms, JobKind::Processing) => {
            // A processing job without ProcessingOutputConfig writes no output to S3.
            let output = match field(r, &["ProcessingOutputConfig"]) {
                Field::Absent => Some(true),
                _ => presence(r, &["ProcessingOutputConfig", "KmsKeyId"]),
            };
            kms(
                output,
                "ProcessingOutputConfig.KmsKeyId",
                volume(r, &["ProcessingResources", "ClusterConfig"], &[]),
                "ProcessingResources.ClusterConfig.VolumeKmsKeyId",
            )
        }
        (Check::Kms, JobKind::Transform) => kms(
            presence(r, &["TransformOutput", "KmsKeyId"]),
            "TransformOutput.KmsKeyId",
            volume(r, &["TransformResources"], &[]),
            "TransformResources.VolumeKmsKeyId",
        ),
    }
}

fn vpc(request: &Value, path: &[&str]) -> Verdict {
    match presence(request, path) {
        Some(true) => Verdict::Pass,
        Some(false) => Verdict::Fail(format!("has no {}", path.join("."))),
        None => Verdict::Unknown(format!("{} is not known", path.join("."))),
    }
}

/// A training request or a tuning job's training job definition. A tuning definition may
/// give its instances in `HyperParameterTuningResourceConfig` instead of `ResourceConfig`.
fn kms_training(r: &Value) -> Verdict {
    let (path, groups): (&[&str], &[&str]) = match field(r, &["HyperParameterTuningResourceConfig"])
    {
        Field::Absent => (&["ResourceConfig"], &["InstanceGroups"]),
        _ => (
            &["HyperParameterTuningResourceConfig"],
            &["InstanceConfigs"],
        ),
    };
    kms(
        presence(r, &["OutputDataConfig", "KmsKeyId"]),
        "OutputDataConfig.KmsKeyId",
        volume(r, path, groups),
        &format!("{}.VolumeKmsKeyId", path.join(".")),
    )
}

fn kms(
    output: Option<bool>,
    output_name: &str,
    volume: Option<bool>,
    volume_name: &str,
) -> Verdict {
    let missing: Vec<&str> = [(output, output_name), (volume, volume_name)]
        .iter()
        .filter(|(set, _)| *set == Some(false))
        .map(|(_, name)| *name)
        .collect();
    if !missing.is_empty() {
        return Verdict::Fail(format!("has no {}", missing.join(" and no ")));
    }
    if output.is_none() {
        return Verdict::Unknown(format!("{output_name} is not known"));
    }
    if volume.is_none() {
        return Verdict::Unknown(format!("{volume_name} or the instance type is not known"));
    }
    Verdict::Pass
}

/// Whether the storage volume of the instances at `path` is encrypted with a KMS key the
/// request names, or cannot be: instance types with local NVMe storage encrypt it in hardware
/// and SageMaker rejects a `VolumeKmsKeyId` for them. `groups` names the list of instance
/// groups (heterogeneous clusters) that may stand in for `InstanceType`.
fn volume(request: &Value, path: &[&str], groups: &[&str]) -> Option<bool> {
    let key: Vec<&str> = path.iter().copied().chain(["VolumeKmsKeyId"]).collect();
    match presence(request, &key) {
        Some(true) => return Some(true),
        None => return None,
        Some(false) => {}
    }
    let Field::Known(config) = field(request, path) else {
        return None;
    };
    let mut types: Vec<Field> = Vec::new();
    match field(config, &["InstanceType"]) {
        Field::Absent => {}
        f => types.push(f),
    }
    if let Some(list) = groups.first() {
        match field(config, &[list]) {
            Field::Known(Value::List(items)) => {
                for g in items {
                    types.push(field(&g.value, &["InstanceType"]));
                }
            }
            Field::Absent => {}
            _ => return None,
        }
    }
    if types.is_empty() {
        return None;
    }
    let mut all_ebs = true;
    for t in types {
        match t {
            Field::Known(Value::String(name)) => match storage(name) {
                Storage::Local => return Some(true),
                Storage::Ebs => {}
                Storage::Unrecognized => all_ebs = false,
            },
            _ => all_ebs = false,
        }
    }
    if all_ebs {
        Some(false)
    } else {
        None
    }
}

#[derive(Debug, PartialEq)]
pub(super) enum Storage {
    /// NVMe instance storage, encrypted by the instance; no `VolumeKmsKeyId` allowed.
    Local,
    /// EBS volumes, encrypted with `VolumeKmsKeyId` or else an AWS managed key.
    Ebs,
    Unrecognized,
}

/// Families with instance storage whose names carry no `d` (the EC2 naming convention for
/// instance store, as in `c5d`, `g4dn`, `p4d`).
const LOCAL_FAMILIES: &[&str] = &[
    "g5", "g6", "g6e", "gr6", "p5", "p5e", "p5en", "p6-b200", "trn1", "trn1n", "trn2", "dl1",
];

/// EBS-only families SageMaker runs jobs on.
const EBS_FAMILIES: &[&str] = &[
    "t2", "t3", "m4", "m5", "m5n", "m6i", "m6in", "m7i", "m6g", "m7g", "c4", "c5", "c5n", "c6i",
    "c6in", "c7i", "c6g", "c6gn", "c7g", "r5", "r5n", "r6i", "r7i", "r6g", "r7g", "p2", "p3",
    "inf1", "inf2",
];

pub(super) fn storage(instance_type: &str) -> Storage {
    let Some(family) = instance_type
        .strip_prefix("ml.")
        .and_then(|rest| rest.split('.').next())
    else {
        return Storage::Unrecognized;
    };
    if LOCAL_FAMILIES.contains(&family) {
        return Storage::Local;
    }
    // The attribute letters after the generation: `dn` in g4dn, `d` in m5d, `id` in m6id.
    let attributes = family
        .trim_start_matches(|c: char| c.is_ascii_lowercase())
        .trim_start_matches(|c: char| c.is_ascii_digit());
    if attributes.contains('d') {
        return Storage::Local;
    }
    if EBS_FAMILIES.contains(&family) {
        return Storage::Ebs;
    }
    Storage::Unrecognized
}

/// The literal text of a value, with placeholders for computed pieces; `None` when nothing of
/// it is known.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Partial(segs) => Some(
            segs.iter()
                .map(|s| match s {
                    Segment::Lit(l) => l.as_str(),
                    Segment::Ref(_) => OPAQUE,
                    Segment::Unknown => UNKNOWN,
                })
                .collect(),
        ),
        Value::Ref(_) => Some(OPAQUE.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Reference, Resource, ResourceSet};
    use crate::rules::cond::Settings;

    fn resource(format: Format, resource_type: &str, attributes: Value) -> Resource {
        Resource {
            format,
            resource_type: resource_type.into(),
            address: "wf".into(),
            attributes,
            location: Location {
                file: "main".into(),
                start_line: 1,
                end_line: 40,
            },
            is_data: false,
        }
    }

    fn attrs(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), Node::new(v, 3)))
                .collect(),
        )
    }

    fn eval(r: &Resource, f: fn(&Subject) -> Outcome) -> Outcome {
        let set = ResourceSet::new(vec![r.clone()]);
        let settings = Settings::default();
        let s = Subject {
            resource: r,
            value: &r.attributes,
            set: &set,
            settings: &settings,
        };
        f(&s)
    }

    fn json(text: &str) -> Value {
        let j: serde_json::Value = serde_json::from_str(text).expect("test JSON");
        Value::from_json(&j, 5)
    }

    const TRAINING_OPEN: &str = r#"{
      "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
      "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
      "ResourceConfig": {"InstanceCount": 2, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 50},
      "RoleArn": "arn:aws:iam::123456789012:role/r",
      "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
    }"#;

    fn pipeline(steps: &str) -> Resource {
        resource(
            Format::Terraform,
            "aws_sagemaker_pipeline",
            attrs(vec![(
                "pipeline_definition",
                Value::String(format!(r#"{{"Version": "2020-12-01", "Steps": {steps}}}"#)),
            )]),
        )
    }

    #[test]
    fn pipeline_training_step_defaults_fail_every_check() {
        let r = pipeline(&format!(
            r#"[{{"Name": "Train", "Type": "Training", "Arguments": {TRAINING_OPEN}}}]"#
        ));
        for (f, expect) in [
            (
                inter_container_encryption_off as fn(&Subject) -> Outcome,
                "step `Train` (Training) does not set EnableInterContainerTrafficEncryption (defaults to false)",
            ),
            (
                network_isolation_off,
                "step `Train` (Training) does not set EnableNetworkIsolation (defaults to false)",
            ),
            (vpc_missing, "step `Train` (Training) has no VpcConfig"),
            (
                kms_missing,
                "step `Train` (Training) has no OutputDataConfig.KmsKeyId and no ResourceConfig.VolumeKmsKeyId",
            ),
        ] {
            let o = eval(&r, f);
            assert_eq!(o.truth, Tri::True, "{expect}");
            assert_eq!(o.evidence.detail, expect);
            assert_eq!(o.evidence.line, Some(3));
        }
    }

    #[test]
    fn condition_branches_are_walked() {
        let r = pipeline(
            r#"[{"Name": "Gate", "Type": "Condition", "Arguments": {"Conditions": [],
                "IfSteps": [{"Name": "Batch", "Type": "Transform", "Arguments": {
                  "TransformOutput": {"S3OutputPath": "s3://b/o", "KmsKeyId": "alias/ml"},
                  "TransformResources": {"InstanceType": "ml.c5.xlarge", "InstanceCount": 1}}}],
                "ElseSteps": []}}]"#,
        );
        let o = eval(&r, kms_missing);
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "step `Batch` (Transform) has no TransformResources.VolumeKmsKeyId"
        );
        // Transform jobs take isolation and VPC from their model.
        assert_eq!(eval(&r, vpc_missing).truth, Tri::False);
    }

    #[test]
    fn pipeline_parameters_are_unknown() {
        let r = pipeline(
            r#"[{"Name": "Prep", "Type": "Processing", "Arguments": {
                "NetworkConfig": {"EnableNetworkIsolation": {"Get": "Parameters.Isolate"},
                                  "EnableInterContainerTrafficEncryption": true,
                                  "VpcConfig": {"Subnets": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}},
                "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1,
                    "InstanceType": {"Get": "Parameters.InstanceType"}, "VolumeSizeInGB": 30}},
                "ProcessingOutputConfig": {"Outputs": [], "KmsKeyId": "alias/ml"}}}]"#,
        );
        assert_eq!(eval(&r, network_isolation_off).truth, Tri::Unknown);
        assert_eq!(eval(&r, inter_container_encryption_off).truth, Tri::False);
        assert_eq!(eval(&r, vpc_missing).truth, Tri::False);
        // No VolumeKmsKeyId, but the instance type (local storage or not) is a parameter.
        assert_eq!(eval(&r, kms_missing).truth, Tri::Unknown);
    }

    #[test]
    fn local_storage_instances_need_no_volume_key() {
        assert_eq!(storage("ml.g5.2xlarge"), Storage::Local);
        assert_eq!(storage("ml.p4d.24xlarge"), Storage::Local);
        assert_eq!(storage("ml.g4dn.xlarge"), Storage::Local);
        assert_eq!(storage("ml.m5d.large"), Storage::Local);
        assert_eq!(storage("ml.p3dn.24xlarge"), Storage::Local);
        assert_eq!(storage("ml.m5.xlarge"), Storage::Ebs);
        assert_eq!(storage("ml.c5n.2xlarge"), Storage::Ebs);
        assert_eq!(storage("ml.p3.2xlarge"), Storage::Ebs);
        assert_eq!(storage("ml.x9z.large"), Storage::Unrecognized);
        let r = pipeline(
            r#"[{"Name": "Train", "Type": "Training", "Arguments": {
                "OutputDataConfig": {"S3OutputPath": "s3://b/out", "KmsKeyId": "alias/ml"},
                "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.g5.12xlarge"}}}]"#,
        );
        assert_eq!(eval(&r, kms_missing).truth, Tri::False);
    }

    fn machine(format: Format, resource_type: &str, key: &str, definition: Value) -> Resource {
        resource(format, resource_type, attrs(vec![(key, definition)]))
    }

    #[test]
    fn nested_states_and_jsonpath_keys() {
        let def = r#"{"StartAt": "Fan", "States": {
          "Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Train", "States": {"Train": {"Type": "Task",
              "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
              "Parameters": {"TrainingJobName.$": "$.name", "EnableNetworkIsolation": true,
                             "VpcConfig.$": "$.vpc"}, "End": true}}},
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "Prep", "States": {"Prep": {"Type": "Task",
                "Resource": "arn:aws:states:::sagemaker:createProcessingJob.sync",
                "Parameters": {"NetworkConfig": {"EnableNetworkIsolation": false}},
                "End": true}}}}}}
          ]}}}"#;
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            Value::String(def.into()),
        );
        let o = eval(&r, network_isolation_off);
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "state `Prep` (createProcessingJob.sync) sets NetworkConfig.EnableNetworkIsolation to false"
        );
        // Train's VpcConfig comes from the input: unknown; Prep has no NetworkConfig.VpcConfig.
        let o = eval(&r, vpc_missing);
        assert_eq!(o.truth, Tri::True);
        assert!(!o.evidence.detail.contains("Train"));
    }

    #[test]
    fn heredoc_interpolations_keep_json_readable() {
        let def = Value::Partial(vec![
            Segment::Lit(
                r#"{"StartAt": "Train", "States": {"Train": {"Type": "Task", "End": true,
                "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
                "Parameters": {"EnableInterContainerTrafficEncryption": "#
                    .into(),
            ),
            Segment::Unknown,
            Segment::Lit(r#", "OutputDataConfig": {"KmsKeyId": ""#.into()),
            Segment::Ref(Reference {
                address: "aws_kms_key.ml".into(),
                attribute: "arn".into(),
            }),
            Segment::Lit(
                r#""}, "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "VolumeKmsKeyId": "alias/ml"}}}}}"#
                    .into(),
            ),
        ]);
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            def,
        );
        assert_eq!(eval(&r, inter_container_encryption_off).truth, Tri::Unknown);
        assert_eq!(eval(&r, kms_missing).truth, Tri::False);
    }

    #[test]
    fn definition_substitutions() {
        let subs = attrs(vec![
            (
                "KeyArn",
                Value::Ref(Reference {
                    address: "Key".into(),
                    attribute: "Arn".into(),
                }),
            ),
            ("Isolate", Value::String("false".into())),
        ]);
        let def = r#"{"StartAt": "Tune", "States": {"Tune": {"Type": "Task", "End": true,
            "Resource": "arn:${AWS::Partition}:states:::sagemaker:createHyperParameterTuningJob.sync",
            "Parameters": {"TrainingJobDefinition": {
              "EnableNetworkIsolation": ${Isolate}, "EnableInterContainerTrafficEncryption": ${Unset},
              "OutputDataConfig": {"KmsKeyId": "${KeyArn}"},
              "ResourceConfig": {"InstanceType": "ml.c5.2xlarge", "VolumeKmsKeyId": "${KeyArn}"}}}}}}"#;
        let r = resource(
            Format::CloudFormation,
            "AWS::StepFunctions::StateMachine",
            attrs(vec![
                ("DefinitionString", Value::String(def.into())),
                ("DefinitionSubstitutions", subs),
            ]),
        );
        let o = eval(&r, network_isolation_off);
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "state `Tune` (createHyperParameterTuningJob.sync) sets EnableNetworkIsolation to false in TrainingJobDefinition"
        );
        assert_eq!(eval(&r, inter_container_encryption_off).truth, Tri::Unknown);
        assert_eq!(eval(&r, kms_missing).truth, Tri::False);
    }

    #[test]
    fn definition_in_s3_is_unknown() {
        let r = resource(
            Format::CloudFormation,
            "AWS::SageMaker::Pipeline",
            attrs(vec![(
                "PipelineDefinition",
                attrs(vec![(
                    "PipelineDefinitionS3Location",
                    attrs(vec![("Bucket", Value::String("b".into()))]),
                )]),
            )]),
        );
        assert_eq!(eval(&r, vpc_missing).truth, Tri::Unknown);
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            Value::String("{not json".into()),
        );
        assert_eq!(eval(&r, vpc_missing).truth, Tri::Unknown);
    }

    #[test]
    fn lambda_tasks_and_unknown_resources() {
        let def = json(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Next": "B",
              "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}},
              "B": {"Type": "Task", "End": true, "Resource": "__aiposture_reference__"}}}"#,
        );
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            def,
        );
        assert_eq!(eval(&r, vpc_missing).truth, Tri::False);
        let def = json(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "End": true,
              "Resource": "__aiposture_unknown__"}}}"#,
        );
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            def,
        );
        assert_eq!(eval(&r, vpc_missing).truth, Tri::Unknown);
    }

    #[test]
    fn jsonata_arguments_and_sdk_integration() {
        let def = json(
            r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task",
              "End": true, "Resource": "arn:aws:states:::aws-sdk:sagemaker:createTrainingJob",
              "Arguments": {"VpcConfig": "{% $states.input.vpc %}", "EnableNetworkIsolation": true}}}}"#,
        );
        let r = machine(
            Format::Terraform,
            "aws_sfn_state_machine",
            "definition",
            def,
        );
        assert_eq!(eval(&r, vpc_missing).truth, Tri::Unknown);
        assert_eq!(eval(&r, network_isolation_off).truth, Tri::False);
        let o = eval(&r, inter_container_encryption_off);
        assert_eq!(o.truth, Tri::True);
        assert!(o
            .evidence
            .detail
            .starts_with("state `T` (createTrainingJob)"));
    }

    /// `DefinitionString: !Sub |` is the usual hand-written form, but the fixture twins cannot
    /// express a tag before a block scalar on one line, so it is tested here through the
    /// CloudFormation reader.
    #[test]
    fn sub_block_definition_string_from_a_template() {
        use crate::source::cloudformation::{load_template, CfnOptions};
        use crate::source::SourceFile;
        let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/states
      DefinitionString: !Sub |
        {
          "StartAt": "Train",
          "States": {
            "Train": {
              "Type": "Task",
              "Resource": "arn:${AWS::Partition}:states:::sagemaker:createTrainingJob.sync",
              "Parameters": {
                "RoleArn": "arn:aws:iam::${AWS::AccountId}:role/sagemaker",
                "EnableNetworkIsolation": true,
                "EnableInterContainerTrafficEncryption": true,
                "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeKmsKeyId": "${Key.Arn}"},
                "OutputDataConfig": {"S3OutputPath": "s3://acme-ml/models/", "KmsKeyId": "${Key.Arn}"}
              },
              "End": true
            }
          }
        }
"#;
        let source = SourceFile {
            rel: "t.yaml".into(),
            abs: std::path::PathBuf::from("t.yaml"),
            text: text.into(),
        };
        let resources = load_template(&source, &CfnOptions::default())
            .expect("a template")
            .expect("parses");
        let machine = resources
            .iter()
            .find(|r| r.address == "Machine")
            .expect("state machine");
        let o = eval(machine, vpc_missing);
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "state `Train` (createTrainingJob.sync) has no VpcConfig"
        );
        assert_eq!(o.evidence.line, Some(11));
        assert_eq!(eval(machine, kms_missing).truth, Tri::False);
        assert_eq!(eval(machine, network_isolation_off).truth, Tri::False);
    }

    #[test]
    fn long_lists_are_counted() {
        let steps: Vec<String> = (0..7)
            .map(|i| {
                format!(r#"{{"Name": "T{i}", "Type": "Training", "Arguments": {TRAINING_OPEN}}}"#)
            })
            .collect();
        let r = pipeline(&format!("[{}]", steps.join(",")));
        let o = eval(&r, vpc_missing);
        assert!(
            o.evidence.detail.ends_with("; and 2 more"),
            "{}",
            o.evidence.detail
        );
    }
}
