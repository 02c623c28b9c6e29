//! IAM policy documents, read from any of the shapes Terraform gives them: `jsonencode(...)`
//! (kept structured by the evaluator), a JSON string (heredoc, `file()`), or a reference to a
//! `data "aws_iam_policy_document"`. Statements are then analysed for what they allow,
//! taking Deny statements and `NotAction`/`NotResource` into account.

use crate::model::{lookup, Node, Reference, ResourceSet, Segment, Value};

/// One string of a policy (an action or a resource) as far as it is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Lit(String),
    /// Computed from references (an ARN of another resource): specific, never `*`.
    Opaque,
    Unknown,
}

/// A list field of a statement (`Action`, `Resource`, ...).
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Absent,
    Known(Vec<Text>),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    Allow,
    Deny,
    Unknown,
}

/// One test of a statement's `Condition`: `{"StringEquals": {"aws:SourceAccount": [...]}}`,
/// or a `condition { test, variable, values }` block of a policy document data source.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionTest {
    pub operator: String,
    pub key: String,
    pub values: Field,
}

/// The tests of a statement's `Condition` (empty when it has none), or `None` when its shape
/// cannot be read.
pub type Conditions = Option<Vec<ConditionTest>>;

/// The `Principal` (or `NotPrincipal`) of a statement: `(kind, identifier)` pairs, the kind
/// being `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for a bare `"*"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Principals {
    Absent,
    Known(Vec<(String, Text)>),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub actions: Field,
    pub not_actions: Field,
    pub resources: Field,
    pub not_resources: Field,
    pub has_condition: bool,
    pub conditions: Conditions,
    pub principals: Principals,
    pub not_principals: Principals,
    pub line: u32,
}

/// The statements of a policy value, or `None` when the document itself cannot be known.
pub fn statements(value: &Value, line: u32, set: &ResourceSet) -> Option<Vec<Statement>> {
    match value {
        Value::Map(_) => Some(from_document(value, line)),
        Value::String(text) => {
            let json: serde_json::Value = serde_json::from_str(text).ok()?;
            Some(from_document(&Value::from_json(&json, line), line))
        }
        Value::Partial(segs) => {
            // A heredoc with interpolations: stand placeholders in for the computed parts so the
            // JSON still parses, then read them back as opaque or unknown.
            let mut text = String::new();
            for s in segs {
                match s {
                    Segment::Lit(l) => text.push_str(l),
                    Segment::Ref(_) => text.push_str(OPAQUE),
                    Segment::Unknown => text.push_str(UNKNOWN),
                }
            }
            let json: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(from_document(&Value::from_json(&json, line), line))
        }
        Value::Ref(r) => from_policy_document_data(r, set),
        _ => None,
    }
}

const OPAQUE: &str = "__aiposture_reference__";
const UNKNOWN: &str = "__aiposture_unknown__";

fn text_of(v: &Value) -> Text {
    match v {
        Value::String(s) if s.contains(UNKNOWN) => Text::Unknown,
        Value::String(s) if s.contains(OPAQUE) => Text::Opaque,
        Value::String(s) => Text::Lit(s.clone()),
        Value::Ref(_) => Text::Opaque,
        Value::Partial(segs) if segs.iter().any(|s| matches!(s, Segment::Unknown)) => Text::Unknown,
        Value::Partial(_) => Text::Opaque,
        // Condition values may be JSON scalars: `{"Bool": {"aws:SecureTransport": false}}`.
        Value::Bool(b) => Text::Lit(b.to_string()),
        Value::Number(n) => Text::Lit(crate::model::format_number(*n)),
        _ => Text::Unknown,
    }
}

fn field(node: Option<&Node>) -> Field {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Field::Absent,
        Some(Value::List(items)) => {
            if items.iter().any(|n| n.value.is_unknown()) {
                return Field::Unknown;
            }
            Field::Known(items.iter().map(|n| text_of(&n.value)).collect())
        }
        Some(Value::Unknown(_)) => Field::Unknown,
        Some(v) => Field::Known(vec![text_of(v)]),
    }
}

fn effect(node: Option<&Node>) -> Effect {
    match node.map(|n| &n.value) {
        // `aws_iam_policy_document` statements default to Allow; JSON documents require Effect.
        None => Effect::Allow,
        Some(Value::String(s)) if s == "Allow" => Effect::Allow,
        Some(Value::String(s)) if s == "Deny" => Effect::Deny,
        _ => Effect::Unknown,
    }
}

fn from_document(doc: &Value, line: u32) -> Vec<Statement> {
    let statement = doc.get("Statement");
    let items: Vec<&Node> = match statement.map(|n| &n.value) {
        Some(Value::List(items)) => items.iter().collect(),
        Some(Value::Map(_)) => statement.into_iter().collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .map(|n| Statement::read(n, &JSON_KEYS, if n.line > 0 { n.line } else { line }))
        .collect()
}

/// The key names of a statement: a JSON policy document's, or the `statement` block of a
/// `data "aws_iam_policy_document"`.
struct StatementKeys {
    /// Whether conditions and principals are blocks (`test`/`variable`/`values`,
    /// `type`/`identifiers`) rather than JSON maps.
    blocks: bool,
    principal: &'static str,
    not_principal: &'static str,
    sid: &'static str,
    effect: &'static str,
    action: &'static str,
    not_action: &'static str,
    resource: &'static str,
    not_resource: &'static str,
    condition: &'static str,
}

const JSON_KEYS: StatementKeys = StatementKeys {
    blocks: false,
    principal: "Principal",
    not_principal: "NotPrincipal",
    sid: "Sid",
    effect: "Effect",
    action: "Action",
    not_action: "NotAction",
    resource: "Resource",
    not_resource: "NotResource",
    condition: "Condition",
};

const DOCUMENT_BLOCK_KEYS: StatementKeys = StatementKeys {
    blocks: true,
    principal: "principals",
    not_principal: "not_principals",
    sid: "sid",
    effect: "effect",
    action: "actions",
    not_action: "not_actions",
    resource: "resources",
    not_resource: "not_resources",
    condition: "condition",
};

impl Statement {
    fn read(n: &Node, keys: &StatementKeys, line: u32) -> Statement {
        let get = |k: &str| n.value.get(k);
        Statement {
            sid: get(keys.sid)
                .and_then(|s| s.value.as_str())
                .map(str::to_string),
            effect: effect(get(keys.effect)),
            actions: field(get(keys.action)),
            not_actions: field(get(keys.not_action)),
            resources: field(get(keys.resource)),
            not_resources: field(get(keys.not_resource)),
            has_condition: get(keys.condition).is_some(),
            conditions: if keys.blocks {
                condition_blocks(get(keys.condition))
            } else {
                condition_map(get(keys.condition))
            },
            principals: if keys.blocks {
                principal_blocks(get(keys.principal))
            } else {
                principal_map(get(keys.principal))
            },
            not_principals: if keys.blocks {
                principal_blocks(get(keys.not_principal))
            } else {
                principal_map(get(keys.not_principal))
            },
            line,
        }
    }
}

impl Statement {
    /// Whether the statement applies to every principal: no `Principal` (an identity policy),
    /// `"*"`, or `{"AWS": "*"}` (also as `principals` blocks of type `*` or `AWS`); `None`
    /// when the principal cannot be read.
    pub fn everyone(&self) -> Option<bool> {
        let ids = match &self.principals {
            Principals::Absent => return Some(true),
            Principals::Unknown => return None,
            Principals::Known(ids) => ids,
        };
        let mut maybe = false;
        for (kind, id) in ids {
            if kind != "*" && kind != "AWS" {
                continue;
            }
            match id {
                Text::Lit(x) if x == "*" => return Some(true),
                Text::Unknown => maybe = true,
                Text::Lit(_) | Text::Opaque => {}
            }
        }
        (!maybe).then_some(false)
    }
}

/// `{"Operator": {"key": value-or-list, ...}, ...}`.
fn condition_map(node: Option<&Node>) -> Conditions {
    let mut out = Vec::new();
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => {}
        Some(Value::Map(operators)) => {
            for (operator, tests) in operators {
                let Value::Map(keys) = &tests.value else {
                    return None;
                };
                for (key, values) in keys {
                    out.push(ConditionTest {
                        operator: operator.clone(),
                        key: key.clone(),
                        values: field(Some(values)),
                    });
                }
            }
        }
        Some(_) => return None,
    }
    Some(out)
}

/// `condition { test = "...", variable = "...", values = [...] }` blocks.
fn condition_blocks(node: Option<&Node>) -> Conditions {
    let blocks: Vec<&Node> = match node.map(|n| &n.value) {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(Value::List(items)) => items.iter().collect(),
        Some(Value::Map(_)) => node.into_iter().collect(),
        Some(_) => return None,
    };
    blocks
        .into_iter()
        .map(|b| {
            let text = |k: &str| {
                b.value
                    .get(k)
                    .and_then(|n| n.value.as_str())
                    .map(str::to_string)
            };
            Some(ConditionTest {
                operator: text("test")?,
                key: text("variable")?,
                values: field(b.value.get("values")),
            })
        })
        .collect()
}

/// `"*"` or `{"AWS": ..., "Service": ...}`.
fn principal_map(node: Option<&Node>) -> Principals {
    match node.map(|n| &n.value) {
        None | Some(Value::Null) => Principals::Absent,
        Some(Value::String(s)) => Principals::Known(vec![("*".into(), Text::Lit(s.clone()))]),
        Some(Value::Map(kinds)) => {
            let mut out = Vec::new();
            for (kind, ids) in kinds {
                match field(Some(ids)) {
                    Field::Known(items) => out.extend(items.into_iter().map(|t| (kind.clone(), t))),
                    Field::Absent => {}
                    Field::Unknown => return Principals::Unknown,
                }
            }
            Principals::Known(out)
        }
        Some(_) => Principals::Unknown,
    }
}

/// `principals { type = "Service", identifiers = [...] }` blocks.
fn principal_blocks(node: Option<&Node>) -> Principals {
    let blocks: Vec<&Node> = match node.map(|n| &n.value) {
        None | Some(Value::Null) => return Principals::Absent,
        Some(Value::List(items)) => items.iter().collect(),
        Some(Value::Map(_)) => node.into_iter().collect(),
        Some(_) => return Principals::Unknown,
    };
    let mut out = Vec::new();
    for b in blocks {
        let Some(kind) = b.value.get("type").and_then(|n| n.value.as_str()) else {
            return Principals::Unknown;
        };
        match field(b.value.get("identifiers")) {
            Field::Known(items) => out.extend(items.into_iter().map(|t| (kind.to_string(), t))),
            Field::Absent => {}
            Field::Unknown => return Principals::Unknown,
        }
    }
    Principals::Known(out)
}

/// Statements of a `data "aws_iam_policy_document"`: those of `source_policy_documents` first,
/// then its own `statement` blocks (replacing source statements with the same `sid`), then
/// `override_policy_documents` (replacing statements with the same `sid`, else appended), as
/// the AWS provider merges them.
fn from_policy_document_data(r: &Reference, set: &ResourceSet) -> Option<Vec<Statement>> {
    from_policy_document_data_depth(r, set, 0)
}

fn from_policy_document_data_depth(
    r: &Reference,
    set: &ResourceSet,
    depth: u32,
) -> Option<Vec<Statement>> {
    if depth > 16 {
        return None;
    }
    let data = set.get(&r.address)?;
    if data.resource_type != "aws_iam_policy_document" || !data.is_data {
        return None;
    }
    // The older single-document forms are not merged: partly known.
    if data.attr("source_json").is_some() || data.attr("override_json").is_some() {
        return None;
    }
    let documents = |key: &str| -> Option<Vec<Vec<Statement>>> {
        let mut out = Vec::new();
        for node in lookup(&data.attributes, key).nodes {
            let stmts = match &node.value {
                Value::Ref(inner) => from_policy_document_data_depth(inner, set, depth + 1)?,
                other => statements(other, node.line, set)?,
            };
            out.push(stmts);
        }
        Some(out)
    };
    let found = lookup(&data.attributes, "statement");
    if found.unknown {
        return None;
    }
    let own: Vec<Statement> = found
        .nodes
        .iter()
        .map(|n| Statement::read(n, &DOCUMENT_BLOCK_KEYS, n.line))
        .collect();
    let mut merged: Vec<Statement> = documents("source_policy_documents")?
        .into_iter()
        .flatten()
        .collect();
    let overlay = |merged: &mut Vec<Statement>, stmts: Vec<Statement>| {
        for st in stmts {
            match st
                .sid
                .as_ref()
                .and_then(|sid| merged.iter().position(|m| m.sid.as_ref() == Some(sid)))
            {
                Some(i) => {
                    if let Some(slot) = merged.get_mut(i) {
                        *slot = st;
                    }
                }
                None => merged.push(st),
            }
        }
    };
    overlay(&mut merged, own);
    for doc in documents("override_policy_documents")? {
        overlay(&mut merged, doc);
    }
    Some(merged)
}

/// Case-insensitive IAM wildcard match (`*` any run, `?` one character).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether a policy's statements allow `action` (on some resource), net of unconditional
/// Deny statements on every resource. `None` when that cannot be known.
pub fn allows(statements: &[Statement], action: &str) -> Option<bool> {
    let mut unknown = false;
    let covers = |f: &Field| covers(f, action);
    let denied = statements.iter().any(|s| {
        s.effect == Effect::Deny
            && !s.has_condition
            && covers(&s.actions) == Some(true)
            && all_resources(&s.resources)
    });
    if denied {
        return Some(false);
    }
    for s in statements {
        let granted = match s.effect {
            Effect::Deny => continue,
            Effect::Unknown => None,
            Effect::Allow => match (&s.actions, &s.not_actions) {
                (Field::Absent, Field::Absent) => Some(false),
                (a, Field::Absent) => covers(a),
                (Field::Absent, n) => covers(n).map(|excluded| !excluded),
                _ => None,
            },
        };
        match granted {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// Whether an `Action` (or `NotAction`) field names `action`: `Some(true)` when a literal
/// pattern matches it, `None` when a part that is not literal might.
pub fn covers(f: &Field, action: &str) -> Option<bool> {
    match f {
        Field::Absent => Some(false),
        Field::Unknown => None,
        Field::Known(items) => {
            let mut maybe = false;
            for t in items {
                match t {
                    Text::Lit(p) if wildcard_match(p, action) => return Some(true),
                    Text::Lit(_) => {}
                    _ => maybe = true,
                }
            }
            if maybe {
                None
            } else {
                Some(false)
            }
        }
    }
}

/// Whether an Allow or Deny statement applies to `action`, through `Action` or `NotAction`.
pub fn applies_to(s: &Statement, action: &str) -> Option<bool> {
    match (&s.actions, &s.not_actions) {
        (Field::Absent, Field::Absent) => Some(false),
        (a, Field::Absent) => covers(a, action),
        (Field::Absent, n) => covers(n, action).map(|excluded| !excluded),
        _ => None,
    }
}

/// True when a Resource field is exactly "every resource" (`*`).
pub fn all_resources(f: &Field) -> bool {
    matches!(f, Field::Known(items) if items.iter().any(|t| matches!(t, Text::Lit(s) if s == "*")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("bedrock:*", "bedrock:InvokeModel"));
        assert!(wildcard_match("*", "sagemaker:InvokeEndpoint"));
        assert!(wildcard_match("bedrock:Invoke*", "bedrock:invokemodel"));
        assert!(!wildcard_match("bedrock:Get*", "bedrock:InvokeModel"));
        assert!(wildcard_match("s?gemaker:*", "sagemaker:x"));
    }

    fn doc(json: &str) -> Vec<Statement> {
        statements(
            &Value::String(json.into()),
            1,
            &ResourceSet::new(Vec::new()),
        )
        .expect("parses")
    }

    #[test]
    fn deny_cancels_allow() {
        let s = doc(
            r#"{"Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*"},
            {"Effect":"Deny","Action":"bedrock:InvokeModel","Resource":"*"}]}"#,
        );
        assert_eq!(allows(&s, "bedrock:InvokeModel"), Some(false));
        assert_eq!(allows(&s, "bedrock:InvokeAgent"), Some(true));
    }

    #[test]
    fn not_action_allows_the_rest() {
        let s = doc(r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#);
        assert_eq!(allows(&s, "bedrock:InvokeModel"), Some(true));
        assert_eq!(allows(&s, "iam:PassRole"), Some(false));
    }
}

#[cfg(test)]
mod heredoc_tests {
    use super::*;
    use crate::model::Reference;

    #[test]
    fn heredoc_with_interpolated_arn_is_read() {
        let value = Value::Partial(vec![
            Segment::Lit(r#"{"Statement":[{"Effect":"Allow","Action":"sagemaker:InvokeEndpoint","Resource":""#.into()),
            Segment::Ref(Reference {
                address: "aws_sagemaker_endpoint.llm".into(),
                attribute: "arn".into(),
            }),
            Segment::Lit(r#""}]}"#.into()),
        ]);
        let stmts = statements(&value, 3, &ResourceSet::new(Vec::new())).expect("readable");
        assert_eq!(stmts.len(), 1);
        assert_eq!(stmts[0].resources, Field::Known(vec![Text::Opaque]));
        assert_eq!(allows(&stmts, "sagemaker:InvokeEndpoint"), Some(true));
    }
}
