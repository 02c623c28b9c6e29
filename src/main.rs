//! The `aiposture` binary: parse arguments, call the library, choose the exit code.

mod audit_cmd;
mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use sha2::{Digest, Sha256};

use aiposture::report::{self, Report};
use aiposture::rules::cond::Settings;
use aiposture::rules::load::load_all;
use aiposture::rules::{Rule, Severity};
use aiposture::scan::{scan, ScanOptions};
use aiposture::source::cloudformation::CfnOptions;
use aiposture::source::terraform::TerraformOptions;
use aiposture::{baseline, config, discover, provenance, suppress};
use cli::{BaselineCommand, Cli, ColorChoice, Command, FailOn, OutputFormat};

const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Baseline(BaselineCommand::Create(args)) => run_baseline_create(args),
        Command::Rules(args) => run_rules(args),
        Command::Explain(args) => run_explain(args),
        Command::Audit(args) => audit_cmd::run(args),
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

/// What `scan` and `audit` share: the config file, the rules (built-in, `--rules`, the config's
/// settings) and the waivers.
struct Policy {
    rules: Vec<Rule>,
    digest: String,
    config: Option<config::Loaded>,
    waivers: Vec<suppress::Waiver>,
}

struct PolicyFlags<'a> {
    /// Where to look for .aiposture.toml and the waiver file from.
    start: &'a Path,
    no_config: bool,
    config: Option<&'a Path>,
    rules: Option<&'a Path>,
    waivers: Option<&'a Path>,
}

fn load_policy(flags: &PolicyFlags) -> Result<Policy> {
    let loaded = if flags.no_config {
        None
    } else if let Some(path) = flags.config {
        Some(config::load(path)?)
    } else {
        config::discover(flags.start)
            .map(|p| config::load(&p))
            .transpose()?
    };
    let rules_dir = flags.rules.map(Path::to_path_buf).or_else(|| {
        loaded
            .as_ref()
            .and_then(|l| l.config.rules.dir.as_ref().map(|d| l.dir().join(d)))
    });
    let (mut rules, digest) = load_rules(rules_dir.as_deref())?;
    if let Some(l) = &loaded {
        rules = config::apply_rules(l, rules)?;
    }

    let mut waivers = Vec::new();
    if let Some(l) = &loaded {
        let shown = l.path.display().to_string();
        for entry in &l.config.waivers {
            let line = l.line_of(
                entry
                    .resource
                    .as_deref()
                    .or(entry.rule.as_deref())
                    .unwrap_or("[[waivers]]"),
            );
            waivers.push(suppress::validate_waiver(
                entry,
                &shown,
                line as u64,
                &rules,
            )?);
        }
    }
    let waiver_file = flags.waivers.map(Path::to_path_buf).or_else(|| {
        let beside = loaded.as_ref().map(|l| l.dir().join(suppress::WAIVER_FILE));
        beside
            .filter(|p| p.is_file())
            .or_else(|| find_upwards(flags.start, suppress::WAIVER_FILE))
    });
    if let Some(path) = waiver_file {
        let shown = discover::display_path(&path, &std::env::current_dir()?);
        waivers.extend(suppress::load_waiver_file(&path, &shown, &rules)?);
    }
    Ok(Policy {
        rules,
        digest,
        config: loaded,
        waivers,
    })
}

/// Required tags: the config's, then the flags'.
fn required_tags(config: Option<&config::Loaded>, flags: &[String]) -> Vec<String> {
    let mut tags = config
        .map(|l| l.config.required_tags.clone())
        .unwrap_or_default();
    tags.extend(flags.iter().cloned());
    tags
}

/// Everything a scan needs, resolved from the config file and the flags (flags last).
struct Prepared {
    rules: Vec<Rule>,
    digest: String,
    options: ScanOptions,
    config: Option<config::Loaded>,
}

fn prepare(input: &cli::InputArgs) -> Result<Prepared> {
    let first = input
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let Policy {
        rules,
        digest,
        config: loaded,
        waivers,
    } = load_policy(&PolicyFlags {
        start: &first,
        no_config: input.no_config,
        config: input.config.as_deref(),
        rules: input.rules.as_deref(),
        waivers: input.waivers.as_deref(),
    })?;

    let mut vars = Vec::new();
    for v in &input.vars {
        let Some((name, value)) = v.split_once('=') else {
            bail!("--var `{v}` must be NAME=VALUE");
        };
        vars.push((name.trim().to_string(), value.to_string()));
    }
    let mut cfn_params = Vec::new();
    if let Some(path) = &input.cfn_params_file {
        cfn_params.extend(read_cfn_params(path)?);
    }
    for p in &input.cfn_params {
        let Some((name, value)) = p.split_once('=') else {
            bail!("--cfn-param `{p}` must be NAME=VALUE");
        };
        cfn_params.push((name.trim().to_string(), value.to_string()));
    }
    let required_tags = required_tags(loaded.as_ref(), &input.required_tags);
    let mut excludes = loaded
        .as_ref()
        .map(|l| l.config.exclude.clone())
        .unwrap_or_default();
    excludes.extend(input.exclude.iter().cloned());
    let options = ScanOptions {
        paths: input.paths.clone(),
        excludes,
        max_file_size: input.max_file_size,
        terraform: TerraformOptions {
            var_files: input.var_files.clone(),
            vars,
        },
        cloudformation: CfnOptions { params: cfn_params },
        tf_root: input.tf_root.clone(),
        waivers,
        settings: Settings { required_tags },
        ..ScanOptions::default()
    };
    Ok(Prepared {
        rules,
        digest,
        options,
        config: loaded,
    })
}

/// A parameters file as `aws cloudformation create-stack --parameters file://...` takes it.
fn read_cfn_params(path: &Path) -> Result<Vec<(String, String)>> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Param {
        parameter_key: String,
        parameter_value: String,
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read --cfn-params {}", path.display()))?;
    let params: Vec<Param> = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}: not a CloudFormation parameters file ([{{\"ParameterKey\": ..., \"ParameterValue\": ...}}]): {e}",
            path.display(),
            e.line()
        )
    })?;
    Ok(params
        .into_iter()
        .map(|p| (p.parameter_key, p.parameter_value))
        .collect())
}

/// The first `name` found in `start` (or its directory) or a parent directory.
fn find_upwards(start: &Path, name: &str) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_file() {
        start.parent()
    } else {
        Some(start.as_path())
    };
    while let Some(d) = dir {
        let candidate = d.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn parse_config_value<T: ValueEnum>(loaded: &config::Loaded, key: &str, value: &str) -> Result<T> {
    T::from_str(value, true).map_err(|_| {
        anyhow::anyhow!(
            "{}:{}: {key} `{value}` is not one of: {}",
            loaded.path.display(),
            loaded.line_of(key),
            T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn run_scan(args: cli::ScanArgs) -> Result<u8> {
    let Prepared {
        rules,
        digest,
        mut options,
        config,
    } = prepare(&args.input)?;
    let format = resolve(
        args.format,
        config.as_ref(),
        "format",
        |c| c.config.format.as_deref(),
        OutputFormat::Text,
    )?;
    require_evidence_dir(format, args.output.as_deref())?;
    let fail_on = resolve(
        args.fail_on,
        config.as_ref(),
        "fail-on",
        |c| c.config.fail_on.as_deref(),
        FailOn::Low,
    )?;
    let baseline_path = args.baseline.clone().or_else(|| {
        config
            .as_ref()
            .and_then(|c| c.config.baseline.as_ref().map(|b| c.dir().join(b)))
    });
    if let Some(path) = &baseline_path {
        options.baseline = Some(baseline::load(path)?);
    }

    let started_utc = provenance::now_utc();
    let outcome = scan(&rules, &options)?;
    for d in &outcome.diagnostics {
        eprintln!("aiposture: {d}");
    }
    let cwd = std::env::current_dir()?;
    let provenance = provenance::Provenance {
        started_utc,
        command_line: std::env::args().collect(),
        roots: options
            .paths
            .iter()
            .map(|p| discover::display_path(p, &cwd))
            .collect(),
        inputs: outcome.inputs.clone(),
        // Only the evidence report shows the git state; asking git costs ~10 ms, which a
        // pre-commit run should not pay.
        git: options
            .paths
            .first()
            .filter(|_| format == OutputFormat::Evidence)
            .map(|p| {
                if p.is_file() {
                    p.parent().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    p.clone()
                }
            })
            .and_then(|p| {
                provenance::git_state(if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    &p
                })
            }),
        live: None,
    };
    let sarif_root = match &args.sarif_root {
        Some(root) => Some(
            std::fs::canonicalize(root)
                .with_context(|| format!("--sarif-root {}", root.display()))?,
        ),
        None => None,
    };
    let report = Report {
        version: aiposture::VERSION,
        rules_digest: &digest,
        rules: &rules,
        findings: &outcome.evaluation.findings,
        passed: &outcome.evaluation.passed,
        // The evidence report always says what could not be decided.
        unknown: (args.show_unknown
            || matches!(format, OutputFormat::Evidence | OutputFormat::InventoryJson))
        .then_some(outcome.evaluation.unknown.as_slice()),
        diagnostics: &outcome.diagnostics,
        files: outcome.files,
        resources: outcome.resources,
        inventory: &outcome.inventory,
        provenance: &provenance,
        sarif_root,
    };
    emit(
        &report,
        &Emit {
            format,
            output: args.output.as_deref(),
            color: args.color,
            show_suppressed: args.show_suppressed,
            config: config.as_ref(),
            waivers: &options.waivers,
            settings: &options.settings,
        },
    )?;
    Ok(exit_code(
        &outcome.evaluation.findings,
        &outcome.diagnostics,
        fail_on,
    ))
}

/// How to write a report.
struct Emit<'a> {
    format: OutputFormat,
    output: Option<&'a Path>,
    color: ColorChoice,
    show_suppressed: bool,
    config: Option<&'a config::Loaded>,
    waivers: &'a [suppress::Waiver],
    settings: &'a Settings,
}

/// Renders the report in its format and writes it (or, for evidence, the bundle).
fn emit(report: &Report, e: &Emit) -> Result<()> {
    let to_terminal = e.output.is_none() && std::io::stdout().is_terminal();
    let color = match e.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let rendered = match e.format {
        OutputFormat::Text => report::text::render(
            report,
            report::text::Style {
                color,
                show_suppressed: e.show_suppressed,
            },
        ),
        OutputFormat::Json => report::json::render(report),
        OutputFormat::Sarif => report::sarif::render(report),
        OutputFormat::Junit => report::junit::render(report),
        OutputFormat::Evidence | OutputFormat::InventoryJson => {
            let inactive = inactive_rules(report.rules, e.settings);
            let evidence = report::evidence::Options {
                thresholds: e
                    .config
                    .map(|c| c.config.evidence.thresholds())
                    .unwrap_or_default(),
                waivers: e.waivers,
                inactive_rules: &inactive,
            };
            if e.format == OutputFormat::InventoryJson {
                report::evidence::render_inventory(report, &evidence)
            } else {
                let dir = e.output.unwrap_or(Path::new("."));
                let files = report::evidence::bundle(report, &evidence);
                report::evidence::write(dir, &files).with_context(|| {
                    format!("cannot write the evidence bundle to {}", dir.display())
                })?;
                let names: Vec<&str> = files.iter().map(|f| f.name).collect();
                eprintln!(
                    "aiposture: wrote the evidence bundle to {} ({})",
                    dir.display(),
                    names.join(", ")
                );
                return Ok(());
            }
        }
    };
    write_output(e.output, &rendered)
}

/// Active findings at or above the threshold decide first; otherwise inputs that could not be
/// read or parsed (or resources that could not be fetched) make the run an operational error,
/// since their gaps went unseen.
fn exit_code(
    findings: &[aiposture::rules::engine::Finding],
    diagnostics: &[aiposture::diagnostic::Diagnostic],
    fail_on: FailOn,
) -> u8 {
    let failing = threshold(fail_on)
        .is_some_and(|t| findings.iter().any(|f| f.is_active() && f.severity >= t));
    if failing {
        EXIT_FINDINGS
    } else if diagnostics.iter().any(|d| d.is_error()) {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

/// `--format evidence` writes a directory.
fn require_evidence_dir(format: OutputFormat, output: Option<&Path>) -> Result<()> {
    if format == OutputFormat::Evidence && output.is_none() {
        bail!(
            "--format evidence writes a bundle of files (report.html, report.json, report.md, manifest.json): name the directory with --output DIR"
        );
    }
    Ok(())
}

/// The flag, else the config's value, else the default.
fn resolve<T: ValueEnum>(
    flag: Option<T>,
    config: Option<&config::Loaded>,
    key: &str,
    value: impl Fn(&config::Loaded) -> Option<&str>,
    default: T,
) -> Result<T> {
    match (flag, config.and_then(|c| value(c).map(|v| (c, v)))) {
        (Some(f), _) => Ok(f),
        (None, Some((c, v))) => parse_config_value(c, key, v),
        (None, None) => Ok(default),
    }
}

/// Rules none of whose checks can run with these settings (AIP-GOV-001 without
/// `required-tags`): the evidence report says they did not run rather than that they passed.
fn inactive_rules(rules: &[Rule], settings: &Settings) -> Vec<String> {
    rules
        .iter()
        .filter(|r| !r.meta && !r.checks.iter().any(|c| c.condition.is_active(settings)))
        .map(|r| r.id.clone())
        .collect()
}

fn write_output(path: Option<&Path>, rendered: &str) -> Result<()> {
    match path {
        Some(path) => std::fs::write(path, rendered)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

fn run_baseline_create(args: cli::BaselineCreateArgs) -> Result<u8> {
    let Prepared { rules, options, .. } = prepare(&args.input)?;
    let outcome = scan(&rules, &options)?;
    for d in &outcome.diagnostics {
        eprintln!("aiposture: {d}");
    }
    if outcome.diagnostics.iter().any(|d| d.is_error()) {
        bail!("not writing a baseline: some inputs could not be read or parsed (see above)");
    }
    let b = baseline::create(&outcome.evaluation.findings, aiposture::VERSION);
    write_output(Some(&args.output), &baseline::to_json(&b))?;
    eprintln!(
        "aiposture: wrote {} findings to {}",
        b.findings.len(),
        args.output.display()
    );
    Ok(EXIT_CLEAN)
}

fn run_rules(args: cli::RulesArgs) -> Result<u8> {
    let (rules, digest) = load_rules(args.rules.as_deref())?;
    let mut out = String::new();
    match args.format {
        OutputFormat::Sarif
        | OutputFormat::Junit
        | OutputFormat::Evidence
        | OutputFormat::InventoryJson => {
            bail!("`aiposture rules` writes text or json");
        }
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
                        "coverage": r.coverage,
                        "unsupported": r.unsupported.iter().map(|(f, why)| (f.as_str(), why)).collect::<std::collections::BTreeMap<_, _>>(),
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
