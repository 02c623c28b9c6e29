//! Evaluation of HCL expressions into model values, within one Terraform module instance.
//!
//! This is deliberately not `hcl::eval`: Terraform code is full of values that are only known
//! at apply time (resource attributes, variables without defaults, outputs of modules that are
//! not scanned), and a security scanner must carry those through as *unknown* or as *a
//! reference to resource X* instead of failing. Evaluating on the `hcl-edit` tree also keeps
//! byte spans, so every node gets its line.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use hcl::edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl::edit::template::{Element, Template};
use hcl::edit::Span;

use super::functions;
use super::LineIndex;
use crate::diagnostic::Diagnostic;
use crate::model::{Node, Reference, Segment, Value};

/// Names bound while evaluating: `count`, `each`, `for` variables, `dynamic` iterators,
/// `templatefile` variables.
pub type Bindings = HashMap<String, Value>;

/// Resolves `module.NAME.OUTPUT` for a scope (implemented where modules are instantiated).
pub trait ModuleOutputs {
    fn output(&self, scope: &ModuleScope, name: &str, output: &str, line: u32, file: &str)
        -> Value;
}

/// Everything an expression in a module instance may refer to.
pub struct ModuleScope<'a> {
    pub dir: PathBuf,
    /// `module.ml.` for resources of module call `ml`; empty in a root module.
    pub prefix: String,
    pub variables: HashMap<String, Value>,
    pub locals: HashMap<String, Expression>,
    /// `type.name` and `data.type.name` of every resource and data block of the module.
    pub addresses: HashSet<String>,
    pub modules: Option<&'a dyn ModuleOutputs>,
    pub diagnostics: &'a RefCell<Vec<Diagnostic>>,
    local_cache: RefCell<HashMap<String, Value>>,
    in_progress: RefCell<HashSet<String>>,
}

impl<'a> ModuleScope<'a> {
    pub fn new(
        dir: PathBuf,
        prefix: String,
        variables: HashMap<String, Value>,
        locals: HashMap<String, Expression>,
        addresses: HashSet<String>,
        diagnostics: &'a RefCell<Vec<Diagnostic>>,
    ) -> Self {
        ModuleScope {
            dir,
            prefix,
            variables,
            locals,
            addresses,
            modules: None,
            diagnostics,
            local_cache: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(HashSet::new()),
        }
    }

    pub fn diagnose(&self, file: &str, line: u32, message: String) {
        self.diagnostics
            .borrow_mut()
            .push(Diagnostic::new(file, Some(line), message));
    }

    fn local(&self, name: &str, line: u32, file: &str) -> Value {
        if let Some(v) = self.local_cache.borrow().get(name) {
            return v.clone();
        }
        let Some(expr) = self.locals.get(name) else {
            return Value::unknown(format!("local.{name} is not defined"));
        };
        if !self.in_progress.borrow_mut().insert(name.to_string()) {
            return Value::unknown(format!("local.{name} refers to itself"));
        }
        // Locals may live in another file than the expression using them, so their nodes take
        // the line of the use, not spans from a file we are not indexing.
        let empty = Bindings::new();
        let value = Evaluator::new(self, None, file, line, &empty).eval(expr);
        self.in_progress.borrow_mut().remove(name);
        self.local_cache
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        value
    }
}

/// Evaluates expressions of one file of a module instance.
pub struct Evaluator<'s, 'a> {
    pub scope: &'s ModuleScope<'a>,
    pub lines: Option<&'s LineIndex>,
    /// The file, for diagnostics.
    pub file: &'s str,
    pub fallback_line: u32,
    pub depth: u32,
    pub bindings: &'s Bindings,
}

/// Expressions nest; past this depth the value is unknown rather than a stack overflow.
const MAX_DEPTH: u32 = 200;
/// `for` expressions over more elements than this are unknown (and reported).
const MAX_FOR_ELEMENTS: usize = 10_000;

impl<'s, 'a> Evaluator<'s, 'a> {
    pub fn new(
        scope: &'s ModuleScope<'a>,
        lines: Option<&'s LineIndex>,
        file: &'s str,
        fallback_line: u32,
        bindings: &'s Bindings,
    ) -> Self {
        Evaluator {
            scope,
            lines,
            file,
            fallback_line,
            depth: 0,
            bindings,
        }
    }

    /// The same evaluator with other bindings.
    pub fn bound<'b>(&'b self, bindings: &'b Bindings) -> Evaluator<'b, 'a> {
        Evaluator {
            scope: self.scope,
            lines: self.lines,
            file: self.file,
            fallback_line: self.fallback_line,
            depth: self.depth,
            bindings,
        }
    }

    fn at<'b>(&'b self, line: u32, depth: u32) -> Evaluator<'b, 'a> {
        Evaluator {
            scope: self.scope,
            lines: self.lines,
            file: self.file,
            fallback_line: line,
            depth,
            bindings: self.bindings,
        }
    }

    pub fn line_of(&self, span: Option<std::ops::Range<usize>>) -> (u32, u32) {
        match (self.lines, span) {
            (Some(lines), Some(span)) => (
                lines.line(span.start),
                lines.line(span.end.saturating_sub(1).max(span.start)),
            ),
            _ => (self.fallback_line, self.fallback_line),
        }
    }

    pub fn node(&self, expr: &Expression) -> Node {
        let (line, end) = self.line_of(expr.span());
        Node::spanning(self.at(line, self.depth).eval(expr), line, end)
    }

    pub fn eval(&self, expr: &Expression) -> Value {
        if self.depth > MAX_DEPTH {
            return Value::unknown("expression nested too deeply");
        }
        self.at(self.fallback_line, self.depth + 1).eval_inner(expr)
    }

    fn eval_inner(&self, expr: &Expression) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n
                .value()
                .as_f64()
                .map(Value::Number)
                .unwrap_or_else(|| Value::unknown("number out of range")),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(items) => Value::List(items.iter().map(|e| self.node(e)).collect()),
            Expression::Object(object) => {
                let mut entries = Vec::with_capacity(object.len());
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.value().as_str().to_string(),
                        ObjectKey::Expression(e) => match self.eval(e) {
                            Value::String(s) => s,
                            Value::Number(n) => crate::model::format_number(n),
                            Value::Bool(b) => b.to_string(),
                            _ => return Value::unknown("object key is not known"),
                        },
                    };
                    entries.push((key, self.node(value.expr())));
                }
                Value::Map(entries)
            }
            Expression::StringTemplate(t) => {
                let mut parts = Vec::new();
                for element in t.iter() {
                    if !self.render_element(element, &mut parts) {
                        return Value::unknown("template directive");
                    }
                }
                Value::from_segments(parts)
            }
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                if h.indent().is_some() {
                    h.dedent();
                }
                self.render_template(&h.template)
            }
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => self.traverse_root(v.value().as_str(), &[]),
            Expression::Conditional(c) => match truthy(&self.eval(&c.cond_expr)) {
                Some(true) => self.eval(&c.true_expr),
                Some(false) => self.eval(&c.false_expr),
                None => {
                    let a = self.eval(&c.true_expr);
                    let b = self.eval(&c.false_expr);
                    if a == b {
                        a
                    } else {
                        Value::unknown("condition is not known")
                    }
                }
            },
            Expression::FuncCall(call) => {
                let name = call.name.name.value().as_str();
                if call.name.is_namespaced() {
                    return Value::unknown(format!("provider function {name}"));
                }
                let (line, _) = self.line_of(call.span());
                if let Some(problem) =
                    functions::arity_problem(name, call.args.len(), call.args.expand_final())
                {
                    self.scope.diagnose(self.file, line, problem);
                    return Value::unknown(format!("{name}() called with wrong arguments"));
                }
                let args: Vec<Node> = call.args.iter().map(|a| self.node(a)).collect();
                if name == "templatefile" {
                    return self.templatefile(args);
                }
                functions::call(name, args, call.args.expand_final(), &self.scope.dir)
            }
            Expression::Traversal(t) => {
                if let Expression::Variable(root) = &t.expr {
                    let ops: Vec<&TraversalOperator> =
                        t.operators.iter().map(|o| o.value()).collect();
                    self.traverse_root(root.value().as_str(), &ops)
                } else {
                    let mut value = self.eval(&t.expr);
                    for op in t.operators.iter() {
                        value = self.apply(value, op.value());
                    }
                    value
                }
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr);
                match (u.operator.value(), v) {
                    (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOperator::Neg, Value::Number(n)) => Value::Number(-n),
                    _ => Value::unknown("operand is not known"),
                }
            }
            Expression::BinaryOp(b) => {
                let lhs = self.eval(&b.lhs_expr);
                let rhs = self.eval(&b.rhs_expr);
                binary(*b.operator.value(), lhs, rhs)
            }
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    /// `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value}`.
    fn for_expr(&self, f: &hcl::edit::expr::ForExpr) -> Value {
        let elements: Vec<(Value, Node)> = match self.eval(&f.intro.collection_expr) {
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, n)| (Value::Number(i as f64), n))
                .collect(),
            Value::Map(entries) => entries
                .into_iter()
                .map(|(k, n)| (Value::String(k), n))
                .collect(),
            _ => return Value::unknown("for expression over an unknown collection"),
        };
        if elements.len() > MAX_FOR_ELEMENTS {
            return Value::unknown("for expression over too many elements");
        }
        let value_var = f.intro.value_var.value().as_str();
        let key_var = f.intro.key_var.as_ref().map(|k| k.value().as_str());
        let mut list = Vec::new();
        let mut map: Vec<(String, Node)> = Vec::new();
        for (key, node) in elements {
            let mut bindings = self.bindings.clone();
            bindings.insert(value_var.to_string(), node.value.clone());
            if let Some(k) = key_var {
                bindings.insert(k.to_string(), key.clone());
            }
            let ev = self.bound(&bindings);
            if let Some(cond) = &f.cond {
                match truthy(&ev.eval(&cond.expr)) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::unknown("for expression filter is not known"),
                }
            }
            let value = ev.node(&f.value_expr);
            match &f.key_expr {
                Some(key_expr) => match ev.eval(key_expr) {
                    Value::String(k) => {
                        if f.grouping {
                            match map.iter_mut().find(|(existing, _)| *existing == k) {
                                Some((
                                    _,
                                    Node {
                                        value: Value::List(items),
                                        ..
                                    },
                                )) => items.push(value),
                                _ => map.push((k, Node::new(Value::List(vec![value]), node.line))),
                            }
                        } else {
                            map.retain(|(existing, _)| *existing != k);
                            map.push((k, value));
                        }
                    }
                    _ => return Value::unknown("for expression key is not known"),
                },
                None => list.push(value),
            }
        }
        if f.key_expr.is_some() {
            Value::Map(map)
        } else {
            Value::List(list)
        }
    }

    /// `templatefile(path, vars)`: the file, relative to the module, rendered with `vars`.
    fn templatefile(&self, args: Vec<Node>) -> Value {
        let mut args = args.into_iter().map(|n| n.value);
        let (Some(Value::String(path)), Some(Value::Map(vars))) = (args.next(), args.next()) else {
            return Value::unknown("templatefile() arguments are not known");
        };
        let Some(Value::String(text)) = functions::call(
            "file",
            vec![Node::new(Value::String(path), self.fallback_line)],
            false,
            &self.scope.dir,
        )
        .into_known() else {
            return Value::unknown("templatefile() file cannot be read");
        };
        let Ok(template) = hcl::edit::parser::parse_template(&text) else {
            return Value::unknown("templatefile() template does not parse");
        };
        let bindings: Bindings = vars.into_iter().map(|(k, n)| (k, n.value)).collect();
        // The template is another file: its nodes take the line of the call.
        Evaluator {
            scope: self.scope,
            lines: None,
            file: self.file,
            fallback_line: self.fallback_line,
            depth: self.depth + 1,
            bindings: &bindings,
        }
        .render_template(&template)
    }

    fn render_template(&self, template: &Template) -> Value {
        let mut parts = Vec::new();
        for element in template.iter() {
            if !self.render_element(element, &mut parts) {
                return Value::unknown("template directive");
            }
        }
        Value::from_segments(parts)
    }

    /// Appends the segments of one template element; false for directives (`%{if}`), which
    /// make the whole string unknown.
    fn render_element(&self, element: &Element, parts: &mut Vec<Segment>) -> bool {
        match element {
            Element::Literal(lit) => {
                parts.push(Segment::Lit(lit.value().clone()));
                true
            }
            Element::Interpolation(interp) => {
                // A list or map interpolated is a Terraform error; it renders as unknown.
                Segment::push(parts, self.eval(&interp.expr));
                true
            }
            Element::Directive(_) => false,
        }
    }

    /// Resolves `var.x`, `local.x`, `module.m.out`, `aws_type.name.attr`, `data.type.name.attr`,
    /// `path.module`, and bound names (`count`, `each`, `for` variables, iterators).
    fn traverse_root(&self, root: &str, ops: &[&TraversalOperator]) -> Value {
        let attr_at = |i: usize| -> Option<&str> {
            match ops.get(i) {
                Some(TraversalOperator::GetAttr(ident)) => Some(ident.value().as_str()),
                _ => None,
            }
        };
        if let Some(bound) = self.bindings.get(root) {
            return ops.iter().fold(bound.clone(), |v, op| self.apply(v, op));
        }
        let (base, rest) = match root {
            "var" => match attr_at(0) {
                Some(name) => (
                    self.scope
                        .variables
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| Value::unknown(format!("var.{name} has no value"))),
                    &ops[1..],
                ),
                None => return Value::unknown("var"),
            },
            "local" => match attr_at(0) {
                Some(name) => (
                    self.scope.local(name, self.fallback_line, self.file),
                    &ops[1..],
                ),
                None => return Value::unknown("local"),
            },
            "module" => match (attr_at(0), attr_at(1), self.scope.modules) {
                (Some(name), Some(output), Some(modules)) => (
                    modules.output(self.scope, name, output, self.fallback_line, self.file),
                    &ops[2..],
                ),
                _ => return Value::unknown("module output"),
            },
            "path" => match attr_at(0) {
                Some("module") | Some("root") => (Value::String(".".into()), &ops[1..]),
                _ => return Value::unknown("path.cwd"),
            },
            "terraform" => match attr_at(0) {
                Some("workspace") => (Value::String("default".into()), &ops[1..]),
                _ => return Value::unknown("terraform"),
            },
            "data" => match (attr_at(0), attr_at(1)) {
                (Some(t), Some(n)) => {
                    let address = format!("data.{t}.{n}");
                    return self.reference(address, &ops[2..]);
                }
                _ => return Value::unknown("data"),
            },
            "count" | "each" | "self" => return Value::unknown(format!("{root} is per instance")),
            resource_type => match attr_at(0) {
                Some(name) => {
                    let address = format!("{resource_type}.{name}");
                    return self.reference(address, &ops[1..]);
                }
                None => return Value::unknown(format!("{resource_type} is not known")),
            },
        };
        rest.iter().fold(base, |v, op| self.apply(v, op))
    }

    fn reference(&self, address: String, ops: &[&TraversalOperator]) -> Value {
        if !self.scope.addresses.contains(&address) {
            return Value::unknown(format!("{address} is not declared in this module"));
        }
        // `aws_x.y[0].arn` with count: the index is per instance; keep the attribute names.
        let attribute = ops
            .iter()
            .filter_map(|op| match op {
                TraversalOperator::GetAttr(ident) => Some(ident.value().as_str().to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(".");
        Value::Ref(Reference {
            address: format!("{}{address}", self.scope.prefix),
            attribute,
        })
    }

    fn apply(&self, value: Value, op: &TraversalOperator) -> Value {
        match (value, op) {
            (Value::Map(entries), TraversalOperator::GetAttr(ident)) => {
                let key = ident.value().as_str();
                entries
                    .into_iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, n)| n.value)
                    .unwrap_or_else(|| Value::unknown(format!("no attribute {key}")))
            }
            (Value::Map(entries), TraversalOperator::Index(e)) => match self.eval(e) {
                Value::String(key) => entries
                    .into_iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, n)| n.value)
                    .unwrap_or_else(|| Value::unknown(format!("no key {key}"))),
                _ => Value::unknown("index is not known"),
            },
            (Value::List(items), TraversalOperator::Index(e)) => match self.eval(e) {
                Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => items
                    .into_iter()
                    .nth(n as usize)
                    .map(|n| n.value)
                    .unwrap_or_else(|| Value::unknown("index out of range")),
                _ => Value::unknown("index is not known"),
            },
            (Value::List(items), TraversalOperator::LegacyIndex(i)) => items
                .into_iter()
                .nth(*i.value() as usize)
                .map(|n| n.value)
                .unwrap_or_else(|| Value::unknown("index out of range")),
            (
                Value::List(items),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_),
            ) => Value::List(items),
            (Value::List(items), TraversalOperator::GetAttr(ident)) => {
                // After a splat: project the attribute from every element.
                let key = ident.value().as_str();
                Value::List(
                    items
                        .into_iter()
                        .map(|n| {
                            let line = n.line;
                            let v = n
                                .value
                                .get(key)
                                .map(|x| x.value.clone())
                                .unwrap_or_else(|| Value::unknown(format!("no attribute {key}")));
                            Node::new(v, line)
                        })
                        .collect(),
                )
            }
            (Value::Ref(mut r), TraversalOperator::GetAttr(ident)) => {
                if !r.attribute.is_empty() {
                    r.attribute.push('.');
                }
                r.attribute.push_str(ident.value().as_str());
                Value::Ref(r)
            }
            (Value::Ref(r), _) => Value::Ref(r),
            (Value::Unknown(why), _) => Value::Unknown(why),
            _ => Value::unknown("attribute of a value that has none"),
        }
    }
}

trait IntoKnown {
    fn into_known(self) -> Option<Value>;
}

impl IntoKnown for Value {
    fn into_known(self) -> Option<Value> {
        (!self.is_unknown()).then_some(self)
    }
}

/// `Some(bool)` for a known boolean (or the strings Terraform converts), `None` otherwise.
pub fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn binary(op: BinaryOperator, lhs: Value, rhs: Value) -> Value {
    use BinaryOperator::*;
    match op {
        And | Or => match (truthy(&lhs), truthy(&rhs)) {
            (Some(a), Some(b)) => Value::Bool(if op == And { a && b } else { a || b }),
            (Some(false), None) | (None, Some(false)) if op == And => Value::Bool(false),
            (Some(true), None) | (None, Some(true)) if op == Or => Value::Bool(true),
            _ => Value::unknown("operand is not known"),
        },
        Eq | NotEq => {
            if lhs.has_unknown()
                || rhs.has_unknown()
                || matches!(lhs, Value::Ref(_) | Value::Partial(_))
                || matches!(rhs, Value::Ref(_) | Value::Partial(_))
            {
                return Value::unknown("operand is not known");
            }
            let equal = lhs == rhs;
            Value::Bool(if op == Eq { equal } else { !equal })
        }
        _ => match (number(&lhs), number(&rhs)) {
            (Some(a), Some(b)) => match op {
                Plus => Value::Number(a + b),
                Minus => Value::Number(a - b),
                Mul => Value::Number(a * b),
                Div if b != 0.0 => Value::Number(a / b),
                Mod if b != 0.0 => Value::Number(a % b),
                Less => Value::Bool(a < b),
                LessEq => Value::Bool(a <= b),
                Greater => Value::Bool(a > b),
                GreaterEq => Value::Bool(a >= b),
                _ => Value::unknown("arithmetic error"),
            },
            _ => Value::unknown("operand is not known"),
        },
    }
}
