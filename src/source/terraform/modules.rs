//! Module instances: roots, calls of local modules (and of registry or git modules that
//! `terraform init` placed under `.terraform/modules`), `count` and `for_each` instances,
//! `dynamic` blocks, and outputs.
//!
//! A root and the modules it calls are evaluated on one thread (they share lazily evaluated
//! scopes); roots are evaluated in parallel.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::Span;
use rayon::prelude::*;

use super::eval::{Bindings, Evaluator, ModuleOutputs, ModuleScope};
use super::{
    block_address, file_name, parse_dir, LineIndex, LoadedModule, ParsedDir, ParsedFile,
    TerraformOptions,
};
use crate::diagnostic::Diagnostic;
use crate::model::{Format, Location, Node, Resource, Value};
use crate::source::{read_source, SourceFile};

/// Instances of one resource or module call beyond this are not expanded (and reported).
pub const MAX_INSTANCES: usize = 1000;
/// Module calls nested deeper than this are not followed (and reported).
const MAX_MODULE_DEPTH: usize = 32;

/// Shared by every root of a scan: the directories that contain module calls (parsed once,
/// up front, to find which directories are called), the called directories' sources (parsed
/// on first use), and the limits.
struct Ctx<'o> {
    options: &'o TerraformOptions,
    max_file_size: u64,
    boundary: Option<PathBuf>,
    parsed: Mutex<HashMap<PathBuf, Arc<ParsedDir>>>,
    /// Scanned directories that are called as modules, not parsed yet.
    pending: Mutex<HashMap<PathBuf, (PathBuf, Vec<SourceFile>)>>,
}

impl Ctx<'_> {
    /// A directory's parse, parsing it on first use (from the scanned sources, or from disk
    /// for a module outside the scanned paths). Parse errors of such a directory go to
    /// `diags` once.
    fn parsed_dir(&self, dir: &Path, diags: &RefCell<Vec<Diagnostic>>) -> Arc<ParsedDir> {
        if let Ok(parsed) = self.parsed.lock() {
            if let Some(p) = parsed.get(dir) {
                return p.clone();
            }
        }
        let pending = self.pending.lock().ok().and_then(|mut p| p.remove(dir));
        let parsed = match pending {
            Some((original, files)) => Arc::new(parse_dir(original, files)),
            None => Arc::new(parse_dir(
                dir.to_path_buf(),
                self.read_dir_sources(dir, diags),
            )),
        };
        diags
            .borrow_mut()
            .extend(parsed.diagnostics.iter().cloned());
        if let Ok(mut map) = self.parsed.lock() {
            map.insert(dir.to_path_buf(), parsed.clone());
        }
        parsed
    }

    fn read_dir_sources(&self, dir: &Path, diags: &RefCell<Vec<Diagnostic>>) -> Vec<SourceFile> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut files = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
                    continue;
                }
                let rel = crate::discover::display_path(&path, &cwd);
                match read_source(&path, &rel, self.max_file_size) {
                    Ok(f) => files.push(f),
                    Err(d) => diags.borrow_mut().push(d),
                }
            }
        }
        files
    }
}

/// One root's evaluation: its diagnostics and what `terraform init` recorded for it.
struct Run<'c> {
    ctx: &'c Ctx<'c>,
    diags: RefCell<Vec<Diagnostic>>,
    /// `.terraform/modules/modules.json` of the root: module key (`ml`, `ml.net`) → directory.
    installed: HashMap<String, PathBuf>,
    /// Modules already reported as not scanned, so each is said once.
    reported: RefCell<HashSet<String>>,
}

/// Loads every root among `dirs`: a directory that another one calls as a local module is
/// evaluated through that call, not on its own (which would report its resources twice and
/// without the arguments the call passes).
pub fn load_roots(
    dirs: BTreeMap<PathBuf, Vec<SourceFile>>,
    options: &TerraformOptions,
    max_file_size: u64,
    boundary: Option<PathBuf>,
) -> Vec<LoadedModule> {
    // Only directories with a `module` block can call another; they are parsed up front to
    // find the calls. Every other directory is parsed when it is evaluated, on its root's
    // thread, and its syntax tree dropped after, which keeps memory flat on large trees.
    let entries: Vec<(PathBuf, PathBuf, Vec<SourceFile>)> = dirs
        .into_iter()
        .map(|(dir, files)| {
            let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            (key, dir, files)
        })
        .collect();
    let (callers, others): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(_, _, files)| files.iter().any(|f| has_module_block(&f.text)));
    let callers: Vec<(PathBuf, Arc<ParsedDir>)> = callers
        .into_par_iter()
        .map(|(key, dir, files)| (key, Arc::new(parse_dir(dir, files))))
        .collect();
    let mut called: HashSet<PathBuf> = HashSet::new();
    for (dir, p) in &callers {
        for file in &p.files {
            for block in file
                .body
                .blocks()
                .filter(|b| b.ident.value().as_str() == "module")
            {
                if let Some(source) = literal_source(block) {
                    if is_local(&source) {
                        if let Ok(target) = std::fs::canonicalize(dir.join(&source)) {
                            if &target != dir {
                                called.insert(target);
                            }
                        }
                    }
                }
            }
        }
    }
    let (pending, roots): (Vec<_>, Vec<_>) = others
        .into_iter()
        .partition(|(key, _, _)| called.contains(key));
    let ctx = Ctx {
        options,
        max_file_size,
        boundary,
        parsed: Mutex::new(callers.iter().cloned().collect()),
        pending: Mutex::new(
            pending
                .into_iter()
                .map(|(key, dir, files)| (key, (dir, files)))
                .collect(),
        ),
    };
    let mut out: Vec<LoadedModule> = roots
        .into_par_iter()
        .map(|(key, dir, files)| load_root(&ctx, &key, Arc::new(parse_dir(dir, files))))
        .collect();
    let caller_roots: Vec<&(PathBuf, Arc<ParsedDir>)> = callers
        .iter()
        .filter(|(d, _)| !called.contains(d))
        .collect();
    out.extend(
        caller_roots
            .par_iter()
            .map(|(dir, p)| load_root(&ctx, dir, p.clone()))
            .collect::<Vec<_>>(),
    );
    out
}

/// Whether HCL or JSON text may hold a `module` block (a cheap test before parsing).
fn has_module_block(text: &str) -> bool {
    text.match_indices("module").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + "module".len()..].chars().next();
        before.is_none_or(|c| c.is_whitespace() || c == '"' || c == '{')
            && after.is_some_and(|c| c.is_whitespace() || c == '"')
    })
}

fn load_root(ctx: &Ctx, dir: &Path, parsed: Arc<ParsedDir>) -> LoadedModule {
    let run = Run {
        ctx,
        diags: RefCell::new(parsed.diagnostics.clone()),
        installed: installed_modules(dir),
        reported: RefCell::new(HashSet::new()),
    };
    let result = instantiate(
        &run,
        parsed,
        String::new(),
        None,
        String::new(),
        vec![dir.to_path_buf()],
    );
    LoadedModule {
        resources: result.resources,
        diagnostics: run.diags.into_inner(),
        default_tags: result.default_tags,
    }
}

/// `.terraform/modules/modules.json`, as `terraform init` writes it.
fn installed_modules(root: &Path) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    let path = root.join(".terraform/modules/modules.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return out;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return out;
    };
    for m in json["Modules"].as_array().into_iter().flatten() {
        if let (Some(key), Some(dir)) = (m["Key"].as_str(), m["Dir"].as_str()) {
            if !key.is_empty() {
                out.insert(key.to_string(), root.join(dir));
            }
        }
    }
    out
}

fn literal_source(block: &Block) -> Option<String> {
    match &block.body.get_attribute("source")?.value {
        Expression::String(s) => Some(s.value().clone()),
        _ => None,
    }
}

fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

/// What a module instance gives its caller.
#[derive(Default)]
struct InstanceResult {
    resources: Vec<Resource>,
    outputs: HashMap<String, Value>,
    default_tags: Vec<(String, Value)>,
}

/// A module instance's outputs, shared between the calls that read them.
type Outputs = Rc<HashMap<String, Value>>;

/// The module calls of one instance, instantiated on first use (an output is read, or at the
/// end of the instance so every child's resources are collected).
struct Calls<'r> {
    run: &'r Run<'r>,
    dir: Arc<ParsedDir>,
    key_path: String,
    stack: Vec<PathBuf>,
    /// call name → (file index, block)
    calls: BTreeMap<String, (usize, Block)>,
    memo: RefCell<HashMap<String, Option<Outputs>>>,
    in_progress: RefCell<HashSet<String>>,
    collected: RefCell<Vec<Resource>>,
}

impl ModuleOutputs for Calls<'_> {
    fn output(
        &self,
        scope: &ModuleScope,
        name: &str,
        output: &str,
        _line: u32,
        _file: &str,
    ) -> Value {
        match self.child(scope, name) {
            Some(outputs) => outputs
                .get(output)
                .cloned()
                .unwrap_or_else(|| Value::unknown(format!("module.{name} has no output {output}"))),
            None => Value::unknown(format!("module.{name} is not evaluated")),
        }
    }
}

impl Calls<'_> {
    fn child(&self, scope: &ModuleScope, name: &str) -> Option<Outputs> {
        if let Some(done) = self.memo.borrow().get(name) {
            return done.clone();
        }
        if !self.in_progress.borrow_mut().insert(name.to_string()) {
            return None;
        }
        let result = self.instantiate_call(scope, name);
        self.in_progress.borrow_mut().remove(name);
        self.memo
            .borrow_mut()
            .insert(name.to_string(), result.clone());
        result
    }

    fn instantiate_all(&self, scope: &ModuleScope) {
        let names: Vec<String> = self.calls.keys().cloned().collect();
        for name in names {
            self.child(scope, &name);
        }
    }

    fn instantiate_call(
        &self,
        scope: &ModuleScope,
        name: &str,
    ) -> Option<Rc<HashMap<String, Value>>> {
        let (file_idx, block) = self.calls.get(name)?;
        let file = self.dir.files.get(*file_idx)?;
        let rel = file.source.rel.as_str();
        let line = block
            .body
            .get_attribute("source")
            .and_then(|a| a.span())
            .or_else(|| block.span())
            .map_or(1, |s| file.lines.line(s.start));
        let diag = |message: String| {
            self.run
                .diags
                .borrow_mut()
                .push(Diagnostic::new(rel, Some(line), message));
        };
        let Some(source) = literal_source(block) else {
            diag(format!(
                "module \"{name}\": source must be a literal string"
            ));
            return None;
        };
        let key = if self.key_path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.key_path)
        };
        let target = if is_local(&source) {
            let Ok(target) = std::fs::canonicalize(self.dir.dir.join(&source)) else {
                diag(format!(
                    "module \"{name}\": source \"{source}\" does not exist; not scanned"
                ));
                return None;
            };
            if let Some(boundary) = &self.run.ctx.boundary {
                if !target.starts_with(boundary) {
                    diag(format!(
                        "module \"{name}\": source \"{source}\" points outside the repository ({}); not scanned",
                        boundary.display()
                    ));
                    return None;
                }
            }
            target
        } else {
            match self
                .run
                .installed
                .get(&key)
                .and_then(|d| std::fs::canonicalize(d).ok())
            {
                Some(dir) => dir,
                None => {
                    if self.run.reported.borrow_mut().insert(key.clone()) {
                        self.run.diags.borrow_mut().push(Diagnostic::info(
                            rel,
                            Some(line),
                            format!(
                                "module \"{name}\" (source \"{source}\") is not scanned: run `terraform init` so .terraform/modules/modules.json lists it; its outputs are unknown"
                            ),
                        ));
                    }
                    return None;
                }
            }
        };
        if self.stack.contains(&target) {
            diag(format!(
                "module \"{name}\" calls itself (source \"{source}\"); not followed"
            ));
            return None;
        }
        if self.stack.len() >= MAX_MODULE_DEPTH {
            diag(format!(
                "module \"{name}\": modules nested deeper than {MAX_MODULE_DEPTH}; not followed"
            ));
            return None;
        }
        let parsed = self.run.ctx.parsed_dir(&target, &self.run.diags);
        let empty = Bindings::new();
        let ev = Evaluator::new(scope, Some(&file.lines), rel, line, &empty);
        let instances = instances(block, &ev, scope);
        let mut stack = self.stack.clone();
        stack.push(target);
        let mut outputs = None;
        let single = instances.len() == 1 && instances.first().is_some_and(|(k, _)| k.is_empty());
        for (suffix, bindings) in instances {
            let bound = ev.bound(&bindings);
            let mut args = HashMap::new();
            for attr in block.body.attributes() {
                let k = attr.key.value().as_str();
                if matches!(
                    k,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                args.insert(k.to_string(), bound.eval(&attr.value));
            }
            let prefix = format!("{}module.{name}{suffix}.", scope.prefix);
            let result = instantiate(
                self.run,
                parsed.clone(),
                prefix,
                Some(args),
                key.clone(),
                stack.clone(),
            );
            self.collected.borrow_mut().extend(result.resources);
            if single {
                outputs = Some(Rc::new(result.outputs));
            }
        }
        // `module.m[0].x` is not followed: with several instances an output is unknown.
        outputs
    }
}

/// Evaluates one module instance.
fn instantiate(
    run: &Run,
    dir: Arc<ParsedDir>,
    prefix: String,
    args: Option<HashMap<String, Value>>,
    key_path: String,
    stack: Vec<PathBuf>,
) -> InstanceResult {
    let is_root = args.is_none();
    let mut addresses = HashSet::new();
    let mut locals: HashMap<String, Expression> = HashMap::new();
    let mut outputs: Vec<(String, usize, Expression, u32)> = Vec::new();
    let mut var_blocks: Vec<(usize, &Block)> = Vec::new();
    let mut calls = BTreeMap::new();
    for (i, file) in dir.files.iter().enumerate() {
        for block in file.body.blocks() {
            match block.ident.value().as_str() {
                "resource" | "data" => {
                    if let Some(addr) = block_address(block) {
                        addresses.insert(addr);
                    }
                }
                "locals" => {
                    for attr in block.body.attributes() {
                        locals.insert(attr.key.value().as_str().to_string(), attr.value.clone());
                    }
                }
                "variable" => var_blocks.push((i, block)),
                "output" => {
                    if let (Some(label), Some(value)) =
                        (block.labels.first(), block.body.get_attribute("value"))
                    {
                        let line = block.span().map_or(1, |s| file.lines.line(s.start));
                        outputs.push((label.as_str().to_string(), i, value.value.clone(), line));
                    }
                }
                "module" => {
                    if let Some(label) = block.labels.first() {
                        calls.insert(label.as_str().to_string(), (i, block.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    let variables = resolve_variables(run, &dir, &var_blocks, args, is_root);
    let mut scope = ModuleScope::new(
        dir.dir.clone(),
        prefix.clone(),
        variables,
        locals,
        addresses,
        &run.diags,
    );
    let module_calls = Calls {
        run,
        dir: dir.clone(),
        key_path,
        stack,
        calls,
        memo: RefCell::new(HashMap::new()),
        in_progress: RefCell::new(HashSet::new()),
        collected: RefCell::new(Vec::new()),
    };
    scope.modules = Some(&module_calls);

    let mut result = InstanceResult::default();
    for file in &dir.files {
        for block in file.body.blocks() {
            match block.ident.value().as_str() {
                "resource" | "data" => result
                    .resources
                    .extend(resources_from_block(block, file, &scope)),
                "provider" if is_root => {
                    if let Some(tags) = provider_default_tags(block, file, &scope) {
                        result.default_tags.push(tags);
                    }
                }
                _ => {}
            }
        }
    }
    module_calls.instantiate_all(&scope);
    let empty = Bindings::new();
    for (name, i, expr, line) in &outputs {
        let Some(file) = dir.files.get(*i) else {
            continue;
        };
        let ev = Evaluator::new(&scope, None, &file.source.rel, *line, &empty);
        result.outputs.insert(name.clone(), ev.eval(expr));
    }
    result.resources.extend(module_calls.collected.into_inner());
    result
}

/// The instances a `count` or `for_each` asks for, as (address suffix, bindings). A known zero
/// count or empty collection gives none; an unknown one gives one instance whose
/// index-dependent values are unknown; more than [`MAX_INSTANCES`] is reported and treated as
/// unknown.
fn instances(block: &Block, ev: &Evaluator, scope: &ModuleScope) -> Vec<(String, Bindings)> {
    let one = |name: &str, fields: Vec<(&str, Value)>| {
        let mut b = Bindings::new();
        b.insert(
            name.to_string(),
            Value::Map(
                fields
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), Node::new(v, 0)))
                    .collect(),
            ),
        );
        vec![(String::new(), b)]
    };
    let report = |attr: &hcl::edit::structure::Attribute, n: usize| {
        let (line, _) = ev.line_of(attr.span());
        scope.diagnose(
            ev.file,
            line,
            format!("{n} instances exceed the limit of {MAX_INSTANCES}; evaluated as one instance with unknown keys"),
        );
    };
    if let Some(attr) = block.body.get_attribute("count") {
        return match ev.eval(&attr.value) {
            Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => {
                let n = n as usize;
                if n > MAX_INSTANCES {
                    report(attr, n);
                    return one("count", vec![("index", Value::unknown("count.index"))]);
                }
                (0..n)
                    .map(|i| {
                        let mut b = Bindings::new();
                        b.insert(
                            "count".into(),
                            Value::Map(vec![(
                                "index".into(),
                                Node::new(Value::Number(i as f64), 0),
                            )]),
                        );
                        (format!("[{i}]"), b)
                    })
                    .collect()
            }
            _ => one("count", vec![("index", Value::unknown("count.index"))]),
        };
    }
    if let Some(attr) = block.body.get_attribute("for_each") {
        let entries: Vec<(String, Value)> = match ev.eval(&attr.value) {
            Value::Map(entries) => entries.into_iter().map(|(k, n)| (k, n.value)).collect(),
            Value::List(items) => {
                let mut keys = Vec::new();
                for n in items {
                    match n.value {
                        Value::String(s) => keys.push((s.clone(), Value::String(s))),
                        _ => {
                            return one(
                                "each",
                                vec![
                                    ("key", Value::unknown("each.key")),
                                    ("value", Value::unknown("each.value")),
                                ],
                            )
                        }
                    }
                }
                keys
            }
            _ => {
                return one(
                    "each",
                    vec![
                        ("key", Value::unknown("each.key")),
                        ("value", Value::unknown("each.value")),
                    ],
                )
            }
        };
        if entries.len() > MAX_INSTANCES {
            report(attr, entries.len());
            return one(
                "each",
                vec![
                    ("key", Value::unknown("each.key")),
                    ("value", Value::unknown("each.value")),
                ],
            );
        }
        return entries
            .into_iter()
            .map(|(k, v)| {
                let mut b = Bindings::new();
                b.insert(
                    "each".into(),
                    Value::Map(vec![
                        ("key".into(), Node::new(Value::String(k.clone()), 0)),
                        ("value".into(), Node::new(v, 0)),
                    ]),
                );
                (format!("[{k:?}]"), b)
            })
            .collect();
    }
    vec![(String::new(), Bindings::new())]
}

fn resources_from_block(block: &Block, file: &ParsedFile, scope: &ModuleScope) -> Vec<Resource> {
    let Some(local) = block_address(block) else {
        return Vec::new();
    };
    let is_data = block.ident.value().as_str() == "data";
    let Some(resource_type) = block.labels.first().map(|l| l.as_str().to_string()) else {
        return Vec::new();
    };
    let (start_line, end_line) = match (&file.json_lines, block.span()) {
        (Some(json_lines), _) => {
            let line = json_lines.get(&local).copied().unwrap_or(1);
            (line, line)
        }
        (None, Some(span)) => (
            file.lines.line(span.start),
            file.lines.line(span.end.saturating_sub(1).max(span.start)),
        ),
        (None, None) => (1, 1),
    };
    let lines = if file.json_lines.is_some() {
        None
    } else {
        Some(&file.lines)
    };
    let empty = Bindings::new();
    let ev = Evaluator::new(scope, lines, &file.source.rel, start_line, &empty);
    let mut out = Vec::new();
    for (suffix, bindings) in instances(block, &ev, scope) {
        let bound = ev.bound(&bindings);
        let mut attributes = body_value(&block.body, &bound);
        // `provider = aws.west` names a provider configuration, not a value: keep its text.
        if let (Some(attr), Value::Map(entries)) =
            (block.body.get_attribute("provider"), &mut attributes)
        {
            if let Some((_, node)) = entries.iter_mut().find(|(k, _)| k == "provider") {
                node.value = Value::String(attr.value.to_string().trim().to_string());
            }
        }
        out.push(Resource {
            format: Format::Terraform,
            resource_type: resource_type.clone(),
            address: format!("{}{local}{suffix}", scope.prefix),
            attributes,
            location: Location {
                file: file.source.rel.clone(),
                start_line,
                end_line,
            },
            is_data,
        });
    }
    out
}

/// Attributes and nested blocks of a body as a map. Nested blocks become lists of maps because
/// they may repeat; a `dynamic` block expands when its `for_each` is known.
pub(super) fn body_value(body: &Body, evaluator: &Evaluator) -> Value {
    let mut entries: Vec<(String, Node)> = Vec::new();
    let push_block = |entries: &mut Vec<(String, Node)>, ident: &str, node: Node| match entries
        .iter_mut()
        .find(|(k, _)| k == ident)
    {
        Some((_, existing)) => {
            if let Value::List(items) = &mut existing.value {
                items.push(node);
            }
        }
        None => {
            let (line, end) = (node.line, node.end_line);
            entries.push((
                ident.to_string(),
                Node::spanning(Value::List(vec![node]), line, end),
            ));
        }
    };
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let mut node = evaluator.node(&attr.value);
                if let (Some(span), Some(lines)) = (attr.span(), evaluator.lines) {
                    node.line = lines.line(span.start);
                    node.end_line = lines.line(span.end.saturating_sub(1).max(span.start));
                }
                entries.push((attr.key.value().as_str().to_string(), node));
            }
            Structure::Block(block) => {
                let ident = block.ident.value().as_str();
                let (line, end) = evaluator.line_of(block.span());
                if ident == "dynamic" {
                    let Some(label) = block.labels.first().map(|l| l.as_str().to_string()) else {
                        continue;
                    };
                    match dynamic_blocks(block, &label, evaluator) {
                        Some(nodes) => {
                            for node in nodes {
                                push_block(&mut entries, &label, node);
                            }
                        }
                        None => entries.push((
                            label,
                            Node::spanning(Value::unknown("dynamic block"), line, end),
                        )),
                    }
                    continue;
                }
                let node = Node::spanning(body_value(&block.body, evaluator), line, end);
                push_block(&mut entries, ident, node);
            }
        }
    }
    Value::Map(entries)
}

/// The blocks a `dynamic` block generates, or `None` when its `for_each` is not known.
fn dynamic_blocks(block: &Block, label: &str, ev: &Evaluator) -> Option<Vec<Node>> {
    let for_each = ev.eval(&block.body.get_attribute("for_each")?.value);
    let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.value().as_str().to_string(),
        _ => label.to_string(),
    };
    let content = block.body.get_blocks("content").next()?;
    let elements: Vec<(Value, Value)> = match for_each {
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, n)| (Value::Number(i as f64), n.value))
            .collect(),
        Value::Map(entries) => entries
            .into_iter()
            .map(|(k, n)| (Value::String(k), n.value))
            .collect(),
        _ => return None,
    };
    if elements.len() > MAX_INSTANCES {
        return None;
    }
    let (line, end) = ev.line_of(block.span());
    Some(
        elements
            .into_iter()
            .map(|(key, value)| {
                let mut bindings = ev.bindings.clone();
                bindings.insert(
                    iterator.clone(),
                    Value::Map(vec![
                        ("key".into(), Node::new(key, line)),
                        ("value".into(), Node::new(value, line)),
                    ]),
                );
                Node::spanning(body_value(&content.body, &ev.bound(&bindings)), line, end)
            })
            .collect(),
    )
}

/// `provider "aws" { alias = "west"  default_tags { tags = {...} } }` as (`aws.west`, tags).
fn provider_default_tags(
    block: &Block,
    file: &ParsedFile,
    scope: &ModuleScope,
) -> Option<(String, Value)> {
    let name = block.labels.first()?.as_str();
    let empty = Bindings::new();
    let lines = if file.json_lines.is_some() {
        None
    } else {
        Some(&file.lines)
    };
    let ev = Evaluator::new(scope, lines, &file.source.rel, 1, &empty);
    let key = match block.body.get_attribute("alias").map(|a| ev.eval(&a.value)) {
        Some(Value::String(alias)) => format!("{name}.{alias}"),
        _ => name.to_string(),
    };
    let default_tags = block.body.get_blocks("default_tags").next()?;
    let tags = default_tags
        .body
        .get_attribute("tags")
        .map(|a| ev.eval(&a.value))?;
    Some((key, tags))
}

/// Variable values. A root takes, lowest precedence first: `default`, `terraform.tfvars`,
/// `terraform.tfvars.json`, `*.auto.tfvars` in name order, `--var-file`, `--var`. A called
/// module takes `default`, then the arguments of the call.
fn resolve_variables(
    run: &Run,
    dir: &ParsedDir,
    var_blocks: &[(usize, &Block)],
    args: Option<HashMap<String, Value>>,
    is_root: bool,
) -> HashMap<String, Value> {
    let no_diags = RefCell::new(Vec::new());
    let empty_scope = ModuleScope::new(
        dir.dir.clone(),
        String::new(),
        HashMap::new(),
        HashMap::new(),
        HashSet::new(),
        &no_diags,
    );
    let empty = Bindings::new();
    let mut values = HashMap::new();
    for (i, block) in var_blocks {
        let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
            continue;
        };
        let Some(file) = dir.files.get(*i) else {
            continue;
        };
        if let Some(default) = block.body.get_attribute("default") {
            let ev = Evaluator::new(&empty_scope, Some(&file.lines), &file.source.rel, 1, &empty);
            values.insert(name, ev.eval(&default.value));
        }
    }
    if let Some(args) = args {
        values.extend(args);
        return values;
    }
    if !is_root {
        return values;
    }
    let mut tfvars: Vec<&SourceFile> = dir
        .tfvars
        .iter()
        .filter(|f| {
            let name = file_name(&f.rel);
            name == "terraform.tfvars"
                || name == "terraform.tfvars.json"
                || name.ends_with(".auto.tfvars")
                || name.ends_with(".auto.tfvars.json")
        })
        .collect();
    tfvars.sort_by_key(|f| {
        let name = file_name(&f.rel);
        (!name.starts_with("terraform.tfvars"), name.to_string())
    });
    let mut diags = run.diags.borrow_mut();
    for f in tfvars {
        apply_tfvars(&f.rel, &f.text, &empty_scope, &mut values, &mut diags);
    }
    for path in &run.ctx.options.var_files {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => apply_tfvars(&shown, &text, &empty_scope, &mut values, &mut diags),
            Err(e) => diags.push(Diagnostic::new(
                &shown,
                None,
                format!("cannot read --var-file: {e}"),
            )),
        }
    }
    for (name, raw) in &run.ctx.options.vars {
        values.insert(name.clone(), cli_var_value(raw, &empty_scope));
    }
    values
}

fn apply_tfvars(
    shown: &str,
    text: &str,
    scope: &ModuleScope,
    values: &mut HashMap<String, Value>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if shown.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => {
                for (k, v) in map {
                    values.insert(k, Value::from_json(&v, 1));
                }
            }
            Ok(_) => diagnostics.push(Diagnostic::new(
                shown,
                Some(1),
                "variable file is not a JSON object".to_string(),
            )),
            Err(e) => diagnostics.push(Diagnostic::new(
                shown,
                u32::try_from(e.line()).ok(),
                format!("invalid JSON: {e}"),
            )),
        }
        return;
    }
    match hcl::edit::parser::parse_body(text) {
        Ok(body) => {
            let lines = LineIndex::new(text);
            let empty = Bindings::new();
            let ev = Evaluator::new(scope, Some(&lines), shown, 1, &empty);
            for attr in body.attributes() {
                values.insert(attr.key.value().as_str().to_string(), ev.eval(&attr.value));
            }
        }
        Err(e) => diagnostics.push(Diagnostic::new(
            shown,
            u32::try_from(e.location().line()).ok(),
            format!("HCL syntax error: {}", e.message()),
        )),
    }
}

/// `--var name=value`: like Terraform, a value that parses as a list, map, number or bool
/// literal is taken as that; anything else is a plain string.
fn cli_var_value(raw: &str, scope: &ModuleScope) -> Value {
    if let Ok(expr) = hcl::edit::parser::parse_expr(raw) {
        if matches!(
            expr,
            Expression::Array(_)
                | Expression::Object(_)
                | Expression::Number(_)
                | Expression::Bool(_)
        ) {
            let empty = Bindings::new();
            return Evaluator::new(scope, None, "--var", 1, &empty).eval(&expr);
        }
    }
    Value::String(raw.to_string())
}
