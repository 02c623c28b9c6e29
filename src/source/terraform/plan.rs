//! Terraform plan JSON (`terraform show -json PLANFILE`) into the resource model.
//!
//! `planned_values` (with nested `child_modules`) gives every resource instance with its
//! values. An attribute that is only known after apply is missing from `values` and `true` in
//! the resource change's `after_unknown`: it stays unknown, unless `configuration` shows it is
//! set from another resource (`references`), in which case it is a reference to that resource,
//! as in HCL. When the `.tf` sources are beside the plan (or given with `--tf-root`), each
//! resource and attribute takes its file and line from them; otherwise the plan file's line
//! of the resource's address.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::model::{base_address, Format, Location, Node, Reference, Resource, Value};
use crate::source::SourceFile;

/// Whether a JSON text is a plan (checked before parsing it fully).
pub fn might_be_plan(text: &str) -> bool {
    text.contains("\"planned_values\"") && text.contains("\"format_version\"")
}

/// Resources of a plan. `sources` are the resources of the same configuration read from HCL
/// (for locations), keyed by address.
pub fn load_plan(
    source: &SourceFile,
    sources: &HashMap<String, Resource>,
) -> Result<Vec<Resource>, Diagnostic> {
    let plan: Json = serde_json::from_str(&source.text).map_err(|e| {
        Diagnostic::new(
            &source.rel,
            u32::try_from(e.line()).ok(),
            format!("invalid plan JSON: {e}"),
        )
    })?;
    let unknown_after: HashMap<&str, &Json> = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["address"].as_str()?, &c["change"]["after_unknown"])))
        .collect();
    let mut config = ConfigIndex::default();
    config.index(&plan["configuration"]["root_module"], "", None);

    let mut out = Vec::new();
    let mut modules = vec![&plan["planned_values"]["root_module"]];
    while let Some(module) = modules.pop() {
        modules.extend(module["child_modules"].as_array().into_iter().flatten());
        for r in module["resources"].as_array().into_iter().flatten() {
            let (Some(address), Some(rtype)) = (r["address"].as_str(), r["type"].as_str()) else {
                continue;
            };
            let is_data = r["mode"].as_str() == Some("data");
            let hcl = sources
                .get(address)
                .or_else(|| sources.get(base_address(address)));
            let location = match hcl {
                Some(h) => h.location.clone(),
                None => {
                    let line = line_of(
                        &source.text,
                        &format!("\"address\": \"{}\"", address.replace('"', "\\\"")),
                    );
                    Location {
                        file: source.rel.clone(),
                        start_line: line,
                        end_line: line,
                    }
                }
            };
            let mut attributes = Value::from_json(&r["values"], location.start_line);
            let after_unknown = unknown_after.get(address).copied().unwrap_or(&Json::Null);
            mark_unknown(&mut attributes, after_unknown, location.start_line);
            // References from the configuration turn unknown-after-apply attributes into
            // references to the resources they come from.
            if let Value::Map(entries) = &mut attributes {
                let module_prefix = module_prefix(address);
                for (key, node) in entries.iter_mut() {
                    if !node.value.is_unknown() {
                        continue;
                    }
                    if let Some(target) =
                        config.resolve(base_address(address), key, &module_prefix, 0)
                    {
                        node.value = Value::Ref(target);
                    }
                }
            }
            if let Some(h) = hcl {
                align_lines(&mut attributes, &h.attributes);
            }
            out.push(Resource {
                format: Format::Terraform,
                resource_type: rtype.to_string(),
                address: address.to_string(),
                attributes,
                location,
                is_data,
            });
        }
    }
    Ok(out)
}

/// `module.a.module.b.aws_x.y[0]` → `module.a.module.b.`
fn module_prefix(address: &str) -> String {
    let mut prefix = String::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find('.').map_or(after.len(), |i| i);
        prefix.push_str("module.");
        prefix.push_str(&after[..end]);
        prefix.push('.');
        rest = after.get(end + 1..).unwrap_or("");
    }
    prefix
}

/// Attributes marked `true` in `after_unknown` become unknown; nested objects and lists follow.
fn mark_unknown(value: &mut Value, after_unknown: &Json, line: u32) {
    match after_unknown {
        Json::Bool(true) => *value = Value::unknown("known only after apply"),
        Json::Object(map) => {
            let Value::Map(entries) = value else { return };
            for (key, flag) in map {
                match entries.iter_mut().find(|(k, _)| k == key) {
                    Some((_, node)) => mark_unknown(&mut node.value, flag, line),
                    None if flag == &Json::Bool(true) => entries.push((
                        key.clone(),
                        Node::new(Value::unknown("known only after apply"), line),
                    )),
                    None => {}
                }
            }
        }
        Json::Array(items) => {
            if let Value::List(nodes) = value {
                for (node, flag) in nodes.iter_mut().zip(items) {
                    mark_unknown(&mut node.value, flag, line);
                }
            }
        }
        _ => {}
    }
}

/// Copies lines from the HCL twin of a resource onto the plan's values, key by key.
fn align_lines(plan: &mut Value, hcl: &Value) {
    match (plan, hcl) {
        (Value::Map(entries), Value::Map(hcl_entries)) => {
            for (key, node) in entries.iter_mut() {
                if let Some((_, h)) = hcl_entries.iter().find(|(k, _)| k == key) {
                    node.line = h.line;
                    node.end_line = h.end_line;
                    align_lines(&mut node.value, &h.value);
                }
            }
        }
        (Value::List(items), Value::List(hcl_items)) => {
            for (node, h) in items.iter_mut().zip(hcl_items) {
                node.line = h.line;
                node.end_line = h.end_line;
                align_lines(&mut node.value, &h.value);
            }
        }
        _ => {}
    }
}

/// The line of the first occurrence of `needle`, 1 when absent.
fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle).map_or(1, |i| {
        u32::try_from(text[..i].matches('\n').count() + 1).unwrap_or(1)
    })
}

/// `configuration`: for each resource (by full address without instance key) the references
/// of each attribute, and for each module call the references of each argument.
#[derive(Default)]
struct ConfigIndex {
    /// (resource address, attribute) → references
    attributes: HashMap<(String, String), Vec<String>>,
    /// (module prefix `module.a.`, variable) → (references, prefix of the caller)
    arguments: HashMap<(String, String), (Vec<String>, String)>,
    /// Every resource address in the configuration.
    resources: std::collections::HashSet<String>,
}

impl ConfigIndex {
    fn index(&mut self, module: &Json, prefix: &str, _caller: Option<&str>) {
        for r in module["resources"].as_array().into_iter().flatten() {
            let Some(local) = r["address"].as_str() else {
                continue;
            };
            let address = format!("{prefix}{local}");
            self.resources.insert(address.clone());
            for (attr, expr) in r["expressions"].as_object().into_iter().flatten() {
                if let Some(refs) = references(expr) {
                    self.attributes
                        .insert((address.clone(), attr.clone()), refs);
                }
            }
        }
        for (name, call) in module["module_calls"].as_object().into_iter().flatten() {
            let child = format!("{prefix}module.{name}.");
            for (arg, expr) in call["expressions"].as_object().into_iter().flatten() {
                if let Some(refs) = references(expr) {
                    self.arguments
                        .insert((child.clone(), arg.clone()), (refs, prefix.to_string()));
                }
            }
            self.index(&call["module"], &child, Some(prefix));
        }
    }

    /// The resource an attribute of `address` (in module `prefix`) refers to, following
    /// `var.x` to the module call's argument.
    fn resolve(
        &self,
        address: &str,
        attribute: &str,
        prefix: &str,
        depth: u32,
    ) -> Option<Reference> {
        let refs = self
            .attributes
            .get(&(address.to_string(), attribute.to_string()))?;
        self.first_resource(refs, prefix, depth)
    }

    fn first_resource(&self, refs: &[String], prefix: &str, depth: u32) -> Option<Reference> {
        if depth > 16 {
            return None;
        }
        for r in refs {
            if let Some(var) = r.strip_prefix("var.") {
                let (arg_refs, caller) =
                    self.arguments.get(&(prefix.to_string(), var.to_string()))?;
                return self.first_resource(arg_refs, caller, depth + 1);
            }
            // `aws_kms_key.ml.arn` → resource `aws_kms_key.ml`, attribute `arn`.
            let parts: Vec<&str> = r.split('.').collect();
            for split in (2..=parts.len()).rev() {
                let candidate = format!("{prefix}{}", parts[..split].join("."));
                if self.resources.contains(&candidate) {
                    return Some(Reference {
                        address: candidate,
                        attribute: parts[split..].join("."),
                    });
                }
            }
        }
        None
    }
}

fn references(expr: &Json) -> Option<Vec<String>> {
    let refs: Vec<String> = expr["references"]
        .as_array()?
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect();
    (!refs.is_empty()).then_some(refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(module_prefix("aws_x.y"), "");
        assert_eq!(module_prefix("module.a.aws_x.y[0]"), "module.a.");
        assert_eq!(
            module_prefix("module.a.module.b.aws_x.y"),
            "module.a.module.b."
        );
    }
}
