//! The resource model every input format produces and every rule reads.
//!
//! A source (Terraform today; CloudFormation and AWS Config later) turns its syntax into
//! [`Resource`] values whose attributes are [`Node`]s: a [`Value`] plus the line it came from.
//! Values remember whether they are known. A reference to another resource is *known to be
//! set* but its text is not known statically; a variable with no default is [`Value::Unknown`].
//! Rules never see HCL or YAML, only this module's types.

use std::collections::HashMap;
use std::fmt;

/// The input format a resource came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Terraform,
    CloudFormation,
    AwsConfig,
    /// aiposture's own inputs (waiver files, suppression comments), for findings about them.
    Aiposture,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
            Format::AwsConfig => "awsconfig",
            Format::Aiposture => "aiposture",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where something is, relative to the scan root, with `/` separators and 1-based lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub start_line: u32,
    pub end_line: u32,
}

/// One piece of a string whose text is only partly known, such as
/// `"com.amazonaws.${var.region}.sagemaker.api"` with no value for `var.region`.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Lit(String),
    /// A reference to another resource's attribute: known to be set, text unknown.
    Ref(Reference),
    Unknown,
}

/// A reference to an attribute of another resource in the same module, e.g. `aws_kms_key.ml.arn`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// Address of the referenced resource (`aws_kms_key.ml`, `data.aws_iam_policy_document.p`).
    pub address: String,
    /// The attribute path after the address (`arn`, `json`, `id`), possibly empty.
    pub attribute: String,
}

/// A value in the model.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// Known to be set to another resource's attribute; the text itself is computed at apply time.
    Ref(Reference),
    /// A string built from literal text and references or unknown pieces.
    Partial(Vec<Segment>),
    /// Cannot be resolved statically (variable without default, unsupported function, ...).
    /// The string says why, for `--show-unknown`.
    Unknown(String),
}

impl Value {
    pub fn unknown(why: impl Into<String>) -> Value {
        Value::Unknown(why.into())
    }

    /// True when the value, or anything inside it, cannot be resolved.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::Partial(segs) => segs.iter().any(|s| matches!(s, Segment::Unknown)),
            Value::List(items) => items.iter().any(|n| n.value.has_unknown()),
            Value::Map(entries) => entries.iter().any(|(_, n)| n.value.has_unknown()),
            _ => false,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entry of a map by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, n)| n),
            _ => None,
        }
    }

    /// Every resource address this value refers to, directly or nested.
    pub fn references(&self, out: &mut Vec<Reference>) {
        match self {
            Value::Ref(r) => out.push(r.clone()),
            Value::Partial(segs) => {
                for s in segs {
                    if let Segment::Ref(r) = s {
                        out.push(r.clone());
                    }
                }
            }
            Value::List(items) => items.iter().for_each(|n| n.value.references(out)),
            Value::Map(entries) => entries.iter().for_each(|(_, n)| n.value.references(out)),
            _ => {}
        }
    }

    /// A short human rendering for messages; never prints more than 80 characters.
    pub fn display(&self) -> String {
        let s = match self {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => s.clone(),
            Value::List(items) => format!("a list of {}", items.len()),
            Value::Map(_) => "an object".to_string(),
            Value::Ref(r) => format!("a reference to {}", r.address),
            Value::Partial(_) => "a computed string".to_string(),
            Value::Unknown(_) => "unknown".to_string(),
        };
        if s.chars().count() > 80 {
            let cut: String = s.chars().take(77).collect();
            format!("{cut}...")
        } else {
            s
        }
    }

    /// Converts a known value to JSON (for `jsonencode` and policy documents); `None` when any
    /// part is not a literal.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|n| n.value.to_json())
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, n)| n.value.to_json().map(|v| (k.clone(), v)))
                    .collect::<Option<serde_json::Map<_, _>>>()?,
            ),
            Value::Ref(_) | Value::Partial(_) | Value::Unknown(_) => return None,
        })
    }

    /// Builds a model value from JSON, every node on `line`.
    pub fn from_json(json: &serde_json::Value, line: u32) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::List(
                items
                    .iter()
                    .map(|v| Node::new(Value::from_json(v, line), line))
                    .collect(),
            ),
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::new(Value::from_json(v, line), line)))
                    .collect(),
            ),
        }
    }
}

impl Segment {
    /// Appends a value to a string being built: its text when it is a scalar, a reference
    /// when it is one, an unknown piece otherwise.
    pub fn push(segments: &mut Vec<Segment>, value: Value) {
        match value {
            Value::String(s) => segments.push(Segment::Lit(s)),
            Value::Number(n) => segments.push(Segment::Lit(format_number(n))),
            Value::Bool(b) => segments.push(Segment::Lit(b.to_string())),
            Value::Ref(r) => segments.push(Segment::Ref(r)),
            Value::Partial(parts) => segments.extend(parts),
            _ => segments.push(Segment::Unknown),
        }
    }
}

impl Value {
    /// A string built from pieces: plain text when every piece is literal, a reference when
    /// it is a single reference, a partial string otherwise.
    pub fn from_segments(parts: Vec<Segment>) -> Value {
        let mut merged: Vec<Segment> = Vec::with_capacity(parts.len());
        for part in parts {
            match (merged.last_mut(), part) {
                (_, Segment::Lit(s)) if s.is_empty() => {}
                (Some(Segment::Lit(prev)), Segment::Lit(s)) => prev.push_str(&s),
                (_, part) => merged.push(part),
            }
        }
        match merged.as_slice() {
            [] => Value::String(String::new()),
            [Segment::Lit(s)] => Value::String(s.clone()),
            [Segment::Ref(r)] => Value::Ref(r.clone()),
            [Segment::Unknown] => Value::unknown("interpolated value is not known"),
            _ => Value::Partial(merged),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A value and the lines it spans in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub end_line: u32,
}

impl Node {
    pub fn new(value: Value, line: u32) -> Node {
        Node {
            value,
            line,
            end_line: line,
        }
    }

    pub fn spanning(value: Value, line: u32, end_line: u32) -> Node {
        Node {
            value,
            line,
            end_line: end_line.max(line),
        }
    }
}

/// One resource (or data source) from any input.
#[derive(Debug, Clone)]
pub struct Resource {
    pub format: Format,
    /// Provider type: `aws_sagemaker_notebook_instance`, `AWS::SageMaker::NotebookInstance`.
    pub resource_type: String,
    /// Stable address: `aws_sagemaker_notebook_instance.main`, `data.aws_iam_policy_document.p`.
    pub address: String,
    /// Attributes and nested blocks. Nested blocks are lists of maps (blocks may repeat).
    pub attributes: Value,
    pub location: Location,
    /// True for Terraform `data` sources; rules match managed resources only unless they ask.
    pub is_data: bool,
}

impl Resource {
    pub fn attr(&self, key: &str) -> Option<&Node> {
        self.attributes.get(key)
    }
}

/// The address without the instance key of its last resource: `aws_x.y[0]` → `aws_x.y`,
/// `module.m["a"].aws_x.y["k"]` → `module.m["a"].aws_x.y`. References name resources
/// without their instance key, so relations compare on this.
pub fn base_address(address: &str) -> &str {
    if address.ends_with(']') {
        if let Some(open) = address.rfind('[') {
            // Only strip a key that follows the resource name, not one inside a module path.
            let before = &address[..open];
            if !before.ends_with(']') {
                return before;
            }
        }
    }
    address
}

/// Whether a reference to `referenced` (as written, without instance key) names `address`.
pub fn refers_to(referenced: &str, address: &str) -> bool {
    referenced == address || referenced == base_address(address)
}

/// The resources of one evaluation unit (a Terraform module directory, a template, a snapshot),
/// with an index of who refers to whom so relation checks are cheap.
#[derive(Debug, Default)]
pub struct ResourceSet {
    pub resources: Vec<Resource>,
    by_address: HashMap<String, usize>,
    /// address -> (index of the referring resource, top-level attribute that holds the reference)
    referrers: HashMap<String, Vec<(usize, String)>>,
    /// resource type -> indices, so checks that look at every resource of a type (for each
    /// resource they judge) stay linear in large templates.
    by_type: HashMap<String, Vec<usize>>,
    /// Tags a provider configuration adds to every resource (`aws` or `aws.ALIAS` -> tags).
    pub default_tags: HashMap<String, Value>,
}

impl ResourceSet {
    pub fn new(resources: Vec<Resource>) -> ResourceSet {
        let mut by_address = HashMap::new();
        let mut referrers: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address.insert(r.address.clone(), i);
            by_type.entry(r.resource_type.clone()).or_default().push(i);
            // `aws_x.y` finds the first instance of `aws_x.y[0]`, `aws_x.y["k"]`, ...
            let base = base_address(&r.address);
            if base != r.address {
                by_address.entry(base.to_string()).or_insert(i);
            }
            if let Value::Map(entries) = &r.attributes {
                for (key, node) in entries {
                    let mut refs = Vec::new();
                    node.value.references(&mut refs);
                    for reference in refs {
                        referrers
                            .entry(reference.address)
                            .or_default()
                            .push((i, key.clone()));
                    }
                }
            }
        }
        for list in referrers.values_mut() {
            list.dedup();
        }
        ResourceSet {
            resources,
            by_address,
            referrers,
            by_type,
            default_tags: HashMap::new(),
        }
    }

    pub fn with_default_tags(
        mut self,
        tags: impl IntoIterator<Item = (String, Value)>,
    ) -> ResourceSet {
        self.default_tags.extend(tags);
        self
    }

    pub fn get(&self, address: &str) -> Option<&Resource> {
        self.by_address
            .get(address)
            .and_then(|&i| self.resources.get(i))
    }

    /// Resources that refer to `address` (or to it without its instance key), with the
    /// top-level attribute holding the reference.
    pub fn referrers<'a>(
        &'a self,
        address: &str,
    ) -> impl Iterator<Item = (&'a Resource, &'a str)> + 'a {
        let base = base_address(address);
        let exact = self.referrers.get(address);
        let by_base = if base != address {
            self.referrers.get(base)
        } else {
            None
        };
        exact
            .into_iter()
            .flatten()
            .chain(by_base.into_iter().flatten())
            .filter_map(|(i, key)| self.resources.get(*i).map(|r| (r, key.as_str())))
    }

    pub fn of_type<'a>(&'a self, resource_type: &'a str) -> impl Iterator<Item = &'a Resource> {
        self.by_type
            .get(resource_type)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.resources.get(i))
    }

    /// The resource types present, each once, in no particular order.
    pub fn types(&self) -> impl Iterator<Item = &str> {
        self.by_type.keys().map(String::as_str)
    }
}

/// Looks up a dotted attribute path (`network_config.enable_inter_container_traffic_encryption`)
/// in a value. Lists met on the way (repeated nested blocks) are walked element by element, so
/// the result holds every node the path reaches; empty when the path is absent or ends on an
/// empty list. A path ending on a list yields its elements. `*` matches every key of a map or
/// element of a list.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Lookup<'a> {
    let mut current: Vec<&'a Node> = Vec::new();
    let mut first = true;
    let mut unknown = false;
    for part in path.split('.') {
        let mut next = Vec::new();
        let sources: Vec<&'a Value> = if first {
            vec![value]
        } else {
            current.iter().map(|n| &n.value).collect()
        };
        first = false;
        for v in sources {
            step(v, part, &mut next, &mut unknown);
        }
        current = next;
    }
    // A path that ends on a list (repeated blocks, a list attribute) reaches its elements.
    let nodes = current
        .into_iter()
        .flat_map(|n| match &n.value {
            Value::List(items) => items.iter().collect::<Vec<_>>(),
            _ => vec![n],
        })
        .collect();
    Lookup { nodes, unknown }
}

fn step<'a>(v: &'a Value, part: &str, out: &mut Vec<&'a Node>, unknown: &mut bool) {
    match v {
        Value::Map(entries) => {
            for (k, n) in entries {
                if part == "*" || k == part {
                    out.push(n);
                }
            }
        }
        Value::List(items) => {
            if part == "*" {
                out.extend(items.iter());
            } else if let Ok(index) = part.parse::<usize>() {
                out.extend(items.get(index));
            } else {
                for item in items {
                    step(&item.value, part, out, unknown);
                }
            }
        }
        Value::Unknown(_) => *unknown = true,
        _ => {}
    }
}

/// The result of [`lookup`]: the nodes reached, and whether an unknown value stood in the way
/// (so an absent result may not really be absent).
#[derive(Debug)]
pub struct Lookup<'a> {
    pub nodes: Vec<&'a Node>,
    pub unknown: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_addresses() {
        assert_eq!(base_address("aws_x.y[0]"), "aws_x.y");
        assert_eq!(base_address("aws_x.y[\"a.b\"]"), "aws_x.y");
        assert_eq!(base_address("module.m[0].aws_x.y"), "module.m[0].aws_x.y");
        assert_eq!(
            base_address("module.m[0].aws_x.y[2]"),
            "module.m[0].aws_x.y"
        );
        assert!(refers_to("aws_x.y", "aws_x.y[3]"));
        assert!(!refers_to("aws_x.z", "aws_x.y[3]"));
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), Node::new(v, 1)))
                .collect(),
        )
    }

    #[test]
    fn lookup_walks_repeated_blocks() {
        let v = map(vec![(
            "network_config",
            Value::List(vec![
                Node::new(map(vec![("enc", Value::Bool(true))]), 2),
                Node::new(map(vec![("enc", Value::Bool(false))]), 5),
            ]),
        )]);
        let found = lookup(&v, "network_config.enc");
        assert_eq!(found.nodes.len(), 2);
        assert!(!found.unknown);
        assert!(lookup(&v, "network_config.other").nodes.is_empty());
    }

    #[test]
    fn lookup_through_unknown_is_flagged() {
        let v = map(vec![("cfg", Value::unknown("var.cfg"))]);
        let found = lookup(&v, "cfg.key");
        assert!(found.nodes.is_empty());
        assert!(found.unknown);
    }

    #[test]
    fn references_are_indexed() {
        let key = Resource {
            format: Format::Terraform,
            resource_type: "aws_kms_key".into(),
            address: "aws_kms_key.k".into(),
            attributes: map(vec![]),
            location: Location {
                file: "a.tf".into(),
                start_line: 1,
                end_line: 1,
            },
            is_data: false,
        };
        let mut nb = key.clone();
        nb.resource_type = "aws_sagemaker_notebook_instance".into();
        nb.address = "aws_sagemaker_notebook_instance.n".into();
        nb.attributes = map(vec![(
            "kms_key_id",
            Value::Ref(Reference {
                address: "aws_kms_key.k".into(),
                attribute: "arn".into(),
            }),
        )]);
        let set = ResourceSet::new(vec![key, nb]);
        let refs: Vec<_> = set.referrers("aws_kms_key.k").collect();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].1, "kms_key_id");
    }
}
