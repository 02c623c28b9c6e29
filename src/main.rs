//! The `aiposture` binary: parse arguments, call the library, choose the exit code.

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
        Command::Audit(args) => run_audit(args),
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
    let loaded = if input.no_config {
        None
    } else if let Some(path) = &input.config {
        Some(config::load(path)?)
    } else {
        config::discover(&first)
            .map(|p| config::load(&p))
            .transpose()?
    };
    let rules_dir = input.rules.clone().or_else(|| {
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
    let waiver_file = input.waivers.clone().or_else(|| {
        let beside = loaded.as_ref().map(|l| l.dir().join(suppress::WAIVER_FILE));
        beside
            .filter(|p| p.is_file())
            .or_else(|| find_upwards(&first, suppress::WAIVER_FILE))
    });
    if let Some(path) = waiver_file {
        let shown = discover::display_path(&path, &std::env::current_dir()?);
        waivers.extend(suppress::load_waiver_file(&path, &shown, &rules)?);
    }

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
    let mut required_tags = loaded
        .as_ref()
        .map(|l| l.config.required_tags.clone())
        .unwrap_or_default();
    required_tags.extend(input.required_tags.iter().cloned());
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
    let format = match (
        args.format,
        config
            .as_ref()
            .and_then(|c| c.config.format.as_deref().map(|f| (c, f))),
    ) {
        (Some(f), _) => f,
        (None, Some((c, f))) => parse_config_value(c, "format", f)?,
        (None, None) => OutputFormat::Text,
    };
    if format == OutputFormat::Evidence && args.output.is_none() {
        bail!(
            "--format evidence writes a bundle of files (report.html, report.json, report.md, manifest.json): name the directory with --output DIR"
        );
    }
    let fail_on = match (
        args.fail_on,
        config
            .as_ref()
            .and_then(|c| c.config.fail_on.as_deref().map(|f| (c, f))),
    ) {
        (Some(f), _) => f,
        (None, Some((c, f))) => parse_config_value(c, "fail-on", f)?,
        (None, None) => FailOn::Low,
    };
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
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let rendered = match format {
        OutputFormat::Text => report::text::render(
            &report,
            report::text::Style {
                color,
                show_suppressed: args.show_suppressed,
            },
        ),
        OutputFormat::Json => report::json::render(&report),
        OutputFormat::Sarif => report::sarif::render(&report),
        OutputFormat::Junit => report::junit::render(&report),
        OutputFormat::Evidence | OutputFormat::InventoryJson => {
            let inactive = inactive_rules(&rules, &options.settings);
            let evidence = report::evidence::Options {
                thresholds: config
                    .as_ref()
                    .map(|c| c.config.evidence.thresholds())
                    .unwrap_or_default(),
                waivers: &options.waivers,
                inactive_rules: &inactive,
            };
            if format == OutputFormat::InventoryJson {
                report::evidence::render_inventory(&report, &evidence)
            } else {
                let dir = args.output.as_deref().unwrap_or(Path::new("."));
                let files = report::evidence::bundle(&report, &evidence);
                report::evidence::write(dir, &files).with_context(|| {
                    format!("cannot write the evidence bundle to {}", dir.display())
                })?;
                let names: Vec<&str> = files.iter().map(|f| f.name).collect();
                eprintln!(
                    "aiposture: wrote the evidence bundle to {} ({})",
                    dir.display(),
                    names.join(", ")
                );
                String::new()
            }
        }
    };
    if format != OutputFormat::Evidence {
        write_output(args.output.as_deref(), &rendered)?;
    }
    // Active findings at or above the threshold decide first; otherwise inputs that could not
    // be read or parsed make the run an operational error, since their gaps went unseen.
    let failing = threshold(fail_on).is_some_and(|t| {
        outcome
            .evaluation
            .findings
            .iter()
            .any(|f| f.is_active() && f.severity >= t)
    });
    Ok(if failing {
        EXIT_FINDINGS
    } else if outcome.diagnostics.iter().any(|d| d.is_error()) {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
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

/// `aiposture audit`: read live AWS Config data and run the rules on it.
fn run_audit(args: cli::AuditArgs) -> Result<u8> {
    use aiposture::audit::{self, AuditError, Scope};

    if args.format == OutputFormat::Evidence && args.output.is_none() {
        bail!(
            "--format evidence writes a bundle of files (report.html, report.json, report.md, manifest.json): name the directory with --output DIR"
        );
    }
    let (rules, digest) = load_rules(args.rules.as_deref())?;
    let settings = Settings {
        required_tags: args.required_tags.clone(),
    };
    let started_utc = provenance::now_utc();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetched: Result<(Vec<audit::Fetched>, Vec<String>), AuditError> =
        runtime.block_on(async {
            let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(5));
            if let Some(profile) = &args.profile {
                loader = loader.profile_name(profile);
            }
            let base = loader.load().await;
            // Fail early and plainly when there are no credentials at all.
            let Some(provider) = base.credentials_provider() else {
                return Err(AuditError::Credentials(
                    "no AWS credentials provider is configured".into(),
                ));
            };
            {
                use aws_sdk_config::config::ProvideCredentials;
                if provider.provide_credentials().await.is_err() {
                    return Err(AuditError::Credentials(
                        "no usable AWS credentials: set AWS_PROFILE or pass --profile (run `aws sso login` when the SSO session has expired), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
                    ));
                }
            }
            let regions: Vec<String> = if args.regions.is_empty() {
                match base.region() {
                    Some(r) => vec![r.to_string()],
                    None => {
                        return Err(AuditError::Other(
                            "no region: pass --region (repeatable) or set one in the profile or AWS_REGION".into(),
                        ))
                    }
                }
            } else {
                args.regions.clone()
            };
            let client_for = |region: &str| {
                let mut conf = aws_sdk_config::config::Builder::from(&base)
                    .region(aws_sdk_config::config::Region::new(region.to_string()));
                if let Some(url) = &args.endpoint_url {
                    conf = conf.endpoint_url(url);
                }
                aws_sdk_config::Client::from_conf(conf.build())
            };
            if args.aggregator.is_some() && regions.len() > 1 {
                return Err(AuditError::Other(
                    "with --aggregator, give one --region: the region the aggregator is in (it already covers every account and region it collects)".into(),
                ));
            }
            let mut out = Vec::new();
            if let Some(name) = &args.aggregator {
                let region = regions.first().map(String::as_str).unwrap_or_default();
                out.push(audit::fetch(&client_for(region), Scope::Aggregator(name)).await?);
                Ok((out, vec![format!("aws-config:aggregator:{name}@{region}")]))
            } else {
                for region in &regions {
                    out.push(audit::fetch(&client_for(region), Scope::Region(region)).await?);
                }
                let roots = regions.iter().map(|r| format!("aws-config:{r}")).collect();
                Ok((out, roots))
            }
        });
    let (fetched, roots) = match fetched {
        Ok(f) => f,
        Err(AuditError::Credentials(message)) => {
            eprintln!("aiposture: error: {message}");
            return Ok(EXIT_ERROR);
        }
        Err(AuditError::Other(message)) => bail!(message),
    };
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for f in fetched {
        items.extend(f.items);
        diagnostics.extend(f.gaps);
    }
    let (sets, diags) = audit::to_sets(&items);
    diagnostics.extend(diags);
    diagnostics.sort();
    diagnostics.dedup();
    for d in &diagnostics {
        eprintln!("aiposture: {d}");
    }
    let evaluation = aiposture::rules::engine::run(&rules, &sets, &settings);
    let inventory: Vec<aiposture::scan::InventoryItem> = sets
        .iter()
        .flat_map(|s| s.resources.iter())
        .map(|r| aiposture::scan::InventoryItem {
            resource: aiposture::rules::engine::ResourceRef::of(r),
            location: r.location.clone(),
        })
        .collect();
    let provenance = provenance::Provenance {
        started_utc,
        command_line: std::env::args().collect(),
        roots,
        inputs: Vec::new(),
        git: None,
    };
    let report = Report {
        version: aiposture::VERSION,
        rules_digest: &digest,
        rules: &rules,
        findings: &evaluation.findings,
        passed: &evaluation.passed,
        unknown: (args.show_unknown
            || matches!(
                args.format,
                OutputFormat::Evidence | OutputFormat::InventoryJson
            ))
        .then_some(evaluation.unknown.as_slice()),
        diagnostics: &diagnostics,
        files: 0,
        resources: inventory.len(),
        inventory: &inventory,
        provenance: &provenance,
        sarif_root: None,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let rendered = match args.format {
        OutputFormat::Text => report::text::render(
            &report,
            report::text::Style {
                color,
                show_suppressed: false,
            },
        ),
        OutputFormat::Json => report::json::render(&report),
        OutputFormat::Sarif => report::sarif::render(&report),
        OutputFormat::Junit => report::junit::render(&report),
        OutputFormat::Evidence | OutputFormat::InventoryJson => {
            let inactive = inactive_rules(&rules, &settings);
            let evidence = report::evidence::Options {
                thresholds: Default::default(),
                waivers: &[],
                inactive_rules: &inactive,
            };
            if args.format == OutputFormat::InventoryJson {
                report::evidence::render_inventory(&report, &evidence)
            } else {
                let dir = args.output.as_deref().unwrap_or(Path::new("."));
                let files = report::evidence::bundle(&report, &evidence);
                report::evidence::write(dir, &files).with_context(|| {
                    format!("cannot write the evidence bundle to {}", dir.display())
                })?;
                eprintln!("aiposture: wrote the evidence bundle to {}", dir.display());
                String::new()
            }
        }
    };
    if args.format != OutputFormat::Evidence {
        write_output(args.output.as_deref(), &rendered)?;
    }
    let failing = threshold(args.fail_on).is_some_and(|t| {
        evaluation
            .findings
            .iter()
            .any(|f| f.is_active() && f.severity >= t)
    });
    Ok(if failing {
        EXIT_FINDINGS
    } else if diagnostics.iter().any(|d| d.is_error()) {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
}
