//! Terraform HCL (`*.tf`, `*.tf.json`, `*.tfvars`) into the resource model.
//!
//! Files are parsed per directory, in parallel, with `hcl-edit` (which keeps byte spans). A
//! directory that another scanned directory calls as a local module is not a root; every
//! root is instantiated ([`modules`]): variables (defaults, `terraform.tfvars`,
//! `*.auto.tfvars`, `--var-file`, `--var`), locals, `count`/`for_each` instances, `dynamic`
//! blocks, and module calls with their arguments and outputs, children's resources getting
//! `module.NAME.` addresses. One root and everything it calls form one resource set, so
//! relations across modules are found.

mod eval;
mod functions;
mod modules;
pub mod plan;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use hcl::edit::structure::{Block, Body};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Resource, Value};
use crate::source::SourceFile;

pub use modules::load_roots;

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

/// Variable values given on the command line, applied after a root module's own files.
#[derive(Debug, Default, Clone)]
pub struct TerraformOptions {
    pub var_files: Vec<PathBuf>,
    pub vars: Vec<(String, String)>,
}

/// A parsed `.tf` or `.tf.json` file.
pub(crate) struct ParsedFile {
    pub source: SourceFile,
    pub body: Body,
    pub lines: LineIndex,
    /// For `.tf.json`: the line of each `type.name` key, since JSON bodies carry no spans.
    pub json_lines: Option<HashMap<String, u32>>,
}

/// A parsed directory: its configuration files, variable files, and parse errors.
pub(crate) struct ParsedDir {
    pub dir: PathBuf,
    pub files: Vec<ParsedFile>,
    pub tfvars: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of loading one root module (and everything it calls).
#[derive(Debug, Default)]
pub struct LoadedModule {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// `default_tags` of each `provider "aws"` block, keyed `aws` or `aws.ALIAS`.
    pub default_tags: Vec<(String, Value)>,
}

/// Loads one directory as a root module (the files must all be in `dir`).
pub fn load_module(dir: &Path, files: &[SourceFile], options: &TerraformOptions) -> LoadedModule {
    let mut dirs = BTreeMap::new();
    dirs.insert(dir.to_path_buf(), files.to_vec());
    load_roots(dirs, options, u64::MAX, None)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The resources of the configuration in `dir` (read for the locations a plan's findings point
/// at), by address.
pub fn resources_by_address(
    dir: &Path,
    options: &TerraformOptions,
    max_file_size: u64,
) -> HashMap<String, Resource> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if crate::discover::classify(&path) != Some(crate::discover::Kind::Terraform) {
                continue;
            }
            let rel = crate::discover::display_path(&path, &cwd);
            if let Ok(f) = crate::source::read_source(&path, &rel, max_file_size) {
                files.push(f);
            }
        }
    }
    let mut dirs = BTreeMap::new();
    dirs.insert(dir.to_path_buf(), files);
    load_roots(dirs, options, max_file_size, None)
        .into_iter()
        .flat_map(|m| m.resources)
        .map(|r| (r.address.clone(), r))
        .collect()
}

pub(crate) fn parse_dir(dir: PathBuf, files: Vec<SourceFile>) -> ParsedDir {
    let (config, tfvars): (Vec<SourceFile>, Vec<SourceFile>) =
        files.into_iter().partition(|f| is_config_file(&f.rel));
    let parsed: Vec<Result<ParsedFile, Diagnostic>> =
        config.into_par_iter().map(parse_file).collect();
    let mut out = ParsedDir {
        dir,
        files: Vec::new(),
        tfvars,
        diagnostics: Vec::new(),
    };
    for p in parsed {
        match p {
            Ok(f) => out.files.push(f),
            Err(d) => out.diagnostics.push(d),
        }
    }
    out.files.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
    out
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

fn parse_file(source: SourceFile) -> Result<ParsedFile, Diagnostic> {
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

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
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
