//! One scan from paths to findings: discover, read and parse in parallel, build a resource set
//! per Terraform module directory, evaluate the rules, and keep the findings in scope.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::baseline::{self, Baseline};
use crate::diagnostic::Diagnostic;
use crate::discover::{self, Discovered, Kind};
use crate::model::Resource;
use crate::model::ResourceSet;
use crate::provenance::{sha256_hex, InputFile};
use crate::rules::cond::Settings;
use crate::rules::engine::{self, Evaluation, ResourceRef};
use crate::rules::Rule;
use crate::source::awsconfig;
use crate::source::cloudformation::{self, CfnOptions};
use crate::source::terraform::{self, plan, TerraformOptions};
use crate::source::{read_source, SourceFile};
use crate::suppress::{self, Date, Waiver};

pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub excludes: Vec<String>,
    pub max_file_size: u64,
    pub terraform: TerraformOptions,
    pub cloudformation: CfnOptions,
    /// Where the `.tf` sources of a plan JSON are (default: the plan's directory).
    pub tf_root: Option<PathBuf>,
    /// Waivers from the waiver file and the config (inline ignores are read from the sources).
    pub waivers: Vec<Waiver>,
    pub baseline: Option<Baseline>,
    /// The day expiry dates are compared with; `None` means today (UTC).
    pub today: Option<Date>,
    /// Settings some rules read (required tags).
    pub settings: Settings,
}

impl ScanOptions {
    pub fn new(paths: Vec<PathBuf>) -> ScanOptions {
        ScanOptions {
            paths,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            ..ScanOptions::default()
        }
    }
}

#[derive(Debug)]
pub struct ScanOutcome {
    pub evaluation: Evaluation,
    pub diagnostics: Vec<Diagnostic>,
    /// Input files read (in scope or loaded for context).
    pub files: usize,
    pub bytes: u64,
    pub resources: usize,
    /// Findings accepted by a suppression or waiver.
    pub suppressed: usize,
    /// Findings known from the baseline.
    pub baselined: usize,
    /// Every input file read (Terraform files and templates), with its SHA-256, by path.
    pub inputs: Vec<InputFile>,
    /// Every resource in scope, for inventories.
    pub inventory: Vec<InventoryItem>,
}

/// A resource found by the scan.
#[derive(Debug, Clone)]
pub struct InventoryItem {
    pub resource: ResourceRef,
    pub location: crate::model::Location,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{path}: no such file or directory")]
    Missing { path: String },
    #[error("{0}")]
    Usage(String),
}

/// Module sources may not leave this directory: the git work tree of the first path, or else
/// the first path itself (its directory, for a file).
fn repository_boundary(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = std::fs::canonicalize(paths.first()?).ok()?;
    let start = if first.is_file() {
        first.parent()?.to_path_buf()
    } else {
        first
    };
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    Some(start)
}

/// Reads a YAML/JSON file that may or may not be a CloudFormation template. Problems are
/// reported only when the file looks like a template; for any other file they are silent
/// (an empty message), since such files are not aiposture's to judge.
fn read_structured(abs: &Path, rel: &str, max_bytes: u64) -> Result<SourceFile, Diagnostic> {
    if rel.ends_with(".json.gz") {
        // Only Config snapshots are read compressed; anything else stays quiet.
        return crate::source::read_gzip(abs, rel, max_bytes).and_then(|s| {
            if crate::source::awsconfig::might_be_config(&s.text) {
                Ok(s)
            } else {
                Err(Diagnostic::new(rel, None, String::new()))
            }
        });
    }
    match read_source(abs, rel, max_bytes) {
        Ok(source) => Ok(source),
        Err(d) => {
            use std::io::Read;
            let mut prefix = vec![0u8; 64 * 1024];
            let n = std::fs::File::open(abs)
                .and_then(|mut f| f.read(&mut prefix))
                .unwrap_or(0);
            let head = String::from_utf8_lossy(prefix.get(..n).unwrap_or_default());
            if cloudformation::might_be_template(&head) {
                Err(d)
            } else {
                Err(Diagnostic::new(rel, None, String::new()))
            }
        }
    }
}

/// Scans `options.paths` with `rules`. A file named directly is reported on alone, but its
/// whole directory is loaded so variables and references resolve (the pre-commit case).
pub fn scan(rules: &[Rule], options: &ScanOptions) -> Result<ScanOutcome, ScanError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut diagnostics = Vec::new();
    let mut found: BTreeMap<String, Discovered> = BTreeMap::new();
    // Findings are reported for files under these directories, and for these files.
    let mut scope_dirs: Vec<String> = Vec::new();
    let mut scope_files: BTreeSet<String> = BTreeSet::new();

    for path in &options.paths {
        let meta = std::fs::metadata(path).map_err(|_| ScanError::Missing {
            path: path.display().to_string(),
        })?;
        if meta.is_dir() {
            let (files, diags) =
                discover::walk(path, &options.excludes, &cwd).map_err(ScanError::Usage)?;
            diagnostics.extend(diags);
            scope_dirs.push(discover::display_path(path, &cwd));
            for f in files {
                found.insert(f.rel.clone(), f);
            }
        } else {
            let rel = discover::display_path(path, &cwd);
            let Some(kind) = discover::classify(path) else {
                diagnostics.push(Diagnostic::new(
                    &rel,
                    None,
                    "not a recognised input (expected .tf, .tf.json, .tfvars, or a CloudFormation .yaml/.yml/.json/.template); skipped".into(),
                ));
                continue;
            };
            scope_files.insert(rel.clone());
            found.entry(rel.clone()).or_insert(Discovered {
                path: path.clone(),
                rel,
                kind,
            });
            if kind != Kind::Terraform {
                // A template is self-contained.
                continue;
            }
            // Load the file's whole Terraform module for context, without recursing.
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for entry in entries.flatten() {
                    let p = entry.path();
                    if !p.is_file() || discover::classify(&p) != Some(Kind::Terraform) {
                        continue;
                    }
                    let p = if dir == Path::new(".") {
                        PathBuf::from(entry.file_name())
                    } else {
                        p
                    };
                    let rel = discover::display_path(&p, &cwd);
                    found.entry(rel.clone()).or_insert(Discovered {
                        path: p,
                        rel,
                        kind: Kind::Terraform,
                    });
                }
            }
        }
    }

    let files: Vec<&Discovered> = found.values().collect();
    let read: Vec<(Kind, Result<SourceFile, Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let read = match f.kind {
                Kind::Terraform => read_source(&f.path, &f.rel, options.max_file_size),
                Kind::Structured => read_structured(&f.path, &f.rel, options.max_file_size),
            };
            (f.kind, read)
        })
        .collect();
    let in_scope = |file: &str| {
        scope_files.contains(file)
            || scope_dirs
                .iter()
                .any(|d| d == "." || file.starts_with(&format!("{d}/")))
    };
    let mut modules: BTreeMap<PathBuf, Vec<SourceFile>> = BTreeMap::new();
    let mut structured: Vec<SourceFile> = Vec::new();
    for (kind, r) in read {
        match (kind, r) {
            (Kind::Terraform, Ok(source)) => {
                let dir = source
                    .abs
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                modules.entry(dir).or_default().push(source);
            }
            (Kind::Structured, Ok(source)) => structured.push(source),
            (_, Err(d)) if d.message.is_empty() => {}
            (_, Err(d)) => diagnostics.push(d),
        }
    }

    // A plan JSON is recognised by content, like a template; other files drop out here.
    let (plan_sources, structured): (Vec<SourceFile>, Vec<SourceFile>) = structured
        .into_iter()
        .partition(|s| !cloudformation::might_be_template(&s.text) && plan::might_be_plan(&s.text));
    // AWS Config snapshots and CLI output: each file is its own unit. The cheap template test
    // cannot tell them apart (a Config item of a SageMaker monitoring job definition holds
    // `JobResources` and `AWS::`), so a file that could be either is read as Config first and
    // goes on to the templates only when its root holds no Config items. A file that declares
    // `AWSTemplateFormatVersion` is a template.
    let (config_sources, mut structured): (Vec<SourceFile>, Vec<SourceFile>) =
        structured.into_iter().partition(|s| {
            awsconfig::might_be_config(&s.text) && !s.text.contains("AWSTemplateFormatVersion")
        });
    let candidates: Vec<(SourceFile, Option<awsconfig::Loaded>)> = config_sources
        .into_par_iter()
        .map(|s| {
            let loaded = awsconfig::load_config_file(&s);
            (s, loaded)
        })
        .collect();
    let mut configs: Vec<(SourceFile, Option<awsconfig::Loaded>)> = Vec::new();
    for (s, loaded) in candidates {
        if loaded.is_none() && cloudformation::might_be_template(&s.text) {
            structured.push(s);
        } else {
            configs.push((s, loaded));
        }
    }
    // Each template is its own unit.
    let templates: Vec<(SourceFile, Result<Vec<Resource>, Diagnostic>)> = structured
        .into_par_iter()
        .filter_map(|source| {
            let loaded = cloudformation::load_template(&source, &options.cloudformation)?;
            Some((source, loaded))
        })
        .collect();
    // A plan stands for the configuration it was made from: that directory is not also
    // evaluated as HCL (its findings would be reported twice), only read for locations.
    let mut plans: Vec<(SourceFile, Result<Vec<Resource>, Diagnostic>)> = Vec::new();
    let mut plan_scopes: Vec<String> = Vec::new();
    for source in plan_sources {
        let tf_root = options
            .tf_root
            .clone()
            .or_else(|| source.abs.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let canonical = std::fs::canonicalize(&tf_root).unwrap_or(tf_root.clone());
        // The plan covers the root and the local modules below it.
        modules.retain(|dir, _| {
            !std::fs::canonicalize(dir)
                .unwrap_or(dir.clone())
                .starts_with(&canonical)
        });
        // Its findings point into the .tf sources: those are in scope when the plan is.
        if in_scope(&source.rel) {
            plan_scopes.push(discover::display_path(&tf_root, &cwd));
        }
        let hcl =
            terraform::resources_by_address(&tf_root, &options.terraform, options.max_file_size);
        let loaded = plan::load_plan(&source, &hcl);
        plans.push((source, loaded));
    }

    let mut bytes = 0u64;
    let mut file_count = 0usize;
    let mut inline = Vec::new();
    let mut inputs = Vec::new();
    let all_sources: Vec<&SourceFile> = modules
        .values()
        .flatten()
        .chain(templates.iter().map(|(s, _)| s))
        .chain(plans.iter().map(|(s, _)| s))
        .chain(configs.iter().filter(|(_, l)| l.is_some()).map(|(s, _)| s))
        .collect();
    // Hashing and the suppression-comment scan read every byte: do them in parallel.
    let per_file: Vec<(InputFile, Vec<suppress::Inline>, Vec<Diagnostic>)> = all_sources
        .par_iter()
        .map(|source| {
            let input = InputFile {
                file: source.rel.clone(),
                sha256: sha256_hex(source.text.as_bytes()),
                bytes: source.text.len() as u64,
            };
            let (found, diags) = if in_scope(&source.rel) {
                suppress::scan_inline(&source.rel, &source.text, rules)
            } else {
                (Vec::new(), Vec::new())
            };
            (input, found, diags)
        })
        .collect();
    for (input, found, diags) in per_file {
        bytes += input.bytes;
        file_count += 1;
        inputs.push(input);
        inline.extend(found);
        diagnostics.extend(diags);
    }

    let boundary = repository_boundary(&options.paths);
    let mut loaded: Vec<(Vec<Diagnostic>, ResourceSet)> =
        terraform::load_roots(modules, &options.terraform, options.max_file_size, boundary)
            .into_iter()
            .map(|m| {
                (
                    m.diagnostics,
                    ResourceSet::new(m.resources).with_default_tags(m.default_tags),
                )
            })
            .collect();
    for (_, loaded_config) in configs {
        if let Some((resources, diags)) = loaded_config {
            loaded.push((diags, ResourceSet::new(resources)));
        }
    }
    for (_, template) in templates.into_iter().chain(plans) {
        match template {
            Ok(resources) => loaded.push((Vec::new(), ResourceSet::new(resources))),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut sets = Vec::with_capacity(loaded.len());
    for (diags, set) in loaded {
        diagnostics.extend(diags);
        sets.push(set);
    }
    let resources = sets.iter().map(|s| s.resources.len()).sum();
    let starts: HashMap<(String, String), u32> = sets
        .iter()
        .flat_map(|s| s.resources.iter())
        .map(|r| {
            (
                (r.location.file.clone(), r.address.clone()),
                r.location.start_line,
            )
        })
        .collect();

    let mut inventory: Vec<InventoryItem> = sets
        .iter()
        .flat_map(|s| s.resources.iter())
        .filter(|r| in_scope(&r.location.file))
        .map(|r| InventoryItem {
            resource: ResourceRef::of(r),
            location: r.location.clone(),
        })
        .collect();
    inventory.sort_by(|a, b| {
        (&a.location.file, a.location.start_line, &a.resource.address).cmp(&(
            &b.location.file,
            b.location.start_line,
            &b.resource.address,
        ))
    });
    inputs.sort_by(|a, b| a.file.cmp(&b.file));

    let in_scope = |file: &str| {
        in_scope(file)
            || plan_scopes
                .iter()
                .any(|d| d == "." || file.starts_with(&format!("{d}/")))
    };
    let mut evaluation = engine::run(rules, &sets, &options.settings);
    evaluation.findings.retain(|f| in_scope(&f.location.file));
    evaluation.unknown.retain(|u| in_scope(&u.location.file));
    diagnostics.retain(|d| in_scope(&d.file) || !d.file.ends_with(".tf"));
    diagnostics.sort();
    diagnostics.dedup();

    let today = options.today.unwrap_or_else(Date::today);
    // A scan of named files cannot tell whether a waiver matches something elsewhere.
    let report_unused = scope_files.is_empty();
    let meta = suppress::apply(
        &mut evaluation.findings,
        &starts,
        &inline,
        &options.waivers,
        rules,
        today,
        report_unused,
    );
    evaluation.findings.extend(meta);
    evaluation
        .findings
        .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let baselined = match &options.baseline {
        Some(b) => baseline::apply(&mut evaluation.findings, b),
        None => 0,
    };
    let suppressed = evaluation
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();

    Ok(ScanOutcome {
        evaluation,
        diagnostics,
        files: file_count,
        bytes,
        resources,
        suppressed,
        baselined,
        inputs,
        inventory,
    })
}
