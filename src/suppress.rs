//! Suppressions are controls, not buttons. A finding is accepted either inline
//! (`# aiposture:ignore AIP-SM-005 reason="..." expires=2026-12-31` on or above the
//! resource) or by a waiver (`.aiposture-waivers.yaml` or `[[waivers]]` in the config) with
//! who approved it and until when. Accepted findings stay in every output, marked. An expired
//! suppression stops suppressing and is itself reported (AIP-SUP-001); one that matches nothing
//! is reported too (AIP-SUP-002), so suppressions cannot rot unseen.

use std::collections::HashMap;
use std::path::Path;

use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::{Format, Location};
use crate::rules::engine::{fingerprint, Finding, ResourceRef, Suppression, SuppressionKind};
use crate::rules::Rule;

pub const WAIVER_FILE: &str = ".aiposture-waivers.yaml";
pub const EXPIRED_RULE: &str = "AIP-SUP-001";
pub const UNUSED_RULE: &str = "AIP-SUP-002";

/// A calendar date, compared as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub i32, pub u32, pub u32);

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let y: i32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (s.trim().len() == 10 && (1..=days).contains(&d)).then_some(Date(y, m, d))
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date(
            i32::try_from(y).unwrap_or(1970),
            u32::try_from(m).unwrap_or(1),
            u32::try_from(d).unwrap_or(1),
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// A date written as a string (YAML, TOML) or as a TOML date literal.
fn date_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Toml(toml::value::Datetime),
    }
    Ok(Option::<Either>::deserialize(d)?.map(|e| match e {
        Either::Text(s) => s,
        Either::Toml(t) => t.to_string(),
    }))
}

/// One waiver as written. Required fields are checked after parsing so the error can say
/// which one is missing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    pub rule: Option<String>,
    /// Resource address glob (`aws_sagemaker_notebook_instance.research`, `module.ml.*`).
    pub resource: Option<String>,
    /// Optional file glob the finding must be in.
    pub file: Option<String>,
    pub reason: Option<String>,
    #[serde(alias = "approved-by")]
    pub approved_by: Option<String>,
    #[serde(alias = "approved-on", default, deserialize_with = "date_string")]
    pub approved_on: Option<String>,
    #[serde(default, deserialize_with = "date_string")]
    pub expires: Option<String>,
    pub ticket: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverFile {
    waivers: Vec<Spanned<WaiverEntry>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct WaiverError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// A validated waiver.
#[derive(Debug)]
pub struct Waiver {
    pub rule: String,
    pub resource: String,
    resource_glob: GlobMatcher,
    file_glob: Option<GlobMatcher>,
    pub reason: String,
    pub approved_by: String,
    pub approved_on: Option<String>,
    pub expires: Date,
    pub ticket: Option<String>,
    pub source_file: String,
    pub source_line: u32,
}

/// An inline `aiposture:ignore` comment.
#[derive(Debug)]
pub struct Inline {
    pub rules: Vec<String>,
    pub reason: String,
    pub expires: Option<Date>,
    pub ticket: Option<String>,
    pub file: String,
    pub line: u32,
}

pub fn validate_waiver(
    entry: &WaiverEntry,
    file: &str,
    line: u64,
    rules: &[Rule],
) -> Result<Waiver, WaiverError> {
    let err = |message: String| WaiverError {
        file: file.to_string(),
        line,
        message,
    };
    let need = |v: &Option<String>, name: &str| -> Result<String, WaiverError> {
        match v.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => Ok(s.to_string()),
            _ => Err(err(format!(
                "waiver without `{name}`: a waiver must say which rule and resource, why, who approved it and until when"
            ))),
        }
    };
    let rule = need(&entry.rule, "rule")?;
    let resource = need(&entry.resource, "resource")?;
    let reason = need(&entry.reason, "reason")?;
    let approved_by = need(&entry.approved_by, "approved_by")?;
    let expires_text = need(&entry.expires, "expires")?;
    let expires = Date::parse(&expires_text).ok_or_else(|| {
        err(format!(
            "expires `{expires_text}` is not a date (YYYY-MM-DD)"
        ))
    })?;
    if let Some(on) = &entry.approved_on {
        if Date::parse(on).is_none() {
            return Err(err(format!(
                "approved_on `{on}` is not a date (YYYY-MM-DD)"
            )));
        }
    }
    let Some(known) = canonical_rule(&rule, rules) else {
        return Err(err(format!("waiver names unknown rule `{rule}`")));
    };
    let resource_glob = Glob::new(&resource)
        .map_err(|e| err(format!("resource pattern `{resource}`: {e}")))?
        .compile_matcher();
    let file_glob = match &entry.file {
        Some(f) => Some(
            Glob::new(f)
                .map_err(|e| err(format!("file pattern `{f}`: {e}")))?
                .compile_matcher(),
        ),
        None => None,
    };
    Ok(Waiver {
        rule: known,
        resource,
        resource_glob,
        file_glob,
        reason,
        approved_by,
        approved_on: entry.approved_on.clone(),
        expires,
        ticket: entry.ticket.clone(),
        source_file: file.to_string(),
        source_line: u32::try_from(line).unwrap_or(1),
    })
}

/// Loads a waiver file (`waivers:` list). Any mistake stops the run with file and line.
pub fn load_waiver_file(
    path: &Path,
    shown: &str,
    rules: &[Rule],
) -> Result<Vec<Waiver>, WaiverError> {
    let text = std::fs::read_to_string(path).map_err(|e| WaiverError {
        file: shown.to_string(),
        line: 1,
        message: format!("cannot read waiver file: {e}"),
    })?;
    let parsed: WaiverFile = serde_saphyr::from_str(&text).map_err(|e| WaiverError {
        file: shown.to_string(),
        line: e.location().map_or(1, |l| l.line()),
        message: e
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid waiver file")
            .to_string(),
    })?;
    parsed
        .waivers
        .iter()
        .map(|w| validate_waiver(&w.value, shown, w.referenced.line(), rules))
        .collect()
}

/// The canonical id of a rule named by id, alias or slug.
fn canonical_rule(name: &str, rules: &[Rule]) -> Option<String> {
    rules
        .iter()
        .find(|r| {
            r.id.eq_ignore_ascii_case(name)
                || r.slug == name
                || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map(|r| r.id.clone())
}

/// Finds `aiposture:ignore` comments in a source file. Malformed ones are diagnostics: an
/// ignore without a reason does not suppress anything.
pub fn scan_inline(file: &str, text: &str, rules: &[Rule]) -> (Vec<Inline>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("aiposture:ignore") else {
            continue;
        };
        let before = &line[..at];
        if !(before.contains('#') || before.contains("//") || before.contains("/*")) {
            continue;
        }
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rest = &line[at + "aiposture:ignore".len()..];
        let rest = rest.trim_end().trim_end_matches("*/");
        let mut words = Tokens {
            s: rest.trim_start(),
        };
        let Some(ids) = words.next_word() else {
            diags.push(Diagnostic::new(
                file,
                Some(line_no),
                "aiposture:ignore names no rule".into(),
            ));
            continue;
        };
        let mut rules_named = Vec::new();
        let mut bad = false;
        for id in ids.split(',').filter(|s| !s.is_empty()) {
            match canonical_rule(id, rules) {
                Some(r) => rules_named.push(r),
                None => {
                    diags.push(Diagnostic::new(
                        file,
                        Some(line_no),
                        format!("aiposture:ignore names unknown rule `{id}`"),
                    ));
                    bad = true;
                }
            }
        }
        let (mut reason, mut expires, mut ticket) = (None, None, None);
        while let Some((key, value)) = words.next_pair() {
            match key.as_str() {
                "reason" => reason = Some(value),
                "expires" => match Date::parse(&value) {
                    Some(d) => expires = Some(d),
                    None => {
                        diags.push(Diagnostic::new(
                            file,
                            Some(line_no),
                            format!(
                                "aiposture:ignore expires=`{value}` is not a date (YYYY-MM-DD)"
                            ),
                        ));
                        bad = true;
                    }
                },
                "ticket" => ticket = Some(value),
                other => {
                    diags.push(Diagnostic::new(
                        file,
                        Some(line_no),
                        format!("aiposture:ignore has unknown field `{other}` (reason, expires, ticket)"),
                    ));
                    bad = true;
                }
            }
        }
        let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
            diags.push(Diagnostic::new(
                file,
                Some(line_no),
                "aiposture:ignore without reason=\"...\" is not accepted; the finding stays".into(),
            ));
            continue;
        };
        if bad || rules_named.is_empty() {
            continue;
        }
        out.push(Inline {
            rules: rules_named,
            reason,
            expires,
            ticket,
            file: file.to_string(),
            line: line_no,
        });
    }
    (out, diags)
}

/// `key=value` and `key="quoted value"` pairs after the rule ids.
struct Tokens<'a> {
    s: &'a str,
}

impl Tokens<'_> {
    fn next_word(&mut self) -> Option<String> {
        let s = self.s.trim_start();
        if s.is_empty() {
            return None;
        }
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        let word = s[..end].to_string();
        self.s = &s[end..];
        Some(word)
    }

    fn next_pair(&mut self) -> Option<(String, String)> {
        let s = self.s.trim_start();
        let eq = s.find('=')?;
        let key = s[..eq].trim().to_string();
        let after = &s[eq + 1..];
        if let Some(quoted) = after.strip_prefix('"') {
            let close = quoted.find('"').unwrap_or(quoted.len());
            let value = quoted[..close].to_string();
            self.s = quoted.get(close + 1..).unwrap_or("");
            Some((key, value))
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            let value = after[..end].to_string();
            self.s = &after[end..];
            Some((key, value))
        }
    }
}

/// Marks accepted findings, and returns the findings about the suppressions themselves:
/// expired ones (the finding they covered stays active) and, when `report_unused`, unused ones.
/// `starts` maps (file, address) to the resource's first line, where inline ignores sit.
pub fn apply(
    findings: &mut [Finding],
    starts: &HashMap<(String, String), u32>,
    inline: &[Inline],
    waivers: &[Waiver],
    rules: &[Rule],
    today: Date,
    report_unused: bool,
) -> Vec<Finding> {
    let mut inline_used = vec![false; inline.len()];
    let mut waiver_used = vec![false; waivers.len()];
    let mut meta = Vec::new();
    for f in findings.iter_mut() {
        let start = starts
            .get(&(f.location.file.clone(), f.resource.address.clone()))
            .copied();
        let ignore = inline.iter().enumerate().find(|(_, s)| {
            s.file == f.location.file
                && s.rules.contains(&f.rule_id)
                && start.is_some_and(|st| s.line == st || s.line + 1 == st)
        });
        if let Some((i, s)) = ignore {
            inline_used[i] = true;
            match s.expires {
                Some(exp) if exp < today => meta.push(expired(rules, f, &s.file, s.line, exp)),
                _ => {
                    f.suppression = Some(Suppression {
                        kind: SuppressionKind::Inline,
                        reason: s.reason.clone(),
                        approved_by: None,
                        approved_on: None,
                        expires: s.expires.map(|d| d.to_string()),
                        ticket: s.ticket.clone(),
                        source_file: s.file.clone(),
                        source_line: s.line,
                    })
                }
            }
            continue;
        }
        let waiver = waivers.iter().enumerate().find(|(_, w)| {
            w.rule == f.rule_id
                && w.resource_glob.is_match(&f.resource.address)
                && w.file_glob
                    .as_ref()
                    .is_none_or(|g| g.is_match(&f.location.file))
        });
        if let Some((i, w)) = waiver {
            waiver_used[i] = true;
            if w.expires < today {
                meta.push(expired(rules, f, &w.source_file, w.source_line, w.expires));
            } else {
                f.suppression = Some(Suppression {
                    kind: SuppressionKind::Waiver,
                    reason: w.reason.clone(),
                    approved_by: Some(w.approved_by.clone()),
                    approved_on: w.approved_on.clone(),
                    expires: Some(w.expires.to_string()),
                    ticket: w.ticket.clone(),
                    source_file: w.source_file.clone(),
                    source_line: w.source_line,
                });
            }
        }
    }
    // Inline ignores live in scanned files, so an unused one is always worth reporting.
    for (s, used) in inline.iter().zip(&inline_used) {
        if !used {
            meta.push(unused(
                rules,
                &s.rules.join(","),
                &s.file,
                s.line,
                "aiposture:ignore",
            ));
        }
    }
    if report_unused {
        for (w, used) in waivers.iter().zip(&waiver_used) {
            if !used {
                meta.push(unused(
                    rules,
                    &w.rule,
                    &w.source_file,
                    w.source_line,
                    &format!("waiver for {}", w.resource),
                ));
            }
        }
    }
    // Several findings may share one expired suppression; report it once.
    meta.sort_by(|a, b| (&a.fingerprint, &a.location).cmp(&(&b.fingerprint, &b.location)));
    meta.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    meta
}

fn meta_finding(
    rules: &[Rule],
    rule_id: &str,
    resource: ResourceRef,
    file: &str,
    line: u32,
    message: String,
) -> Finding {
    let rule = rules.iter().find(|r| r.id == rule_id);
    Finding {
        rule_id: rule_id.to_string(),
        title: rule.map_or_else(|| rule_id.to_string(), |r| r.title.clone()),
        severity: rule.map_or(crate::rules::Severity::Low, |r| r.severity),
        category: rule.map_or(crate::rules::Category::Governance, |r| r.category),
        fingerprint: fingerprint(rule_id, &resource.address, file),
        resource,
        location: Location {
            file: file.to_string(),
            start_line: line.max(1),
            end_line: line.max(1),
        },
        message,
        remediation: rule.map_or_else(String::new, |r| r.remediation.clone()),
        snippet: None,
        frameworks: rule.map(|r| r.frameworks.clone()).unwrap_or_default(),
        suppression: None,
        baseline: None,
    }
}

fn expired(rules: &[Rule], f: &Finding, file: &str, line: u32, on: Date) -> Finding {
    meta_finding(
        rules,
        EXPIRED_RULE,
        ResourceRef {
            format: Format::Aiposture,
            resource_type: "aiposture_suppression".into(),
            address: format!("suppression:{}:{}@{}", f.rule_id, f.resource.address, line),
        },
        file,
        line,
        format!(
            "the suppression of {} on {} expired on {on}; the finding is reported again",
            f.rule_id, f.resource.address
        ),
    )
}

fn unused(rules: &[Rule], rule: &str, file: &str, line: u32, what: &str) -> Finding {
    meta_finding(
        rules,
        UNUSED_RULE,
        ResourceRef {
            format: Format::Aiposture,
            resource_type: "aiposture_suppression".into(),
            address: format!("suppression:{rule}@{line}"),
        },
        file,
        line,
        format!("{what} ({rule}) matches no finding; remove it or fix its rule and resource"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2024-02-29"), Some(Date(2024, 2, 29)));
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("26-1-1"), None);
        assert_eq!(Date::from_days(0), Date(1970, 1, 1));
        assert_eq!(Date::from_days(20_589), Date(2026, 5, 16));
        assert!(Date::today() > Date(2025, 1, 1));
    }

    #[test]
    fn inline_ignores_parse() {
        let (rules, _) = crate::rules::load::load_all(None).expect("rules");
        let text = "# aiposture:ignore AIP-SM-005 reason=\"sandbox, no data\" expires=2099-01-31 ticket=SEC-9\nresource \"x\" \"y\" {}\n// aiposture:ignore AIP-SM-002\n# aiposture:ignore AIP-NOPE-001 reason=\"x\"\n  tags = \"aiposture:ignore is not a comment here\"\n";
        let (ignores, diags) = scan_inline("main.tf", text, &rules);
        assert_eq!(ignores.len(), 1);
        assert_eq!(ignores[0].reason, "sandbox, no data");
        assert_eq!(ignores[0].expires, Some(Date(2099, 1, 31)));
        assert_eq!(ignores[0].ticket.as_deref(), Some("SEC-9"));
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags[0].message.contains("without reason"));
        assert!(diags[1].message.contains("unknown rule"));
    }
}
