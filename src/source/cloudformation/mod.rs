//! CloudFormation templates (YAML and JSON; SAM and CDK output included) into the resource
//! model.
//!
//! A file is a template when its top level has `AWSTemplateFormatVersion`, or a `Resources`
//! mapping whose entries have a `Type` like `AWS::...`. Other YAML and JSON (workflows,
//! Kubernetes manifests, package.json, Config snapshots) is ignored quietly.
//!
//! Intrinsic functions are evaluated where they can be: `Ref` to a parameter takes its value
//! (`--cfn-param`, a parameters file, else `Default`); `Ref`/`Fn::GetAtt` to a resource is a
//! known reference to it; `Fn::If` resolves when its condition can be evaluated;
//! `AWS::NoValue` removes the property; `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split` and
//! `Fn::FindInMap` compute when their inputs are known. Pseudo parameters (`AWS::Region`, ...)
//! are unknown unless given. Anything else is unknown, which never produces a finding.

pub mod yaml;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::diagnostic::Diagnostic;
use crate::model::{format_number, Format, Location, Node, Reference, Resource, Segment, Value};
use crate::source::SourceFile;
use yaml::{Data, Y};

/// Parameter values given on the command line (`--cfn-param NAME=VALUE`, a parameters file).
#[derive(Debug, Default, Clone)]
pub struct CfnOptions {
    pub params: Vec<(String, String)>,
}

/// Cheap test before parsing: could this text be a template at all?
pub fn might_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// Whether a parsed document is a CloudFormation template.
fn is_template(root: &Y) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources") else {
        return false;
    };
    match &resources.data {
        Data::Map(entries) => {
            !entries.is_empty()
                && entries.iter().any(|(_, r)| {
                    r.get("Type")
                        .and_then(|t| t.as_str())
                        .is_some_and(|t| t.contains("::"))
                })
        }
        _ => false,
    }
}

/// The outcome of reading one file: `None` when it is not a template.
pub fn load_template(
    source: &SourceFile,
    options: &CfnOptions,
) -> Option<Result<Vec<Resource>, Diagnostic>> {
    if !might_be_template(&source.text) {
        return None;
    }
    let root = match yaml::parse(&source.text) {
        Ok(Some(root)) => root,
        Ok(None) => return None,
        Err(e) => {
            // Report the error only when the text looks like a template; other broken YAML
            // is not ours to judge.
            let looks_like = source.text.contains("AWSTemplateFormatVersion")
                || (source.text.contains("Resources") && source.text.contains("Type"));
            return looks_like.then(|| {
                Err(Diagnostic::new(
                    &source.rel,
                    Some(e.line),
                    format!("CloudFormation template does not parse: {}", e.message),
                ))
            });
        }
    };
    if !is_template(&root) {
        return None;
    }
    Some(Ok(
        Template::new(&root, options).resources(&root, &source.rel)
    ))
}

/// The part of a template that intrinsic functions read.
struct Template {
    params: HashMap<String, Value>,
    resources: HashSet<String>,
    conditions: HashMap<String, Rc<Y>>,
    mappings: Option<Rc<Y>>,
    condition_cache: RefCell<HashMap<String, Option<bool>>>,
    in_progress: RefCell<HashSet<String>>,
}

/// An evaluated property: a value, or `AWS::NoValue` (the property is removed).
enum Eval {
    Value(Value),
    NoValue,
}

/// Intrinsics nest; past this depth the value is unknown.
const MAX_EVAL_DEPTH: u32 = 128;

impl Template {
    fn new(root: &Y, options: &CfnOptions) -> Template {
        let mut params = HashMap::new();
        if let Some(Data::Map(entries)) = root.get("Parameters").map(|p| &p.data) {
            for (k, v) in entries {
                let (Some(name), Some(default)) = (k.as_str(), v.get("Default")) else {
                    continue;
                };
                params.insert(name.to_string(), plain_value(default));
            }
        }
        for (name, value) in &options.params {
            params.insert(name.clone(), Value::String(value.clone()));
        }
        let mut resources = HashSet::new();
        if let Some(Data::Map(entries)) = root.get("Resources").map(|r| &r.data) {
            for (k, _) in entries {
                if let Some(name) = k.as_str() {
                    resources.insert(name.to_string());
                }
            }
        }
        let mut conditions = HashMap::new();
        if let Some(Data::Map(entries)) = root.get("Conditions").map(|c| &c.data) {
            for (k, v) in entries {
                if let Some(name) = k.as_str() {
                    conditions.insert(name.to_string(), v.clone());
                }
            }
        }
        Template {
            params,
            resources,
            conditions,
            mappings: root.get("Mappings").cloned(),
            condition_cache: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(HashSet::new()),
        }
    }

    fn resources(&self, root: &Y, file: &str) -> Vec<Resource> {
        let mut out = Vec::new();
        let Some(Data::Map(entries)) = root.get("Resources").map(|r| &r.data) else {
            return out;
        };
        for (key, body) in entries {
            let (Some(logical_id), Some(rtype)) =
                (key.as_str(), body.get("Type").and_then(|t| t.as_str()))
            else {
                continue;
            };
            // A resource whose condition is known false is not created.
            if let Some(cond) = body.get("Condition").and_then(|c| c.as_str()) {
                if self.condition(cond, 0) == Some(false) {
                    continue;
                }
            }
            let attributes = match body.get("Properties") {
                Some(props) => match self.eval(props, 0) {
                    Eval::Value(v @ Value::Map(_)) => v,
                    Eval::Value(Value::Unknown(why)) => Value::Unknown(why),
                    _ => Value::Map(Vec::new()),
                },
                None => Value::Map(Vec::new()),
            };
            out.push(Resource {
                format: Format::CloudFormation,
                resource_type: rtype.to_string(),
                address: logical_id.to_string(),
                attributes,
                location: Location {
                    file: file.to_string(),
                    start_line: key.line,
                    end_line: body.end_line.max(key.line),
                },
                is_data: false,
            });
        }
        out
    }

    /// A node in the model: a mapping entry takes its key's line, so findings point at the
    /// property name.
    fn node(&self, y: &Y, line: u32, depth: u32) -> Option<Node> {
        match self.eval(y, depth) {
            Eval::Value(v) => Some(Node::spanning(v, line, y.end_line.max(line))),
            Eval::NoValue => None,
        }
    }

    fn eval(&self, y: &Y, depth: u32) -> Eval {
        if depth > MAX_EVAL_DEPTH {
            return Eval::Value(Value::unknown("intrinsic functions nested too deeply"));
        }
        if let Some(tag) = &y.tag {
            if let Some(name) = intrinsic_name(tag) {
                return self.intrinsic(&name, y, depth + 1);
            }
        }
        match &y.data {
            Data::Scalar(..) => Eval::Value(plain_value(y)),
            Data::Seq(items) => Eval::Value(Value::List(
                items
                    .iter()
                    .filter_map(|i| self.node(i, i.line, depth + 1))
                    .collect(),
            )),
            Data::Map(entries) => {
                // `{Ref: X}` and `{"Fn::Sub": ...}`: long-form intrinsics are one-key mappings.
                if let [(k, v)] = entries.as_slice() {
                    if let Some(name) = k.as_str().filter(|n| *n == "Ref" || n.starts_with("Fn::"))
                    {
                        return self.intrinsic(name, v, depth + 1);
                    }
                }
                Eval::Value(Value::Map(
                    entries
                        .iter()
                        .filter_map(|(k, v)| {
                            let key = k.as_str()?.to_string();
                            let node = Node::spanning(
                                match self.eval(v, depth + 1) {
                                    Eval::Value(val) => val,
                                    Eval::NoValue => return None,
                                },
                                k.line,
                                v.end_line.max(k.line),
                            );
                            Some((key, node))
                        })
                        .collect(),
                ))
            }
        }
    }

    fn value(&self, y: &Y, depth: u32) -> Value {
        match self.eval(y, depth) {
            Eval::Value(v) => v,
            Eval::NoValue => Value::Null,
        }
    }

    /// `arg` is the function's argument: the tagged node itself for short forms (tag
    /// stripped), or the mapping's value for long forms.
    fn intrinsic(&self, name: &str, arg: &Y, depth: u32) -> Eval {
        let unknown = |why: &str| Eval::Value(Value::unknown(why));
        let args: Vec<&Rc<Y>> = match &arg.data {
            Data::Seq(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        match name {
            "Ref" => match arg.as_str() {
                Some("AWS::NoValue") => Eval::NoValue,
                Some(target) => Eval::Value(self.reference(target, "")),
                None => unknown("Ref of a non-string"),
            },
            "Fn::GetAtt" => {
                let (res, attr) = match (&arg.data, args.as_slice()) {
                    (Data::Scalar(s, _), _) => match s.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => return unknown("Fn::GetAtt without attribute"),
                    },
                    (_, [r, a]) => match (r.as_str(), self.value(a, depth)) {
                        (Some(r), Value::String(a)) => (r.to_string(), a),
                        _ => return unknown("Fn::GetAtt arguments are not known"),
                    },
                    _ => return unknown("Fn::GetAtt arguments are not known"),
                };
                if self.resources.contains(&res) {
                    Eval::Value(Value::Ref(Reference {
                        address: res,
                        attribute: attr,
                    }))
                } else {
                    unknown(&format!("Fn::GetAtt of unknown resource {res}"))
                }
            }
            "Fn::Sub" => {
                let (template, vars) = match (&arg.data, args.as_slice()) {
                    (Data::Scalar(s, _), _) => (s.clone(), None),
                    (_, [t, v]) => match t.as_str() {
                        Some(s) => (s.to_string(), Some(v)),
                        None => return unknown("Fn::Sub template is not a string"),
                    },
                    _ => return unknown("Fn::Sub arguments are not known"),
                };
                Eval::Value(self.sub(&template, vars.map(|v| v.as_ref()), depth))
            }
            "Fn::Join" => match args.as_slice() {
                [delim, list] => {
                    let Some(delim) = delim.as_str() else {
                        return unknown("Fn::Join delimiter is not known");
                    };
                    let Value::List(items) = self.value(list, depth) else {
                        return unknown("Fn::Join list is not known");
                    };
                    let mut segments = Vec::new();
                    for (i, item) in items.into_iter().enumerate() {
                        if i > 0 && !delim.is_empty() {
                            segments.push(Segment::Lit(delim.to_string()));
                        }
                        Segment::push(&mut segments, item.value);
                    }
                    Eval::Value(Value::from_segments(segments))
                }
                _ => unknown("Fn::Join needs [delimiter, list]"),
            },
            "Fn::Select" => match args.as_slice() {
                [index, list] => {
                    let index = match self.value(index, depth) {
                        Value::Number(n) if n >= 0.0 => n as usize,
                        Value::String(s) => match s.parse::<usize>() {
                            Ok(n) => n,
                            Err(_) => return unknown("Fn::Select index is not a number"),
                        },
                        _ => return unknown("Fn::Select index is not known"),
                    };
                    match self.value(list, depth) {
                        Value::List(items) => match items.into_iter().nth(index) {
                            Some(n) => Eval::Value(n.value),
                            None => unknown("Fn::Select index out of range"),
                        },
                        _ => unknown("Fn::Select list is not known"),
                    }
                }
                _ => unknown("Fn::Select needs [index, list]"),
            },
            "Fn::Split" => match args.as_slice() {
                [delim, s] => match (delim.as_str(), self.value(s, depth)) {
                    (Some(d), Value::String(s)) if !d.is_empty() => Eval::Value(Value::List(
                        s.split(d)
                            .map(|p| Node::new(Value::String(p.to_string()), arg.line))
                            .collect(),
                    )),
                    _ => unknown("Fn::Split arguments are not known"),
                },
                _ => unknown("Fn::Split needs [delimiter, string]"),
            },
            "Fn::FindInMap" => match args.as_slice() {
                [map, top, second, ..] => {
                    let keys = [
                        self.value(map, depth),
                        self.value(top, depth),
                        self.value(second, depth),
                    ];
                    let [Value::String(m), Value::String(t), Value::String(s)] = keys else {
                        return unknown("Fn::FindInMap keys are not known");
                    };
                    match self
                        .mappings
                        .as_ref()
                        .and_then(|mp| mp.get(&m))
                        .and_then(|x| x.get(&t))
                        .and_then(|x| x.get(&s))
                    {
                        Some(found) => self.eval(&found.clone(), depth),
                        None => unknown("Fn::FindInMap key not in Mappings"),
                    }
                }
                _ => unknown("Fn::FindInMap needs [map, key, key]"),
            },
            "Fn::If" => match args.as_slice() {
                [cond, a, b] => match cond.as_str().and_then(|c| self.condition(c, depth)) {
                    Some(true) => self.eval(a, depth),
                    Some(false) => self.eval(b, depth),
                    None => {
                        let (x, y) = (self.value(a, depth), self.value(b, depth));
                        if x == y {
                            Eval::Value(x)
                        } else {
                            unknown("Fn::If condition is not known")
                        }
                    }
                },
                _ => unknown("Fn::If needs [condition, value, value]"),
            },
            // The short form's argument is the tagged node itself: evaluate it without the tag.
            "Fn::Base64" => {
                let mut inner = arg.clone();
                inner.tag = None;
                Eval::Value(self.value(&inner, depth))
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => {
                match self.truth_of(name, arg, depth) {
                    Some(b) => Eval::Value(Value::Bool(b)),
                    None => unknown("condition is not known"),
                }
            }
            other => unknown(&format!("{other} is not evaluated")),
        }
    }

    /// `Ref` semantics: a parameter's value, a pseudo parameter, or a resource reference.
    fn reference(&self, target: &str, attribute: &str) -> Value {
        if let Some(v) = self.params.get(target) {
            return v.clone();
        }
        if target.starts_with("AWS::") {
            return Value::unknown(format!("pseudo parameter {target}"));
        }
        if self.resources.contains(target) {
            return Value::Ref(Reference {
                address: target.to_string(),
                attribute: attribute.to_string(),
            });
        }
        Value::unknown(format!("parameter {target} has no value"))
    }

    /// `Fn::Sub`: `${Name}`, `${Resource.Attr}`, `${!Literal}`, and names from the variable map.
    fn sub(&self, template: &str, vars: Option<&Y>, depth: u32) -> Value {
        let mut segments = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            segments.push(Segment::Lit(rest[..start].to_string()));
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                segments.push(Segment::Lit(rest[start..].to_string()));
                rest = "";
                break;
            };
            let name = after[..end].trim();
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                segments.push(Segment::Lit(format!("${{{literal}}}")));
                continue;
            }
            let value = match vars.and_then(|v| v.get(name)) {
                Some(v) => self.value(v, depth),
                None => match name.split_once('.') {
                    Some((res, attr)) if self.resources.contains(res) => Value::Ref(Reference {
                        address: res.to_string(),
                        attribute: attr.to_string(),
                    }),
                    _ => self.reference(name, ""),
                },
            };
            Segment::push(&mut segments, value);
        }
        segments.push(Segment::Lit(rest.to_string()));
        Value::from_segments(segments)
    }

    fn condition(&self, name: &str, depth: u32) -> Option<bool> {
        if let Some(v) = self.condition_cache.borrow().get(name) {
            return *v;
        }
        let expr = self.conditions.get(name)?.clone();
        if !self.in_progress.borrow_mut().insert(name.to_string()) {
            return None;
        }
        let value = self.truth(&expr, depth + 1);
        self.in_progress.borrow_mut().remove(name);
        self.condition_cache
            .borrow_mut()
            .insert(name.to_string(), value);
        value
    }

    /// Evaluates a condition expression (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`,
    /// `Condition`), from either form.
    fn truth(&self, y: &Y, depth: u32) -> Option<bool> {
        if depth > MAX_EVAL_DEPTH {
            return None;
        }
        if let Some(tag) = &y.tag {
            let name = intrinsic_name(tag)?;
            return self.truth_of(&name, y, depth + 1);
        }
        match &y.data {
            Data::Map(entries) => match entries.as_slice() {
                [(k, v)] => self.truth_of(k.as_str()?, v, depth + 1),
                _ => None,
            },
            Data::Scalar(..) => match plain_value(y) {
                Value::Bool(b) => Some(b),
                _ => None,
            },
            Data::Seq(_) => None,
        }
    }

    fn truth_of(&self, name: &str, arg: &Y, depth: u32) -> Option<bool> {
        let args: Vec<&Rc<Y>> = match &arg.data {
            Data::Seq(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        match name {
            "Condition" => self.condition(arg.as_str()?, depth),
            "Fn::Equals" => match args.as_slice() {
                [a, b] => {
                    let (a, b) = (self.value(a, depth), self.value(b, depth));
                    match (scalar_text(&a), scalar_text(&b)) {
                        (Some(a), Some(b)) => Some(a == b),
                        _ => None,
                    }
                }
                _ => None,
            },
            "Fn::Not" => match args.as_slice() {
                [a] => self.truth(a, depth).map(|b| !b),
                _ => None,
            },
            "Fn::And" | "Fn::Or" => {
                let values: Vec<Option<bool>> = args.iter().map(|a| self.truth(a, depth)).collect();
                if name == "Fn::And" {
                    if values.contains(&Some(false)) {
                        Some(false)
                    } else if values.iter().all(|v| *v == Some(true)) {
                        Some(true)
                    } else {
                        None
                    }
                } else if values.contains(&Some(true)) {
                    Some(true)
                } else if values.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// `!Sub` → `Fn::Sub`; `!Ref` and `!Condition` keep their names; others are not intrinsics.
fn intrinsic_name(tag: &str) -> Option<String> {
    match tag {
        "Ref" | "Condition" => Some(tag.to_string()),
        "Sub" | "GetAtt" | "Join" | "Select" | "Split" | "FindInMap" | "If" | "Equals" | "Not"
        | "And" | "Or" | "Base64" | "ImportValue" | "GetAZs" | "Cidr" | "Transform" | "Length"
        | "ToJsonString" => Some(format!("Fn::{tag}")),
        _ => None,
    }
}

/// A scalar's YAML 1.2 core-schema value; quoted scalars are always strings.
fn plain_value(y: &Y) -> Value {
    match &y.data {
        Data::Scalar(s, plain) => {
            if !plain || y.tag.as_deref() == Some("!!str") {
                return Value::String(s.clone());
            }
            match s.as_str() {
                "" | "~" | "null" | "Null" | "NULL" => Value::Null,
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                _ => match s.parse::<f64>() {
                    // Keep strings like "0123" or "1e5" readable as strings in messages but
                    // comparable: the condition language compares scalars by text anyway.
                    Ok(n) if n.is_finite() && !s.starts_with('+') && !s.starts_with('.') => {
                        Value::Number(n)
                    }
                    _ => Value::String(s.clone()),
                },
            }
        }
        Data::Seq(items) => Value::List(
            items
                .iter()
                .map(|i| Node::new(plain_value(i), i.line))
                .collect(),
        ),
        Data::Map(entries) => Value::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.as_str()?.to_string(), Node::new(plain_value(v), k.line)))
                })
                .collect(),
        ),
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lookup;
    use std::path::PathBuf;

    fn load(text: &str) -> Vec<Resource> {
        load_with(text, &CfnOptions::default())
    }

    fn load_with(text: &str, options: &CfnOptions) -> Vec<Resource> {
        let source = SourceFile {
            rel: "t.yaml".into(),
            abs: PathBuf::from("t.yaml"),
            text: text.into(),
        };
        load_template(&source, options)
            .expect("a template")
            .expect("parses")
    }

    const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  KeyArn:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Mappings:
  Sizes:
    prod:
      Instance: ml.m5.xlarge
Resources:
  Key:
    Type: AWS::KMS::Key
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: !FindInMap [Sizes, !Ref Env, Instance]
      KmsKeyId: !GetAtt Key.Arn
      DirectInternetAccess: !If [IsProd, Disabled, Enabled]
      RootAccess: !If [NotProd, Enabled, !Ref AWS::NoValue]
      RoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-notebook"
      VolumeSizeInGB: 50
      Tags:
        - Key: env
          Value: !Join ["-", [!Ref Env, x]]
  Unknown:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      KmsKeyId: !Ref KeyArn
"#;

    #[test]
    fn intrinsics_resolve() {
        let rs = load(TEMPLATE);
        let nb = rs
            .iter()
            .find(|r| r.address == "Notebook")
            .expect("notebook");
        assert_eq!(nb.resource_type, "AWS::SageMaker::NotebookInstance");
        assert_eq!((nb.location.start_line, nb.location.end_line), (18, 29));
        let get = |k: &str| nb.attr(k).map(|n| n.value.clone());
        assert_eq!(
            get("InstanceType"),
            Some(Value::String("ml.m5.xlarge".into()))
        );
        assert!(
            matches!(get("KmsKeyId"), Some(Value::Ref(r)) if r.address == "Key" && r.attribute == "Arn")
        );
        assert_eq!(
            get("DirectInternetAccess"),
            Some(Value::String("Disabled".into()))
        );
        assert_eq!(get("RootAccess"), None, "AWS::NoValue removes the property");
        assert!(matches!(get("RoleArn"), Some(Value::Partial(_))));
        assert_eq!(nb.attr("DirectInternetAccess").map(|n| n.line), Some(23));
        let tag = lookup(&nb.attributes, "Tags.Value");
        assert_eq!(tag.nodes[0].value, Value::String("prod-x".into()));
        let unknown = rs.iter().find(|r| r.address == "Unknown").expect("unknown");
        assert!(unknown
            .attr("KmsKeyId")
            .is_some_and(|n| n.value.is_unknown()));
    }

    #[test]
    fn parameters_from_the_command_line_win() {
        let options = CfnOptions {
            params: vec![("Env".into(), "dev".into())],
        };
        let rs = load_with(TEMPLATE, &options);
        let nb = rs
            .iter()
            .find(|r| r.address == "Notebook")
            .expect("notebook");
        assert_eq!(
            nb.attr("DirectInternetAccess").map(|n| n.value.clone()),
            Some(Value::String("Enabled".into()))
        );
        assert_eq!(
            nb.attr("RootAccess").map(|n| n.value.clone()),
            Some(Value::String("Enabled".into()))
        );
    }

    #[test]
    fn long_form_equals_short_form() {
        let long = TEMPLATE
            .replace(
                "!Equals [!Ref Env, prod]",
                "{\"Fn::Equals\": [{Ref: Env}, prod]}",
            )
            .replace(
                "!Not [!Condition IsProd]",
                "{\"Fn::Not\": [{Condition: IsProd}]}",
            )
            .replace(
                "!FindInMap [Sizes, !Ref Env, Instance]",
                "{\"Fn::FindInMap\": [Sizes, {Ref: Env}, Instance]}",
            )
            .replace("!GetAtt Key.Arn", "{\"Fn::GetAtt\": [Key, Arn]}")
            .replace(
                "!If [IsProd, Disabled, Enabled]",
                "{\"Fn::If\": [IsProd, Disabled, Enabled]}",
            )
            .replace(
                "!If [NotProd, Enabled, !Ref AWS::NoValue]",
                "{\"Fn::If\": [NotProd, Enabled, {Ref: \"AWS::NoValue\"}]}",
            )
            .replace("!Sub \"arn:", "{\"Fn::Sub\": \"arn:")
            .replace("-notebook\"", "-notebook\"}")
            .replace(
                "!Join [\"-\", [!Ref Env, x]]",
                "{\"Fn::Join\": [\"-\", [{Ref: Env}, x]]}",
            )
            .replace("!Ref KeyArn", "{Ref: KeyArn}");
        assert!(!long.contains('!'), "{long}");
        let a = load(TEMPLATE);
        let b = load(&long);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(x.attributes, y.attributes, "{}", x.address);
        }
    }

    #[test]
    fn other_yaml_is_not_a_template() {
        for text in [
            "name: ci\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
            "{\"name\": \"pkg\", \"version\": \"1.0.0\"}",
            "configurationItems:\n  - resourceType: AWS::SageMaker::NotebookInstance\n",
            "Resources: [1, 2]\nbroken: [\n",
        ] {
            let source = SourceFile {
                rel: "x.yaml".into(),
                abs: PathBuf::from("x.yaml"),
                text: text.into(),
            };
            assert!(
                load_template(&source, &CfnOptions::default()).is_none(),
                "{text}"
            );
        }
    }

    #[test]
    fn sam_template_without_version_is_detected() {
        let rs = load("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n");
        assert_eq!(rs[0].resource_type, "AWS::Serverless::Function");
    }

    #[test]
    fn broken_template_is_reported_with_line() {
        let source = SourceFile {
            rel: "t.yaml".into(),
            abs: PathBuf::from("t.yaml"),
            text: "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  A:\n\tType: AWS::S3::Bucket\n".into(),
        };
        let err = load_template(&source, &CfnOptions::default())
            .expect("looks like a template")
            .expect_err("does not parse");
        assert_eq!(err.line, Some(4));
    }
}
