//! The condition language of rule files (`fail_when`), compiled once and evaluated with
//! three-valued logic: a condition is true, false, or unknown when a value it needs cannot be
//! resolved. Only `true` produces a finding; `unknown` is listed with `--show-unknown`.
//! See docs/rules.md for the language as users meet it.

use regex::Regex;
use serde::Deserialize;

use super::native::{self, NativeCheck};
use crate::model::{lookup, Resource, ResourceSet, Value};

/// A condition as written in YAML. Exactly one kind of test per mapping.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CondSpec {
    attr: Option<String>,
    default: Option<serde_json::Value>,
    absent: Option<bool>,
    present: Option<bool>,
    equals: Option<serde_json::Value>,
    not_equals: Option<serde_json::Value>,
    #[serde(rename = "in")]
    in_set: Option<Vec<serde_json::Value>>,
    not_in: Option<Vec<serde_json::Value>>,
    matches: Option<String>,
    not_matches: Option<String>,
    gt: Option<f64>,
    gte: Option<f64>,
    lt: Option<f64>,
    lte: Option<f64>,
    all: Option<Vec<CondSpec>>,
    any: Option<Vec<CondSpec>>,
    not: Option<Box<CondSpec>>,
    any_of: Option<Box<QuantSpec>>,
    all_of: Option<Box<QuantSpec>>,
    no_referrer: Option<Box<RelSpec>>,
    has_referrer: Option<Box<RelSpec>>,
    references: Option<Box<RefSpec>>,
    native: Option<String>,
    always: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantSpec {
    path: String,
    #[serde(rename = "where")]
    cond: CondSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelSpec {
    types: Vec<String>,
    attr: Option<String>,
    #[serde(rename = "where")]
    cond: Option<CondSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefSpec {
    attr: String,
    types: Vec<String>,
    #[serde(rename = "where")]
    cond: Option<CondSpec>,
}

#[derive(Debug)]
pub enum Op {
    Absent,
    Present,
    Equals(serde_json::Value),
    NotEquals(serde_json::Value),
    In(Vec<serde_json::Value>),
    NotIn(Vec<serde_json::Value>),
    Matches(Regex),
    NotMatches(Regex),
    Gt(f64),
    Gte(f64),
    Lt(f64),
    Lte(f64),
}

#[derive(Debug)]
pub enum Cond {
    Always,
    Attr {
        path: String,
        default: Option<Value>,
        op: Op,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    AnyOf(String, Box<Cond>),
    AllOf(String, Box<Cond>),
    Referrer {
        exists: bool,
        types: Vec<String>,
        attr: Option<String>,
        cond: Option<Box<Cond>>,
    },
    References {
        attr: String,
        types: Vec<String>,
        cond: Option<Box<Cond>>,
    },
    Native(NativeCheck),
}

impl Cond {
    /// False when a native check inside is inactive under these settings (see
    /// `native::is_active`): the whole check is then skipped, not passed.
    pub fn is_active(&self, settings: &Settings) -> bool {
        match self {
            Cond::Native(check) => native::is_active(*check, settings),
            Cond::All(list) | Cond::Any(list) => list.iter().all(|c| c.is_active(settings)),
            Cond::Not(inner) | Cond::AnyOf(_, inner) | Cond::AllOf(_, inner) => {
                inner.is_active(settings)
            }
            _ => true,
        }
    }
}

impl Cond {
    /// AWS Config types the native checks inside read besides the judged resource.
    pub fn context_types(&self, out: &mut Vec<&'static str>) {
        match self {
            Cond::Native(check) => out.extend(native::context_types(*check)),
            Cond::All(list) | Cond::Any(list) => list.iter().for_each(|c| c.context_types(out)),
            Cond::Not(inner) | Cond::AnyOf(_, inner) | Cond::AllOf(_, inner) => {
                inner.context_types(out)
            }
            _ => {}
        }
    }
}

impl Cond {
    /// The condition in words, for the generated rule reference and `aiposture explain`.
    pub fn describe(&self) -> String {
        match self {
            Cond::Always => "always (the resource's existence is the finding)".into(),
            Cond::Attr { path, default, op } => {
                let test = match op {
                    Op::Absent => "is not set".to_string(),
                    Op::Present => "is set".to_string(),
                    Op::Equals(v) => format!("is `{}`", json_text(v)),
                    Op::NotEquals(v) => format!("is not `{}`", json_text(v)),
                    Op::In(vs) => format!("is one of {}", json_list(vs)),
                    Op::NotIn(vs) => format!("is none of {}", json_list(vs)),
                    Op::Matches(re) => format!("matches `{}`", re.as_str()),
                    Op::NotMatches(re) => format!("does not match `{}`", re.as_str()),
                    Op::Gt(n) => format!("> {n}"),
                    Op::Gte(n) => format!(">= {n}"),
                    Op::Lt(n) => format!("< {n}"),
                    Op::Lte(n) => format!("<= {n}"),
                };
                match default {
                    Some(d) => format!("`{path}` {test} (when not set: `{}`)", d.display()),
                    None => format!("`{path}` {test}"),
                }
            }
            Cond::All(list) => format!("all of: {}", describe_list(list)),
            Cond::Any(list) => format!("any of: {}", describe_list(list)),
            Cond::Not(inner) => format!("not ({})", inner.describe()),
            Cond::AnyOf(path, inner) => format!("some `{path}` entry: {}", inner.describe()),
            Cond::AllOf(path, inner) => format!("every `{path}` entry: {}", inner.describe()),
            Cond::Referrer {
                exists,
                types,
                attr,
                cond,
            } => {
                let via = attr
                    .as_ref()
                    .map(|a| format!(" through `{a}`"))
                    .unwrap_or_default();
                let filter = cond
                    .as_ref()
                    .map(|c| format!(" where {}", c.describe()))
                    .unwrap_or_default();
                let types = types.join("`, `");
                if *exists {
                    format!("a `{types}` refers to it{via}{filter}")
                } else {
                    format!("no `{types}` refers to it{via}{filter}")
                }
            }
            Cond::References { attr, types, cond } => {
                let filter = cond
                    .as_ref()
                    .map(|c| format!(" where {}", c.describe()))
                    .unwrap_or_default();
                format!("`{attr}` refers to a `{}`{filter}", types.join("`, `"))
            }
            Cond::Native(check) => format!("native check `{}`", native::name_of(*check)),
        }
    }

    /// The documented defaults the condition applies to absent attributes: (path, value).
    pub fn defaults(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.collect_defaults(&mut out);
        out
    }

    fn collect_defaults(&self, out: &mut Vec<(String, String)>) {
        match self {
            Cond::Attr {
                path,
                default: Some(d),
                ..
            } => {
                let entry = (path.clone(), d.display());
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
            Cond::All(list) | Cond::Any(list) => {
                list.iter().for_each(|c| c.collect_defaults(out));
            }
            Cond::Not(inner) | Cond::AnyOf(_, inner) | Cond::AllOf(_, inner) => {
                inner.collect_defaults(out);
            }
            Cond::Referrer { cond: Some(c), .. } | Cond::References { cond: Some(c), .. } => {
                c.collect_defaults(out);
            }
            _ => {}
        }
    }
}

fn describe_list(list: &[Cond]) -> String {
    list.iter()
        .map(|c| format!("({})", c.describe()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn json_list(vs: &[serde_json::Value]) -> String {
    vs.iter()
        .map(|v| format!("`{}`", json_text(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn compile(spec: &CondSpec) -> Result<Cond, String> {
    let mut kinds: Vec<&str> = Vec::new();
    let mut op: Option<Op> = None;
    let mut set_op = |name: &'static str, o: Op, kinds: &mut Vec<&str>| {
        kinds.push(name);
        op = Some(o);
    };
    if spec.absent == Some(true) {
        set_op("absent", Op::Absent, &mut kinds);
    }
    if spec.present == Some(true) {
        set_op("present", Op::Present, &mut kinds);
    }
    if spec.absent == Some(false) || spec.present == Some(false) {
        return Err("write `present: true` or `absent: true`, not `false`".into());
    }
    if let Some(v) = &spec.equals {
        set_op("equals", Op::Equals(v.clone()), &mut kinds);
    }
    if let Some(v) = &spec.not_equals {
        set_op("not_equals", Op::NotEquals(v.clone()), &mut kinds);
    }
    if let Some(v) = &spec.in_set {
        set_op("in", Op::In(v.clone()), &mut kinds);
    }
    if let Some(v) = &spec.not_in {
        set_op("not_in", Op::NotIn(v.clone()), &mut kinds);
    }
    if let Some(re) = &spec.matches {
        let re = Regex::new(re).map_err(|e| format!("invalid regex in `matches`: {e}"))?;
        set_op("matches", Op::Matches(re), &mut kinds);
    }
    if let Some(re) = &spec.not_matches {
        let re = Regex::new(re).map_err(|e| format!("invalid regex in `not_matches`: {e}"))?;
        set_op("not_matches", Op::NotMatches(re), &mut kinds);
    }
    for (name, value, make) in [
        ("gt", spec.gt, Op::Gt as fn(f64) -> Op),
        ("gte", spec.gte, Op::Gte),
        ("lt", spec.lt, Op::Lt),
        ("lte", spec.lte, Op::Lte),
    ] {
        if let Some(v) = value {
            set_op(name, make(v), &mut kinds);
        }
    }
    let attr_kinds = kinds.len();
    let mut cond: Option<Cond> = None;
    let mut other = |name: &'static str, c: Cond, kinds: &mut Vec<&str>| {
        kinds.push(name);
        cond = Some(c);
    };
    if let Some(list) = &spec.all {
        other("all", Cond::All(compile_list(list)?), &mut kinds);
    }
    if let Some(list) = &spec.any {
        other("any", Cond::Any(compile_list(list)?), &mut kinds);
    }
    if let Some(inner) = &spec.not {
        other("not", Cond::Not(Box::new(compile(inner)?)), &mut kinds);
    }
    if let Some(q) = &spec.any_of {
        other(
            "any_of",
            Cond::AnyOf(q.path.clone(), Box::new(compile(&q.cond)?)),
            &mut kinds,
        );
    }
    if let Some(q) = &spec.all_of {
        other(
            "all_of",
            Cond::AllOf(q.path.clone(), Box::new(compile(&q.cond)?)),
            &mut kinds,
        );
    }
    for (name, rel, exists) in [
        ("no_referrer", &spec.no_referrer, false),
        ("has_referrer", &spec.has_referrer, true),
    ] {
        if let Some(rel) = rel {
            if rel.types.is_empty() {
                return Err(format!("{name}.types must not be empty"));
            }
            let c = Cond::Referrer {
                exists,
                types: rel.types.clone(),
                attr: rel.attr.clone(),
                cond: rel.cond.as_ref().map(compile).transpose()?.map(Box::new),
            };
            other(name, c, &mut kinds);
        }
    }
    if let Some(r) = &spec.references {
        if r.types.is_empty() {
            return Err("references.types must not be empty".into());
        }
        let c = Cond::References {
            attr: r.attr.clone(),
            types: r.types.clone(),
            cond: r.cond.as_ref().map(compile).transpose()?.map(Box::new),
        };
        other("references", c, &mut kinds);
    }
    if let Some(name) = &spec.native {
        let check = native::lookup_check(name).ok_or_else(|| {
            format!(
                "unknown native check `{name}`; known: {}",
                native::names().join(", ")
            )
        })?;
        other("native", Cond::Native(check), &mut kinds);
    }
    match spec.always {
        Some(true) => other("always", Cond::Always, &mut kinds),
        Some(false) => return Err("`always: false` never fails; remove the check instead".into()),
        None => {}
    }

    if kinds.len() != 1 {
        return Err(if kinds.is_empty() {
            "a condition needs one test (absent, present, equals, not_equals, in, not_in, matches, not_matches, gt, gte, lt, lte, all, any, not, any_of, all_of, no_referrer, has_referrer, references, native, always)".into()
        } else {
            format!("a condition takes one test, found {}", kinds.join(" and "))
        });
    }
    if attr_kinds == 1 {
        let path = spec
            .attr
            .clone()
            .ok_or_else(|| format!("`{}` needs `attr`", kinds.join("")))?;
        if path.is_empty() {
            return Err("attr must not be empty".into());
        }
        let default = spec.default.as_ref().map(|d| Value::from_json(d, 0));
        return Ok(Cond::Attr {
            path,
            default,
            op: op.ok_or("internal: missing operator")?,
        });
    }
    if spec.attr.is_some() || spec.default.is_some() {
        return Err(format!(
            "`attr`/`default` do not apply to `{}`",
            kinds.join("")
        ));
    }
    cond.ok_or_else(|| "internal: missing condition".into())
}

fn compile_list(list: &[CondSpec]) -> Result<Vec<Cond>, String> {
    if list.is_empty() {
        return Err("`all`/`any` need at least one condition".into());
    }
    list.iter().map(compile).collect()
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// What made a condition true (or unknown): shown in the message and used for the line.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The attribute path, for `{attr}`.
    pub attr: String,
    /// The observed value, for `{value}`; "not set (defaults to X)" when absent.
    pub value: String,
    /// Free text from native checks, for `{detail}`.
    pub detail: String,
    /// The line of the offending attribute, when there is one.
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    /// Why the result is unknown.
    pub unknown_reason: String,
    /// The resource is not where this check is judged: a check about the whole resource set
    /// reports on one representative resource, and the others are neither passed nor failed.
    pub elsewhere: bool,
}

impl Evidence {
    /// Takes every field of `other` that is still empty here.
    fn fill_from(&mut self, other: Evidence) {
        let take = |mine: &mut String, theirs: String| {
            if mine.is_empty() {
                *mine = theirs;
            }
        };
        take(&mut self.attr, other.attr);
        take(&mut self.value, other.value);
        take(&mut self.detail, other.detail);
        take(&mut self.unknown_reason, other.unknown_reason);
        if self.line.is_none() {
            self.line = other.line;
            self.end_line = other.end_line;
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub truth: Tri,
    pub evidence: Evidence,
}

impl Outcome {
    pub fn new(truth: Tri) -> Outcome {
        Outcome {
            truth,
            evidence: Evidence::default(),
        }
    }

    pub fn unknown(reason: impl Into<String>) -> Outcome {
        Outcome {
            truth: Tri::Unknown,
            evidence: Evidence {
                unknown_reason: reason.into(),
                ..Evidence::default()
            },
        }
    }

    fn not(self) -> Outcome {
        Outcome {
            truth: self.truth.negate(),
            evidence: self.evidence,
        }
    }
}

/// What a condition is evaluated against: the resource, the current object inside it (the
/// resource's attributes, or an element under `any_of`), and the module's resources.
pub struct Subject<'a> {
    pub resource: &'a Resource,
    pub value: &'a Value,
    pub set: &'a ResourceSet,
    pub settings: &'a Settings,
}

/// Scan-wide settings that some checks read (from the config file and flags).
#[derive(Debug, Default, Clone)]
pub struct Settings {
    /// Tag keys every AI resource must carry (AIP-GOV-001); empty turns that check off.
    pub required_tags: Vec<String>,
}

pub fn eval(cond: &Cond, s: &Subject) -> Outcome {
    match cond {
        Cond::Always => Outcome::new(Tri::True),
        Cond::Attr { path, default, op } => eval_attr(path, default.as_ref(), op, s),
        Cond::All(list) => {
            // Every part holds: their evidence together explains the finding, the first
            // part that says something about a field wins it.
            let mut merged = Outcome::new(Tri::True);
            let mut unknown = None;
            for c in list {
                let o = eval(c, s);
                match o.truth {
                    Tri::False => return o,
                    Tri::Unknown => unknown = unknown.or(Some(o)),
                    Tri::True => merged.evidence.fill_from(o.evidence),
                }
            }
            unknown.unwrap_or(merged)
        }
        Cond::Any(list) => {
            let mut unknown = None;
            for c in list {
                let o = eval(c, s);
                match o.truth {
                    Tri::True => return o,
                    Tri::Unknown => unknown = unknown.or(Some(o)),
                    Tri::False => {}
                }
            }
            unknown.unwrap_or_else(|| Outcome::new(Tri::False))
        }
        Cond::Not(inner) => eval(inner, s).not(),
        Cond::AnyOf(path, inner) | Cond::AllOf(path, inner) => {
            let all = matches!(cond, Cond::AllOf(..));
            let found = lookup(s.value, path);
            let mut unknown = if found.unknown {
                Some(Outcome::unknown(format!("{path} is not known")))
            } else {
                None
            };
            let mut witness = None;
            for node in &found.nodes {
                let sub = Subject {
                    resource: s.resource,
                    value: &node.value,
                    set: s.set,
                    settings: s.settings,
                };
                let mut o = eval(inner, &sub);
                if o.evidence.line.is_none() {
                    o.evidence.line = Some(node.line);
                    o.evidence.end_line = Some(node.end_line);
                }
                match (o.truth, all) {
                    (Tri::True, false) => return o,
                    (Tri::False, true) => return o,
                    (Tri::Unknown, _) => unknown = unknown.or(Some(o)),
                    _ => witness = witness.or(Some(o)),
                }
            }
            if let Some(u) = unknown {
                return u;
            }
            match witness {
                Some(w) => w,
                // No elements: `any_of` is false, `all_of` vacuously true.
                None => Outcome::new(if all { Tri::True } else { Tri::False }),
            }
        }
        Cond::Referrer {
            exists,
            types,
            attr,
            cond,
        } => {
            let o = eval_referrer(types, attr.as_deref(), cond.as_deref(), s);
            if *exists {
                o
            } else {
                o.not()
            }
        }
        Cond::References { attr, types, cond } => eval_references(attr, types, cond.as_deref(), s),
        Cond::Native(check) => check(s),
    }
}

fn eval_attr(path: &str, default: Option<&Value>, op: &Op, s: &Subject) -> Outcome {
    let found = lookup(s.value, path);
    let present: Vec<_> = found
        .nodes
        .iter()
        .filter(|n| !matches!(n.value, Value::Null))
        .collect();
    if present.is_empty() {
        if found.unknown {
            return Outcome::unknown(format!("{path} is not known"));
        }
        let truth = match (op, default) {
            (Op::Absent, _) => Tri::True,
            (Op::Present, _) => Tri::False,
            (_, Some(d)) => apply(op, d),
            (_, None) => Tri::False,
        };
        let value = match default {
            Some(d) => format!("not set (defaults to {})", d.display()),
            None => "not set".to_string(),
        };
        return Outcome {
            truth,
            evidence: Evidence {
                attr: path.to_string(),
                value,
                ..Evidence::default()
            },
        };
    }
    let mut unknown = None;
    let mut last_false = None;
    for node in present {
        let truth = match op {
            Op::Absent => Tri::False,
            Op::Present => Tri::True,
            _ => apply(op, &node.value),
        };
        let truth = if node.value.is_unknown() {
            Tri::Unknown
        } else {
            truth
        };
        let o = Outcome {
            truth,
            evidence: Evidence {
                attr: path.to_string(),
                value: node.value.display(),
                line: Some(node.line),
                end_line: Some(node.end_line),
                unknown_reason: match &node.value {
                    Value::Unknown(why) => format!("{path}: {why}"),
                    _ => format!("{path} is not known"),
                },
                ..Evidence::default()
            },
        };
        match truth {
            Tri::True => return o,
            Tri::Unknown => unknown = unknown.or(Some(o)),
            Tri::False => last_false = Some(o),
        }
    }
    unknown
        .or(last_false)
        .unwrap_or_else(|| Outcome::new(Tri::False))
}

/// Applies a comparison to a present value. Lists match when any element matches (for
/// `in`, `equals`, `matches`) and fail `not_*` when any element fails.
fn apply(op: &Op, value: &Value) -> Tri {
    if let Value::List(items) = value {
        let results: Vec<Tri> = items.iter().map(|n| apply(op, &n.value)).collect();
        if results.contains(&Tri::True) {
            return Tri::True;
        }
        return if results.contains(&Tri::Unknown) {
            Tri::Unknown
        } else {
            Tri::False
        };
    }
    let text = match scalar_text(value) {
        Some(t) => t,
        // References, partial strings and unknowns have no text to compare.
        None => {
            return match value {
                Value::Map(_) => Tri::False,
                _ => Tri::Unknown,
            }
        }
    };
    let eq = |lit: &serde_json::Value| literal_text(lit).is_some_and(|l| l == text);
    let num = |bound: f64, f: fn(f64, f64) -> bool| match text.trim().parse::<f64>() {
        Ok(n) => {
            if f(n, bound) {
                Tri::True
            } else {
                Tri::False
            }
        }
        Err(_) => Tri::False,
    };
    let b = |x: bool| if x { Tri::True } else { Tri::False };
    match op {
        Op::Absent => Tri::False,
        Op::Present => Tri::True,
        Op::Equals(lit) => b(eq(lit)),
        Op::NotEquals(lit) => b(!eq(lit)),
        Op::In(set) => b(set.iter().any(eq)),
        Op::NotIn(set) => b(!set.iter().any(eq)),
        Op::Matches(re) => b(re.is_match(&text)),
        Op::NotMatches(re) => b(!re.is_match(&text)),
        Op::Gt(n) => num(*n, |a, b| a > b),
        Op::Gte(n) => num(*n, |a, b| a >= b),
        Op::Lt(n) => num(*n, |a, b| a < b),
        Op::Lte(n) => num(*n, |a, b| a <= b),
    }
}

/// Scalars compare by text, as Terraform and CloudFormation convert `true`/`"true"` and
/// `1`/`"1"` freely; strings compare exactly (AWS enum values are case-sensitive).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(crate::model::format_number(*n)),
        _ => None,
    }
}

fn literal_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Number(n) => n.as_f64().map(crate::model::format_number),
        _ => None,
    }
}

fn eval_referrer(
    types: &[String],
    attr: Option<&str>,
    cond: Option<&Cond>,
    s: &Subject,
) -> Outcome {
    let me = &s.resource.address;
    let mut unknown = None;
    for candidate in s
        .set
        .resources
        .iter()
        .filter(|r| types.contains(&r.resource_type))
    {
        // Does the candidate refer to this resource (through `attr` when given)?
        let values: Vec<&Value> = match attr {
            Some(a) => lookup(&candidate.attributes, a)
                .nodes
                .iter()
                .map(|n| &n.value)
                .collect(),
            None => vec![&candidate.attributes],
        };
        let mut refers = false;
        let mut maybe = false;
        for v in values {
            let mut refs = Vec::new();
            v.references(&mut refs);
            if refs.iter().any(|r| crate::model::refers_to(&r.address, me)) {
                refers = true;
            } else if v.has_unknown() && attr.is_some() {
                maybe = true;
            }
        }
        if !refers && !maybe {
            continue;
        }
        let truth = match cond {
            Some(c) => {
                eval(
                    c,
                    &Subject {
                        resource: candidate,
                        value: &candidate.attributes,
                        set: s.set,
                        settings: s.settings,
                    },
                )
                .truth
            }
            None => Tri::True,
        };
        match (truth, refers) {
            (Tri::True, true) => {
                return Outcome {
                    truth: Tri::True,
                    evidence: Evidence {
                        detail: candidate.address.clone(),
                        ..Evidence::default()
                    },
                }
            }
            (Tri::False, _) => {}
            _ => {
                unknown = unknown.or(Some(Outcome::unknown(format!(
                    "whether {} refers to {me} is not known",
                    candidate.address
                ))))
            }
        }
    }
    unknown.unwrap_or_else(|| Outcome::new(Tri::False))
}

fn eval_references(attr: &str, types: &[String], cond: Option<&Cond>, s: &Subject) -> Outcome {
    let found = lookup(s.value, attr);
    let mut refs = Vec::new();
    let mut unknown = found.unknown;
    for node in &found.nodes {
        node.value.references(&mut refs);
        unknown |= node.value.has_unknown();
    }
    let mut result = None;
    for r in refs {
        let Some(target) = s.set.get(&r.address) else {
            continue;
        };
        if !types.contains(&target.resource_type) {
            continue;
        }
        let o = match cond {
            Some(c) => eval(
                c,
                &Subject {
                    resource: target,
                    value: &target.attributes,
                    set: s.set,
                    settings: s.settings,
                },
            ),
            None => Outcome::new(Tri::True),
        };
        match o.truth {
            Tri::True => return o,
            Tri::Unknown => result = result.or(Some(o)),
            Tri::False => {}
        }
    }
    if let Some(o) = result {
        return o;
    }
    if unknown {
        Outcome::unknown(format!("{attr} is not known"))
    } else {
        Outcome::new(Tri::False)
    }
}
