//! Evaluation of HCL expressions into model values, within one Terraform module.
//!
//! This is deliberately not `hcl::eval`: Terraform code is full of values that are only known
//! at apply time (resource attributes, variables without defaults, module outputs), and a
//! security scanner must carry those through as *unknown* or as *a reference to resource X*
//! instead of failing. Evaluating on the `hcl-edit` tree also keeps byte spans, so every node
//! gets its line.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use hcl::edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl::edit::template::{Element, Template};
use hcl::edit::Span;

use super::functions;
use super::LineIndex;
use crate::model::{Node, Reference, Segment, Value};

/// Everything an expression in a module may refer to.
pub struct ModuleScope<'a> {
    pub dir: &'a Path,
    pub variables: HashMap<String, Value>,
    pub locals: HashMap<String, &'a Expression>,
    /// `type.name` and `data.type.name` of every resource and data block in the module.
    pub addresses: HashSet<String>,
    local_cache: RefCell<HashMap<String, Value>>,
    in_progress: RefCell<HashSet<String>>,
}

impl<'a> ModuleScope<'a> {
    pub fn new(
        dir: &'a Path,
        variables: HashMap<String, Value>,
        locals: HashMap<String, &'a Expression>,
        addresses: HashSet<String>,
    ) -> Self {
        ModuleScope {
            dir,
            variables,
            locals,
            addresses,
            local_cache: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(HashSet::new()),
        }
    }

    fn local(&self, name: &str, line: u32) -> Value {
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
        let value = Evaluator {
            scope: self,
            lines: None,
            fallback_line: line,
            depth: 0,
        }
        .eval(expr);
        self.in_progress.borrow_mut().remove(name);
        self.local_cache
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        value
    }
}

/// Evaluates expressions of one file of a module.
pub struct Evaluator<'s, 'a> {
    pub scope: &'s ModuleScope<'a>,
    pub lines: Option<&'s LineIndex>,
    pub fallback_line: u32,
    pub depth: u32,
}

/// Expressions nest; past this depth the value is unknown rather than a stack overflow.
const MAX_DEPTH: u32 = 200;

impl Evaluator<'_, '_> {
    fn line_of(&self, span: Option<std::ops::Range<usize>>) -> (u32, u32) {
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
        let inner = Evaluator {
            scope: self.scope,
            lines: self.lines,
            fallback_line: line,
            depth: self.depth,
        };
        Node::spanning(inner.eval(expr), line, end)
    }

    pub fn eval(&self, expr: &Expression) -> Value {
        if self.depth > MAX_DEPTH {
            return Value::unknown("expression nested too deeply");
        }
        let deeper = Evaluator {
            scope: self.scope,
            lines: self.lines,
            fallback_line: self.fallback_line,
            depth: self.depth + 1,
        };
        deeper.eval_inner(expr)
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
                join_segments(parts)
            }
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                if h.indent().is_some() {
                    h.dedent();
                }
                self.render_template(&h.template)
            }
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => {
                let name = v.value().as_str();
                self.traverse_root(name, &[])
            }
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
                if call.name.is_namespaced() {
                    return Value::unknown(format!(
                        "provider function {}",
                        call.name.name.value().as_str()
                    ));
                }
                let name = call.name.name.value().as_str();
                let args: Vec<Node> = call.args.iter().map(|a| self.node(a)).collect();
                functions::call(name, args, call.args.expand_final(), self.scope.dir)
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
            Expression::ForExpr(_) => Value::unknown("for expression"),
        }
    }

    fn render_template(&self, template: &Template) -> Value {
        let mut parts = Vec::new();
        for element in template.iter() {
            if !self.render_element(element, &mut parts) {
                return Value::unknown("template directive");
            }
        }
        join_segments(parts)
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
                match self.eval(&interp.expr) {
                    Value::String(s) => parts.push(Segment::Lit(s)),
                    Value::Number(n) => parts.push(Segment::Lit(crate::model::format_number(n))),
                    Value::Bool(b) => parts.push(Segment::Lit(b.to_string())),
                    Value::Ref(r) => parts.push(Segment::Ref(r)),
                    Value::Partial(segs) => parts.extend(segs),
                    // A list or map interpolated is a Terraform error; null renders as unknown.
                    _ => parts.push(Segment::Unknown),
                }
                true
            }
            Element::Directive(_) => false,
        }
    }

    /// Resolves `var.x`, `local.x`, `aws_type.name.attr`, `data.type.name.attr`, `path.module`.
    fn traverse_root(&self, root: &str, ops: &[&TraversalOperator]) -> Value {
        let attr_at = |i: usize| -> Option<&str> {
            match ops.get(i) {
                Some(TraversalOperator::GetAttr(ident)) => Some(ident.value().as_str()),
                _ => None,
            }
        };
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
                Some(name) => (self.scope.local(name, self.fallback_line), &ops[1..]),
                None => return Value::unknown("local"),
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
            "module" => return Value::unknown("module output"),
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
        Value::Ref(Reference { address, attribute })
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

fn join_segments(parts: Vec<Segment>) -> Value {
    let mut merged: Vec<Segment> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(Segment::Lit(prev)), Segment::Lit(s)) => prev.push_str(&s),
            (_, part) => merged.push(part),
        }
    }
    match merged.len() {
        0 => Value::String(String::new()),
        1 => match merged.pop() {
            Some(Segment::Lit(s)) => Value::String(s),
            Some(Segment::Ref(r)) => Value::Ref(r),
            Some(Segment::Unknown) | None => Value::unknown("interpolation is not known"),
        },
        _ => Value::Partial(merged),
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
