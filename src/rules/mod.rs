//! Rules: what they are ([`Rule`]), how they are loaded ([`load`]), the condition language
//! ([`cond`]), checks written in Rust ([`native`]) and the parallel engine ([`engine`]).

pub mod cond;
pub mod coverage;
pub mod docs;
pub mod engine;
pub mod explain;
pub mod load;
pub mod native;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fixed vocabulary of finding categories (DESIGN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    EncryptionInTransit,
    EncryptionAtRest,
    PublicExposure,
    IamPrivilege,
    NetworkIsolation,
    Credentials,
    Guardrails,
    LoggingMonitoring,
    Hardening,
    Governance,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::EncryptionInTransit => "encryption-in-transit",
            Category::EncryptionAtRest => "encryption-at-rest",
            Category::PublicExposure => "public-exposure",
            Category::IamPrivilege => "iam-privilege",
            Category::NetworkIsolation => "network-isolation",
            Category::Credentials => "credentials",
            Category::Guardrails => "guardrails",
            Category::LoggingMonitoring => "logging-monitoring",
            Category::Hardening => "hardening",
            Category::Governance => "governance",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check of a rule for one input format.
#[derive(Debug)]
pub struct Check {
    pub format: Format,
    pub resource_types: Vec<String>,
    pub condition: cond::Cond,
    /// Message template: `{attr}`, `{value}` and `{detail}` are filled from the evidence.
    pub message: String,
}

/// A rule, as loaded from its YAML file.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub description: String,
    pub remediation: String,
    pub snippets: BTreeMap<Format, String>,
    pub references: Vec<String>,
    pub frameworks: BTreeMap<String, Vec<String>>,
    pub frameworks_note: Option<String>,
    pub aliases: Vec<String>,
    pub deprecated: bool,
    /// A rule about aiposture's own controls (expired or unused suppressions): it has no
    /// checks; the suppression logic raises its findings.
    pub meta: bool,
    /// Rows of the coverage target this rule implements (docs/coverage.md).
    pub coverage: Vec<u32>,
    /// Formats where this rule cannot have a side, and why.
    pub unsupported: BTreeMap<Format, String>,
    pub checks: Vec<Check>,
    /// The file the rule came from (`rules/AIP-SM-001.yaml` or a user path).
    pub origin: String,
}

impl Rule {
    pub fn formats(&self) -> Vec<Format> {
        let mut f: Vec<Format> = self.checks.iter().map(|c| c.format).collect();
        f.sort();
        f.dedup();
        f
    }
}
