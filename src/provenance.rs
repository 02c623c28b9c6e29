//! Where a scan's results came from: when, by which command, over which inputs (with their
//! SHA-256), and the state of the git repository. Evidence reports show it so an auditor can
//! tell what was looked at and reproduce it.

use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::suppress::Date;

/// One input file that was read.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

/// The git state of the directory scanned, when it is in a git work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitState {
    pub commit: String,
    /// Uncommitted changes (tracked or untracked) existed when the scan ran.
    pub dirty: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// RFC 3339, UTC, whole seconds.
    pub started_utc: String,
    pub command_line: Vec<String>,
    pub roots: Vec<String>,
    pub inputs: Vec<InputFile>,
    pub git: Option<GitState>,
    /// For `aiposture audit`: what was read from AWS Config.
    pub live: Option<LiveAudit>,
}

/// The scope of a live audit, for the evidence report's provenance.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LiveAudit {
    /// The Config aggregator read, when the audit covered an organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregator: Option<String>,
    /// The regions read (with an aggregator: the aggregator's region).
    pub regions: Vec<String>,
    /// Regions not audited and why (`--all-regions`: not recording, not enabled).
    pub regions_not_audited: Vec<RegionSkipped>,
    /// The accounts items came from.
    pub accounts: Vec<String>,
    /// The resource types asked for.
    pub resource_types: Vec<String>,
    /// Configuration items read.
    pub items: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionSkipped {
    pub region: String,
    pub reason: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, as `2026-11-21T23:59:01Z`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Date(y, m, d) = Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// The commit and dirtiness of the work tree containing `dir`; `None` outside git (or
/// without a git binary). Read-only: it runs `git rev-parse` and `git status`.
pub fn git_state(dir: &Path) -> Option<GitState> {
    let run = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let commit = run(&["rev-parse", "HEAD"])?;
    let status = run(&["status", "--porcelain"])?;
    Some(GitState {
        commit,
        dirty: !status.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_shape() {
        let t = now_utc();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z'));
        assert_eq!(&t[4..5], "-");
    }

    #[test]
    fn hash() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
