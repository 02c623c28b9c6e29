//! The generated rule reference: `docs/rules/ID.md` for each rule, the index
//! `docs/rules/README.md`, and `docs/coverage.md`. `aiposture explain ID` prints the same page
//! as docs/rules/ID.md. `tests/generated_docs.rs` fails when the files on disk are stale
//! (`AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs` rewrites them).

use std::fmt::Write as _;

use super::coverage::{self, ROWS};
use super::load::builtin_examples;
use super::Rule;
use crate::model::Format;

/// The longest example shown whole; longer ones are cut to a window.
const EXAMPLE_LINES: usize = 60;

pub fn format_name(f: Format) -> &'static str {
    match f {
        Format::Terraform => "Terraform",
        Format::CloudFormation => "CloudFormation",
        Format::AwsConfig => "AWS Config",
        Format::Aiposture => "aiposture",
    }
}

fn framework_name(key: &str) -> &str {
    match key {
        "owasp-llm-2025" => "OWASP Top 10 for LLM Applications 2025",
        "nist-ai-rmf" => "NIST AI RMF 1.0",
        "iso-42001" => "ISO/IEC 42001:2023",
        "mitre-atlas" => "MITRE ATLAS",
        other => other,
    }
}

fn fence_language(format: Format, path: &str) -> &'static str {
    if path.ends_with(".json") {
        return "json";
    }
    match format {
        Format::Terraform => "hcl",
        Format::CloudFormation => "yaml",
        Format::AwsConfig => "json",
        Format::Aiposture => "text",
    }
}

const FORMATS: [Format; 3] = [Format::Terraform, Format::CloudFormation, Format::AwsConfig];

/// The page of one rule, in Markdown.
pub fn rule_page(rule: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}: {}\n", rule.id, rule.title);
    let _ = writeln!(
        s,
        "<!-- Generated from rules/{}.yaml and its fixtures by `AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs`; do not edit. -->\n",
        rule.id
    );
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Slug | `{}` |", rule.slug);
    let _ = writeln!(s, "| Severity | {} |", rule.severity);
    let _ = writeln!(s, "| Category | {} |", rule.category);
    let formats: Vec<&str> = rule.formats().into_iter().map(format_name).collect();
    let _ = writeln!(
        s,
        "| Formats | {} |",
        if formats.is_empty() {
            "none (raised by aiposture itself)".to_string()
        } else {
            formats.join(", ")
        }
    );
    if !rule.coverage.is_empty() {
        let rows: Vec<String> = rule
            .coverage
            .iter()
            .map(|r| format!("[{r}](../coverage.md#row-{r})"))
            .collect();
        let _ = writeln!(s, "| Coverage target rows | {} |", rows.join(", "));
    }
    if !rule.aliases.is_empty() {
        let _ = writeln!(s, "| Aliases | {} |", rule.aliases.join(", "));
    }
    if rule.deprecated {
        let _ = writeln!(s, "| Deprecated | yes: this rule no longer runs |");
    }
    let _ = writeln!(s, "\n## Why it matters\n\n{}\n", rule.description.trim());

    if !rule.meta {
        let _ = writeln!(s, "## What is checked\n");
        for format in FORMATS {
            let checks: Vec<_> = rule.checks.iter().filter(|c| c.format == format).collect();
            if let Some(why) = rule.unsupported.get(&format) {
                let _ = writeln!(s, "- **{}**: not checked. {}", format_name(format), why);
                continue;
            }
            for c in checks {
                let _ = writeln!(
                    s,
                    "- **{}** `{}`: fails when {}. Message: \"{}\".",
                    format_name(format),
                    c.resource_types.join("`, `"),
                    c.condition.describe(),
                    c.message
                );
            }
        }
        let defaults: Vec<(Format, String, String)> = rule
            .checks
            .iter()
            .flat_map(|c| {
                c.condition
                    .defaults()
                    .into_iter()
                    .map(move |(p, v)| (c.format, p, v))
            })
            .fold(Vec::new(), |mut acc, d| {
                if !acc.contains(&d) {
                    acc.push(d);
                }
                acc
            });
        if !defaults.is_empty() {
            let _ = writeln!(
                s,
                "\nWhen an attribute is not set, the documented default applies (see the references):\n"
            );
            for (format, path, value) in defaults {
                let _ = writeln!(s, "- {}: `{path}` = `{value}`", format_name(format));
            }
        }
        let _ = writeln!(
            s,
            "\nA value that cannot be resolved (a variable without a value, a reference to something not yet created) never fails a check; `--show-unknown` lists it.\n"
        );
    }

    let _ = writeln!(s, "## How to fix\n\n{}\n", rule.remediation.trim());
    for (format, snippet) in &rule.snippets {
        let lang = match format {
            Format::Terraform => "hcl",
            Format::CloudFormation => "yaml",
            _ => "sh",
        };
        let _ = writeln!(
            s,
            "{}:\n\n```{lang}\n{}\n```\n",
            format_name(*format),
            snippet.trim_end()
        );
    }

    let examples: Vec<_> = builtin_examples()
        .iter()
        .filter(|e| e.0 == rule.id)
        .collect();
    if !examples.is_empty() {
        let _ = writeln!(s, "## Examples\n");
        for format in FORMATS {
            for flagged in [true, false] {
                let Some((_, _, _, path, text)) = examples
                    .iter()
                    .find(|e| e.1 == format.as_str() && e.2 == flagged)
                else {
                    continue;
                };
                let (shown, note) = excerpt(text, flagged, &rule.id);
                let _ = writeln!(
                    s,
                    "{} {} ([{path}](../../{path}){note}):\n\n```{}\n{}\n```\n",
                    format_name(format),
                    if flagged { "flagged" } else { "passing" },
                    fence_language(format, path),
                    shown.trim_end()
                );
            }
        }
    }

    if !rule.frameworks.is_empty() || rule.frameworks_note.is_some() {
        let _ = writeln!(s, "## Frameworks\n");
        for (framework, controls) in &rule.frameworks {
            let _ = writeln!(
                s,
                "- {}: {}",
                framework_name(framework),
                controls.join(", ")
            );
        }
        if let Some(note) = &rule.frameworks_note {
            let _ = writeln!(s, "\n{}", note.trim());
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## References\n");
    for r in &rule.references {
        let _ = writeln!(s, "- <{r}>");
    }
    s
}

/// The example whole, or a window of it: around the first flagged line for a flagged example,
/// the start for a passing one.
fn excerpt(text: &str, flagged: bool, id: &str) -> (String, String) {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= EXAMPLE_LINES {
        return (text.to_string(), String::new());
    }
    let marker = lines
        .iter()
        .position(|l| {
            l.contains(&format!("expect: {id}")) || l.contains(&format!("expect-next-line: {id}"))
        })
        .filter(|_| flagged)
        .unwrap_or(0);
    let start = marker.saturating_sub(EXAMPLE_LINES / 3);
    let end = (start + EXAMPLE_LINES).min(lines.len());
    (
        lines[start..end].join("\n"),
        format!(", lines {}-{} of {}", start + 1, end, lines.len()),
    )
}

/// docs/rules/README.md: every rule in one table.
pub fn index(rules: &[Rule]) -> String {
    let mut s = String::from("# Rule reference\n\n");
    let _ = writeln!(
        s,
        "<!-- Generated from rules/*.yaml by `AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs`; do not edit. -->\n"
    );
    let active = rules.iter().filter(|r| !r.meta).count();
    let _ = writeln!(
        s,
        "{active} rules check Terraform, CloudFormation and AWS Config data; {} more are raised by aiposture itself about suppressions. `aiposture explain ID` prints any page below; [coverage.md](../coverage.md) maps them to the coverage target; [../rules.md](../rules.md) explains the rule language.\n",
        rules.len() - active
    );
    let _ = writeln!(
        s,
        "| Rule | Title | Severity | Category | Terraform | CloudFormation | AWS Config |\n|---|---|---|---|:-:|:-:|:-:|"
    );
    for r in rules {
        let mark = |f: Format| {
            if r.checks.iter().any(|c| c.format == f) {
                "yes"
            } else if r.unsupported.contains_key(&f) {
                "cannot"
            } else {
                ""
            }
        };
        let _ = writeln!(
            s,
            "| [{id}]({id}.md) | {} | {} | {} | {} | {} | {} |",
            r.title.replace('|', "\\|"),
            r.severity,
            r.category,
            mark(Format::Terraform),
            mark(Format::CloudFormation),
            mark(Format::AwsConfig),
            id = r.id
        );
    }
    let _ = writeln!(
        s,
        "\n\"cannot\": the rule's page says why that format cannot have the check (for example, AWS Config does not record the resource type)."
    );
    s
}

/// docs/coverage.md: every row of the coverage target, the rules that implement it, and the
/// formats covered.
pub fn coverage_page(rules: &[Rule]) -> String {
    let status = coverage::status(rules);
    let mut s = String::from("# Coverage\n\n");
    let _ = writeln!(
        s,
        "<!-- Generated from rules/*.yaml (their `coverage` and `unsupported` keys) by `AIPOSTURE_UPDATE_DOCS=1 cargo test --test generated_docs`; do not edit. -->\n"
    );
    let complete = status.iter().filter(|r| r.missing().is_empty()).count();
    let sides: usize = status.iter().map(|r| r.sides.len()).sum();
    let checked: usize = status
        .iter()
        .flat_map(|r| r.sides.iter())
        .filter(|side| !side.checked_by.is_empty())
        .count();
    let _ = writeln!(
        s,
        "The coverage target is the set of checks that Checkov, KICS, Trivy, Prowler, AWS Config managed rules and Security Hub have for AI infrastructure on AWS, plus checks none of them has. Each row names the input formats where the resource exists (T Terraform, C CloudFormation, A AWS Config). {complete} of {} rows are complete; {checked} of {sides} row-format sides are checked, and every other side says why it cannot exist.\n",
        ROWS.len()
    );
    let _ = writeln!(
        s,
        "| Row | Check | Formats | Rules | Terraform | CloudFormation | AWS Config | Peers today |\n|---|---|---|---|---|---|---|---|"
    );
    for st in &status {
        let letters: Vec<&str> = st
            .row
            .formats
            .iter()
            .map(|f| match f {
                Format::Terraform => "T",
                Format::CloudFormation => "C",
                Format::AwsConfig => "A",
                Format::Aiposture => "",
            })
            .collect();
        let ids: Vec<String> = st
            .rules
            .iter()
            .map(|r| format!("[{id}](rules/{id}.md)", id = r.id))
            .collect();
        let cell = |f: Format| -> String {
            let Some(side) = st.sides.iter().find(|side| side.format == f) else {
                return "n/a".into();
            };
            if !side.checked_by.is_empty() {
                format!("yes ({})", side.checked_by.join(", "))
            } else if !side.unsupported.is_empty() {
                "cannot (see rule)".into()
            } else {
                "**missing**".into()
            }
        };
        let _ = writeln!(
            s,
            "| <a id=\"row-{n}\"></a>{n} | {} | {} | {} | {} | {} | {} | {} |",
            st.row.concept,
            letters.join(" "),
            if ids.is_empty() {
                "**none**".to_string()
            } else {
                ids.join(", ")
            },
            cell(Format::Terraform),
            cell(Format::CloudFormation),
            cell(Format::AwsConfig),
            st.row.peers,
            n = st.row.number
        );
    }
    let reasons: Vec<(u32, &str, Format, &str)> = status
        .iter()
        .flat_map(|st| {
            st.sides.iter().flat_map(move |side| {
                side.unsupported
                    .iter()
                    .map(move |(id, why)| (st.row.number, *id, side.format, *why))
            })
        })
        .collect();
    if !reasons.is_empty() {
        let _ = writeln!(s, "\n## Sides that cannot exist\n");
        for (row, id, format, why) in reasons {
            let _ = writeln!(s, "- Row {row}, {id}, {}: {why}", format_name(format));
        }
    }
    let types = crate::audit::types_for(rules);
    let _ = writeln!(
        s,
        "\n## What a live audit reads\n\n`aiposture audit` asks AWS Config for the {} resource types the rules' AWS Config checks name, and those their native checks read around them:\n",
        types.len()
    );
    for t in types {
        let _ = writeln!(s, "- `{t}`");
    }
    s
}
