//! Terraform HCL (`*.tf`, `*.tf.json`, `*.tfvars`) into the resource model.
//!
//! One directory is one module. Its files are parsed in parallel with `hcl-edit` (which keeps
//! byte spans), then variables (defaults, `terraform.tfvars`, `*.auto.tfvars`, `--var-file`,
//! `--var`), locals and resource attributes are evaluated by [`eval`]. Module calls, `count`
//! and `for_each` expansion are not followed yet: a module output is unknown, and a resource
//! with `count`/`for_each` is one resource without an index (skipped only when the count is a
//! known zero or the collection is known to be empty).

mod eval;
mod functions;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::Span;
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Format, Location, Node, Resource, Value};
use crate::source::SourceFile;
use eval::{Evaluator, ModuleScope};

/// Maps byte offsets to 1-based line numbers.
#[derive(Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(idx + 1).unwrap_or(u32::MAX)
    }
}

/// Variable values given on the command line, applied after the module's own files.
#[derive(Debug, Default, Clone)]
pub struct TerraformOptions {
    pub var_files: Vec<PathBuf>,
    pub vars: Vec<(String, String)>,
}

/// A parsed `.tf` or `.tf.json` file.
struct ParsedFile<'f> {
    source: &'f SourceFile,
    body: Body,
    lines: LineIndex,
    /// For `.tf.json`: the line of each `type.name` key, since JSON bodies carry no spans.
    json_lines: Option<HashMap<String, u32>>,
}

/// The result of loading one module directory.
#[derive(Debug, Default)]
pub struct LoadedModule {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// `default_tags` of each `provider "aws"` block, keyed `aws` or `aws.ALIAS`.
    pub default_tags: Vec<(String, Value)>,
}

/// Loads one module from its files (all in `dir`). Files that fail to parse are reported and
/// left out; the rest of the module is still evaluated.
pub fn load_module(dir: &Path, files: &[SourceFile], options: &TerraformOptions) -> LoadedModule {
    let mut out = LoadedModule::default();
    let parsed: Vec<Result<ParsedFile, Diagnostic>> = files
        .par_iter()
        .filter(|f| is_config_file(&f.rel))
        .map(parse_file)
        .collect();
    let mut ok = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(p) => ok.push(p),
            Err(d) => out.diagnostics.push(d),
        }
    }

    // Every address declared in the module, so references can be told from typos.
    let mut addresses = HashSet::new();
    let mut locals: HashMap<String, &Expression> = HashMap::new();
    let mut var_blocks: Vec<(&Block, &ParsedFile)> = Vec::new();
    for file in &ok {
        for block in file.body.blocks() {
            match block.ident.value().as_str() {
                "resource" | "data" => {
                    if let Some(addr) = block_address(block) {
                        addresses.insert(addr);
                    }
                }
                "locals" => {
                    for attr in block.body.attributes() {
                        locals.insert(attr.key.value().as_str().to_string(), &attr.value);
                    }
                }
                "variable" => var_blocks.push((block, file)),
                _ => {}
            }
        }
    }

    let variables = resolve_variables(dir, files, &var_blocks, options, &mut out.diagnostics);
    let scope = ModuleScope::new(dir, variables, locals, addresses);

    for file in &ok {
        for block in file.body.blocks() {
            let kind = block.ident.value().as_str();
            if kind == "provider" {
                if let Some(tags) = provider_default_tags(block, file, &scope) {
                    out.default_tags.push(tags);
                }
                continue;
            }
            if kind != "resource" && kind != "data" {
                continue;
            }
            if let Some(resource) = resource_from_block(block, file, &scope) {
                out.resources.push(resource);
            }
        }
    }
    out
}

/// `provider "aws" { alias = "west"  default_tags { tags = {...} } }` as (`aws.west`, tags).
fn provider_default_tags(
    block: &Block,
    file: &ParsedFile,
    scope: &ModuleScope,
) -> Option<(String, Value)> {
    let name = block.labels.first()?.as_str();
    let evaluator = Evaluator {
        scope,
        lines: if file.json_lines.is_some() {
            None
        } else {
            Some(&file.lines)
        },
        fallback_line: 1,
        depth: 0,
    };
    let key = match block
        .body
        .get_attribute("alias")
        .map(|a| evaluator.eval(&a.value))
    {
        Some(Value::String(alias)) => format!("{name}.{alias}"),
        _ => name.to_string(),
    };
    let default_tags = block.body.get_blocks("default_tags").next()?;
    let tags = default_tags
        .body
        .get_attribute("tags")
        .map(|a| evaluator.eval(&a.value))?;
    Some((key, tags))
}

fn is_config_file(rel: &str) -> bool {
    rel.ends_with(".tf") || rel.ends_with(".tf.json")
}

fn block_address(block: &Block) -> Option<String> {
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    match (block.ident.value().as_str(), labels.as_slice()) {
        ("resource", [t, n]) => Some(format!("{t}.{n}")),
        ("data", [t, n]) => Some(format!("data.{t}.{n}")),
        _ => None,
    }
}

fn parse_file(source: &SourceFile) -> Result<ParsedFile<'_>, Diagnostic> {
    let lines = LineIndex::new(&source.text);
    if source.rel.ends_with(".tf.json") {
        let (body, json_lines) = json::to_body(&source.text).map_err(|(line, message)| {
            Diagnostic::new(
                &source.rel,
                Some(line),
                format!("invalid Terraform JSON: {message}"),
            )
        })?;
        return Ok(ParsedFile {
            source,
            body,
            lines,
            json_lines: Some(json_lines),
        });
    }
    let body = hcl::edit::parser::parse_body(&source.text).map_err(|e| {
        let line = u32::try_from(e.location().line()).unwrap_or(0);
        Diagnostic::new(
            &source.rel,
            Some(line),
            format!("HCL syntax error: {}", e.message()),
        )
    })?;
    Ok(ParsedFile {
        source,
        body,
        lines,
        json_lines: None,
    })
}

fn resource_from_block(block: &Block, file: &ParsedFile, scope: &ModuleScope) -> Option<Resource> {
    let address = block_address(block)?;
    let is_data = block.ident.value().as_str() == "data";
    let resource_type = block.labels.first()?.as_str().to_string();
    let (start_line, end_line) = match (&file.json_lines, block.span()) {
        (Some(json_lines), _) => {
            let line = json_lines.get(&address).copied().unwrap_or(1);
            (line, line)
        }
        (None, Some(span)) => (
            file.lines.line(span.start),
            file.lines.line(span.end.saturating_sub(1).max(span.start)),
        ),
        (None, None) => (1, 1),
    };
    let evaluator = Evaluator {
        scope,
        lines: if file.json_lines.is_some() {
            None
        } else {
            Some(&file.lines)
        },
        fallback_line: start_line,
        depth: 0,
    };
    // A known `count = 0` or empty `for_each` means the resource is not created.
    if let Some(count) = block.body.get_attribute("count") {
        if let Value::Number(n) = evaluator.eval(&count.value) {
            if n == 0.0 {
                return None;
            }
        }
    }
    if let Some(for_each) = block.body.get_attribute("for_each") {
        match evaluator.eval(&for_each.value) {
            Value::List(items) if items.is_empty() => return None,
            Value::Map(entries) if entries.is_empty() => return None,
            _ => {}
        }
    }
    let mut attributes = body_value(&block.body, &evaluator);
    // `provider = aws.west` names a provider configuration, not a value: keep its text.
    if let (Some(attr), Value::Map(entries)) =
        (block.body.get_attribute("provider"), &mut attributes)
    {
        if let Some((_, node)) = entries.iter_mut().find(|(k, _)| k == "provider") {
            node.value = Value::String(attr.value.to_string().trim().to_string());
        }
    }
    Some(Resource {
        format: Format::Terraform,
        resource_type,
        address,
        attributes,
        location: Location {
            file: file.source.rel.clone(),
            start_line,
            end_line,
        },
        is_data,
    })
}

/// Attributes and nested blocks of a body as a map. Nested blocks become lists of maps because
/// they may repeat; a `dynamic` block is unknown content under its label.
fn body_value(body: &Body, evaluator: &Evaluator) -> Value {
    let mut entries: Vec<(String, Node)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let mut node = evaluator.node(&attr.value);
                if let Some(span) = attr.span() {
                    if let Some(lines) = evaluator.lines {
                        node.line = lines.line(span.start);
                        node.end_line = lines.line(span.end.saturating_sub(1).max(span.start));
                    }
                }
                entries.push((attr.key.value().as_str().to_string(), node));
            }
            Structure::Block(block) => {
                let ident = block.ident.value().as_str();
                let (line, end) = match (evaluator.lines, block.span()) {
                    (Some(lines), Some(span)) => (
                        lines.line(span.start),
                        lines.line(span.end.saturating_sub(1).max(span.start)),
                    ),
                    _ => (evaluator.fallback_line, evaluator.fallback_line),
                };
                if ident == "dynamic" {
                    if let Some(label) = block.labels.first() {
                        entries.push((
                            label.as_str().to_string(),
                            Node::spanning(Value::unknown("dynamic block"), line, end),
                        ));
                    }
                    continue;
                }
                let inner = Evaluator {
                    scope: evaluator.scope,
                    lines: evaluator.lines,
                    fallback_line: line,
                    depth: evaluator.depth,
                };
                let node = Node::spanning(body_value(&block.body, &inner), line, end);
                match entries.iter_mut().find(|(k, _)| k == ident) {
                    Some((_, existing)) => {
                        if let Value::List(items) = &mut existing.value {
                            items.push(node);
                        }
                    }
                    None => entries.push((
                        ident.to_string(),
                        Node::spanning(Value::List(vec![node]), line, end),
                    )),
                }
            }
        }
    }
    Value::Map(entries)
}

/// Variable values, lowest precedence first: `default`, `terraform.tfvars`,
/// `terraform.tfvars.json`, `*.auto.tfvars` in name order, `--var-file`, `--var`.
fn resolve_variables(
    dir: &Path,
    files: &[SourceFile],
    var_blocks: &[(&Block, &ParsedFile)],
    options: &TerraformOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, Value> {
    let empty = ModuleScope::new(dir, HashMap::new(), HashMap::new(), HashSet::new());
    let mut values = HashMap::new();
    for (block, file) in var_blocks {
        let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
            continue;
        };
        if let Some(default) = block.body.get_attribute("default") {
            let ev = Evaluator {
                scope: &empty,
                lines: Some(&file.lines),
                fallback_line: 1,
                depth: 0,
            };
            values.insert(name, ev.eval(&default.value));
        }
    }

    let mut tfvars: Vec<&SourceFile> = files
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
    for f in tfvars {
        apply_tfvars(&f.rel, &f.text, &empty, &mut values, diagnostics);
    }
    for path in &options.var_files {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => apply_tfvars(&shown, &text, &empty, &mut values, diagnostics),
            Err(e) => diagnostics.push(Diagnostic::new(
                &shown,
                None,
                format!("cannot read --var-file: {e}"),
            )),
        }
    }
    for (name, raw) in &options.vars {
        values.insert(name.clone(), cli_var_value(raw, &empty));
    }
    values
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
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
            let ev = Evaluator {
                scope,
                lines: Some(&lines),
                fallback_line: 1,
                depth: 0,
            };
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
            let ev = Evaluator {
                scope,
                lines: None,
                fallback_line: 1,
                depth: 0,
            };
            return ev.eval(&expr);
        }
    }
    Value::String(raw.to_string())
}

/// Terraform's JSON syntax (`*.tf.json`) turned into an HCL body, so one evaluator serves both.
mod json {
    use std::collections::HashMap;

    use hcl::edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
    use hcl::edit::structure::{Attribute, Block, Body};
    use hcl::edit::{Decorated, Ident};

    pub fn to_body(text: &str) -> Result<(Body, HashMap<String, u32>), (u32, String)> {
        let json: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| (u32::try_from(e.line()).unwrap_or(0), e.to_string()))?;
        let serde_json::Value::Object(top) = json else {
            return Err((1, "top level is not an object".into()));
        };
        let mut body = Body::new();
        let mut lines = HashMap::new();
        for (kind, value) in &top {
            match kind.as_str() {
                "resource" | "data" => {
                    let Some(types) = value.as_object() else {
                        continue;
                    };
                    for (rtype, named) in types {
                        let Some(named) = named.as_object() else {
                            continue;
                        };
                        for (name, attrs) in named {
                            let address = if kind == "data" {
                                format!("data.{rtype}.{name}")
                            } else {
                                format!("{rtype}.{name}")
                            };
                            lines.insert(address, find_line(text, rtype, name));
                            let mut block = Block::new(Ident::new_sanitized(kind.as_str()));
                            block.labels = vec![rtype.as_str().into(), name.as_str().into()];
                            // A resource may be given as an array of bodies; take the first.
                            let attrs = match attrs {
                                serde_json::Value::Array(items) => items.first().unwrap_or(attrs),
                                _ => attrs,
                            };
                            block.body = object_body(attrs);
                            body.push(block);
                        }
                    }
                }
                "variable" => {
                    let Some(vars) = value.as_object() else {
                        continue;
                    };
                    for (name, decl) in vars {
                        let mut block = Block::new(Ident::new_sanitized("variable"));
                        block.labels = vec![name.as_str().into()];
                        block.body = object_body(decl);
                        body.push(block);
                    }
                }
                "locals" => {
                    let mut block = Block::new(Ident::new_sanitized("locals"));
                    block.body = object_body(value);
                    body.push(block);
                }
                _ => {}
            }
        }
        Ok((body, lines))
    }

    fn object_body(value: &serde_json::Value) -> Body {
        let mut body = Body::new();
        if let Some(map) = value.as_object() {
            for (k, v) in map {
                if let Ok(ident) = Ident::try_new(k.as_str()) {
                    body.push(Attribute::new(Decorated::new(ident), expression(v)));
                }
            }
        }
        body
    }

    fn expression(value: &serde_json::Value) -> Expression {
        match value {
            serde_json::Value::Null => Expression::null(),
            serde_json::Value::Bool(b) => Expression::from(*b),
            serde_json::Value::Number(n) => Expression::from(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) if s.contains("${") => {
                let quoted = format!(
                    "\"{}\"",
                    s.replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('\n', "\\n")
                );
                hcl::edit::parser::parse_expr(&quoted)
                    .unwrap_or_else(|_| Expression::from(s.as_str()))
            }
            serde_json::Value::String(s) => Expression::from(s.as_str()),
            serde_json::Value::Array(items) => {
                let mut array = Array::new();
                for item in items {
                    array.push(expression(item));
                }
                Expression::from(array)
            }
            serde_json::Value::Object(map) => {
                let mut object = Object::new();
                for (k, v) in map {
                    object.insert(
                        ObjectKey::Expression(Expression::from(k.as_str())),
                        ObjectValue::new(expression(v)),
                    );
                }
                Expression::from(object)
            }
        }
    }

    /// The line of the `"name"` key that follows the `"type"` key; 1 when not found.
    fn find_line(text: &str, rtype: &str, name: &str) -> u32 {
        let type_key = format!("\"{rtype}\"");
        let name_key = format!("\"{name}\"");
        let Some(t) = text.find(&type_key) else {
            return 1;
        };
        let Some(n) = text[t..].find(&name_key) else {
            return 1;
        };
        let offset = t + n;
        u32::try_from(text[..offset].matches('\n').count() + 1).unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lookup;

    fn module(files: &[(&str, &str)]) -> LoadedModule {
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|(name, text)| SourceFile {
                rel: name.to_string(),
                abs: PathBuf::from(name),
                text: text.to_string(),
            })
            .collect();
        load_module(Path::new("."), &sources, &TerraformOptions::default())
    }

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
    }

    #[test]
    fn variables_locals_and_references() {
        let m = module(&[(
            "main.tf",
            r#"
variable "access" { default = "Disabled" }
variable "nokey" {}
locals { name = "nb-${var.access}" }
resource "aws_kms_key" "k" {}
resource "aws_sagemaker_notebook_instance" "n" {
  name                   = local.name
  direct_internet_access = var.access
  kms_key_id             = aws_kms_key.k.arn
  role_arn               = var.nokey
  network_config {
    enable = true
  }
}
"#,
        )]);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        let nb = m
            .resources
            .iter()
            .find(|r| r.address == "aws_sagemaker_notebook_instance.n")
            .expect("notebook");
        assert_eq!(nb.location.start_line, 6);
        assert_eq!(nb.location.end_line, 14);
        let get = |k: &str| &nb.attr(k).expect(k).value;
        assert_eq!(get("name"), &Value::String("nb-Disabled".into()));
        assert_eq!(
            get("direct_internet_access"),
            &Value::String("Disabled".into())
        );
        assert!(matches!(get("kms_key_id"), Value::Ref(r) if r.address == "aws_kms_key.k"));
        assert!(get("role_arn").is_unknown());
        assert_eq!(nb.attr("kms_key_id").map(|n| n.line), Some(9));
        let enc = lookup(&nb.attributes, "network_config.enable");
        assert_eq!(enc.nodes[0].value, Value::Bool(true));
        assert_eq!(enc.nodes[0].line, 12);
    }

    #[test]
    fn tfvars_override_defaults_and_syntax_errors_are_reported() {
        let m = module(&[
            ("main.tf", "variable \"x\" { default = \"a\" }\nresource \"aws_s3_bucket\" \"b\" { bucket = var.x }\n"),
            ("terraform.tfvars", "x = \"b\"\n"),
            ("broken.tf", "resource \"aws_s3_bucket\" \"c\" {\n  bucket = \n}\n"),
        ]);
        let b = m
            .resources
            .iter()
            .find(|r| r.address == "aws_s3_bucket.b")
            .expect("b");
        assert_eq!(
            b.attr("bucket").map(|n| &n.value),
            Some(&Value::String("b".into()))
        );
        assert_eq!(m.diagnostics.len(), 1);
        assert_eq!(m.diagnostics[0].file, "broken.tf");
        assert!(m.diagnostics[0].line.is_some());
    }

    #[test]
    fn count_zero_removes_resource_and_heredoc_policy_is_text() {
        let m = module(&[(
            "main.tf",
            "resource \"aws_iam_access_key\" \"k\" {\n  count = 0\n}\nresource \"aws_iam_policy\" \"p\" {\n  policy = <<-EOT\n    {\"Version\": \"2012-10-17\"}\n  EOT\n}\n",
        )]);
        assert_eq!(m.resources.len(), 1);
        let p = &m.resources[0];
        assert_eq!(
            p.attr("policy").map(|n| n.value.clone()),
            Some(Value::String("{\"Version\": \"2012-10-17\"}\n".into()))
        );
    }

    #[test]
    fn tf_json_resources_are_read() {
        let m = module(&[(
            "main.tf.json",
            r#"{
  "variable": {"net": {"default": "Enabled"}},
  "resource": {
    "aws_sagemaker_notebook_instance": {
      "nb": {"direct_internet_access": "${var.net}", "instance_type": "ml.t3.medium"}
    }
  }
}"#,
        )]);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        let nb = &m.resources[0];
        assert_eq!(nb.location.start_line, 5);
        assert_eq!(
            nb.attr("direct_internet_access").map(|n| n.value.clone()),
            Some(Value::String("Enabled".into()))
        );
    }
}
