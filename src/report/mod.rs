//! Reporters: each turns a finished, sorted [`Report`] into one output format. They do not
//! filter, deduplicate or choose exit codes.

pub mod evidence;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::engine::{Finding, Passed, UnknownResult};
use crate::rules::Rule;

/// Everything a reporter may show about one scan.
#[derive(Debug)]
pub struct Report<'a> {
    pub version: &'a str,
    pub rules_digest: &'a str,
    /// The rules that ran (for SARIF `tool.driver.rules` and JUnit test cases).
    pub rules: &'a [Rule],
    /// Every finding, including suppressed and baselined ones (see `Finding::is_active`).
    pub findings: &'a [Finding],
    /// Rules that passed on a resource.
    pub passed: &'a [Passed],
    /// `Some` with `--show-unknown`.
    pub unknown: Option<&'a [UnknownResult]>,
    pub diagnostics: &'a [Diagnostic],
    pub files: usize,
    pub resources: usize,
    /// Every resource in scope (for inventories).
    pub inventory: &'a [crate::scan::InventoryItem],
    /// What was scanned, when and how (for evidence reports).
    pub provenance: &'a crate::provenance::Provenance,
    /// Absolute directory that SARIF URIs are relative to (`--sarif-root`, else the git top
    /// level, else the current directory).
    pub sarif_root: Option<PathBuf>,
}
