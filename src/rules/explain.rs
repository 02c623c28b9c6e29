//! The full text of one rule, as `aiposture explain ID` prints it.

use std::fmt::Write as _;

use super::Rule;

pub fn render(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})\n{}\n", rule.id, rule.slug, rule.title);
    let _ = writeln!(out, "Severity:  {}", rule.severity);
    let _ = writeln!(out, "Category:  {}", rule.category);
    let formats: Vec<&str> = rule.formats().iter().map(|f| f.as_str()).collect();
    let _ = writeln!(out, "Formats:   {}", formats.join(", "));
    if !rule.aliases.is_empty() {
        let _ = writeln!(out, "Aliases:   {}", rule.aliases.join(", "));
    }
    if rule.deprecated {
        let _ = writeln!(out, "Deprecated: this rule no longer runs.");
    }
    let _ = writeln!(
        out,
        "\nWhy it matters\n  {}",
        rule.description.trim().replace('\n', "\n  ")
    );
    let _ = writeln!(out, "\nWhat is checked");
    for check in &rule.checks {
        let _ = writeln!(
            out,
            "  {}: {}",
            check.format,
            check.resource_types.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nHow to fix\n  {}",
        rule.remediation.trim().replace('\n', "\n  ")
    );
    for (format, snippet) in &rule.snippets {
        let _ = writeln!(out, "\n  {format}:");
        for line in snippet.trim_end().lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    if !rule.frameworks.is_empty() {
        let _ = writeln!(out, "\nFrameworks");
        for (framework, controls) in &rule.frameworks {
            let _ = writeln!(out, "  {framework}: {}", controls.join(", "));
        }
    }
    if let Some(note) = &rule.frameworks_note {
        let _ = writeln!(out, "\nFramework note\n  {}", note.trim());
    }
    let _ = writeln!(out, "\nReferences");
    for r in &rule.references {
        let _ = writeln!(out, "  {r}");
    }
    out
}
