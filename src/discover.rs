//! Finding input files: walks directories with the `ignore` crate (honouring `.gitignore` and
//! `.ignore`, also outside a git repository), skips `.terraform/` and `.git/`, applies
//! `--exclude` globs, and classifies each file by format.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use crate::diagnostic::Diagnostic;

/// What a file is, as far as discovery can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `*.tf`, `*.tf.json`, and variable files (`*.tfvars`, `*.tfvars.json`).
    Terraform,
    /// YAML or JSON that may be a CloudFormation template (decided by content when read).
    Structured,
}

#[derive(Debug, Clone)]
pub struct Discovered {
    pub path: PathBuf,
    /// Path shown in output: relative to the current directory when inside it, `/` separated.
    pub rel: String,
    pub kind: Kind,
}

pub fn classify(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
    {
        return Some(Kind::Terraform);
    }
    let lower = name.to_ascii_lowercase();
    if [".yaml", ".yml", ".json", ".template", ".json.gz"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return Some(Kind::Structured);
    }
    None
}

/// The path as shown in reports.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    // `dir/` (as shell completion writes it) is the same directory as `dir`.
    let s = s.trim_start_matches("./").trim_end_matches('/');
    if s.is_empty() {
        ".".to_string()
    } else {
        s.to_string()
    }
}

/// Walks `root` and returns every input file below it. Walk errors (unreadable directories,
/// broken links) are returned as diagnostics; the walk goes on.
pub fn walk(
    root: &Path,
    excludes: &[String],
    cwd: &Path,
) -> Result<(Vec<Discovered>, Vec<Diagnostic>), String> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in excludes {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("invalid --exclude glob `{glob}`: {e}"))?;
    }
    let overrides = overrides
        .build()
        .map_err(|e| format!("invalid --exclude globs: {e}"))?;
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .git_ignore(true)
        .ignore(true)
        .parents(true)
        .overrides(overrides)
        .filter_entry(|e| {
            let name = e.file_name();
            !(e.file_type().is_some_and(|t| t.is_dir()) && (name == ".terraform" || name == ".git"))
        })
        .build();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if let Some(kind) = classify(e.path()) {
                    files.push(Discovered {
                        rel: display_path(e.path(), cwd),
                        path: e.into_path(),
                        kind,
                    });
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => display_path(path, cwd),
                    _ => display_path(root, cwd),
                };
                diagnostics.push(Diagnostic::new(&path, None, format!("cannot walk: {err}")));
            }
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok((files, diagnostics))
}
