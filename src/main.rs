//! The `aiposture` binary: parse arguments, call the library, choose the exit code.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use sha2::{Digest, Sha256};

use aiposture::report::{self, Report};
use aiposture::rules::load::load_all;
use aiposture::rules::{Rule, Severity};
use aiposture::scan::{scan, ScanOptions};
use aiposture::source::terraform::TerraformOptions;
use cli::{Cli, ColorChoice, Command, FailOn, OutputFormat};

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules(args) => run_rules(args),
        Command::Explain(args) => run_explain(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`aiposture ... | head`) is not an error.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(EXIT_CLEAN);
            }
            eprintln!("aiposture: error: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn rules_digest(sources: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    for (origin, text) in sources {
        h.update(origin.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn load_rules(dir: Option<&std::path::Path>) -> Result<(Vec<Rule>, String)> {
    let (rules, sources) = load_all(dir)?;
    Ok((rules, rules_digest(&sources)))
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn run_scan(args: cli::ScanArgs) -> Result<u8> {
    let (rules, digest) = load_rules(args.rules.as_deref())?;
    let mut vars = Vec::new();
    for v in &args.vars {
        let Some((name, value)) = v.split_once('=') else {
            bail!("--var `{v}` must be NAME=VALUE");
        };
        vars.push((name.trim().to_string(), value.to_string()));
    }
    let options = ScanOptions {
        paths: args.paths.clone(),
        excludes: args.exclude.clone(),
        max_file_size: args.max_file_size,
        terraform: TerraformOptions {
            var_files: args.var_files.clone(),
            vars,
        },
    };
    let outcome = scan(&rules, &options)?;
    for d in &outcome.diagnostics {
        eprintln!("aiposture: {d}");
    }
    let report = Report {
        version: aiposture::VERSION,
        rules_digest: &digest,
        rules: &rules,
        findings: &outcome.evaluation.findings,
        passed: &outcome.evaluation.passed,
        unknown: args
            .show_unknown
            .then_some(outcome.evaluation.unknown.as_slice()),
        diagnostics: &outcome.diagnostics,
        files: outcome.files,
        resources: outcome.resources,
        sarif_root: None,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let rendered = match args.format {
        OutputFormat::Text => report::text::render(&report, report::text::Style { color }),
        OutputFormat::Json => report::json::render(&report),
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    // Findings at or above the threshold decide first; otherwise inputs that could not be
    // read or parsed make the run an operational error, since their gaps went unseen.
    let failing = threshold(args.fail_on)
        .is_some_and(|t| outcome.evaluation.findings.iter().any(|f| f.severity >= t));
    Ok(if failing {
        EXIT_FINDINGS
    } else if !outcome.diagnostics.is_empty() {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
}

fn run_rules(args: cli::RulesArgs) -> Result<u8> {
    let (rules, digest) = load_rules(args.rules.as_deref())?;
    let mut out = String::new();
    match args.format {
        OutputFormat::Text => {
            for r in &rules {
                let formats: Vec<&str> = r.formats().iter().map(|f| f.as_str()).collect();
                out.push_str(&format!(
                    "{:<13} {:<9} {:<22} {}  [{}]\n",
                    r.id,
                    r.severity.as_str(),
                    r.category.as_str(),
                    r.title,
                    formats.join(", ")
                ));
            }
            out.push_str(&format!("\n{} rules, {}\n", rules.len(), digest));
        }
        OutputFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "slug": r.slug,
                        "title": r.title,
                        "severity": r.severity,
                        "category": r.category,
                        "formats": r.formats().iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                        "frameworks": r.frameworks,
                        "deprecated": r.deprecated,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(
                &serde_json::json!({"rules_digest": digest, "rules": list}),
            )?;
            out.push('\n');
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(EXIT_CLEAN)
}

fn run_explain(args: cli::ExplainArgs) -> Result<u8> {
    let (rules, _) = load_rules(args.rules.as_deref())?;
    let wanted = args.id.to_ascii_uppercase();
    let Some(rule) = rules.iter().find(|r| {
        r.id == wanted
            || r.slug == args.id
            || r.aliases.iter().any(|a| a.eq_ignore_ascii_case(&args.id))
    }) else {
        bail!("no rule `{}`; `aiposture rules` lists them", args.id);
    };
    std::io::stdout()
        .lock()
        .write_all(aiposture::rules::explain::render(rule).as_bytes())?;
    Ok(EXIT_CLEAN)
}
