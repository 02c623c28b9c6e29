//! Reporters: each turns a finished, sorted [`Report`] into one output format. They do not
//! filter, deduplicate or choose exit codes.

pub mod json;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::rules::engine::{Finding, UnknownResult};

/// Everything a reporter may show about one scan.
#[derive(Debug)]
pub struct Report<'a> {
    pub version: &'a str,
    pub rules_digest: &'a str,
    pub findings: &'a [Finding],
    /// `Some` with `--show-unknown`.
    pub unknown: Option<&'a [UnknownResult]>,
    pub diagnostics: &'a [Diagnostic],
    pub files: usize,
    pub resources: usize,
}
