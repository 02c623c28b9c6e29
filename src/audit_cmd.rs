//! `aiposture audit`: read live AWS Config data and run the rules on it.
//!
//! The AWS side (listing, batching, gaps) is in the library's `audit` module; this file resolves
//! the flags and the config file, picks the regions, draws the progress bar, applies waivers and
//! the baseline, and writes the report through the same path as `scan`.

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use aiposture::audit::{self, AuditError, Probe, Scope};
use aiposture::diagnostic::Diagnostic;
use aiposture::provenance::{self, LiveAudit, RegionSkipped};
use aiposture::report::Report;
use aiposture::rules::cond::Settings;
use aiposture::suppress::{self, Date};
use aiposture::{baseline, rules::engine};

use crate::cli::{AuditArgs, FailOn, OutputFormat};
use crate::{
    emit, exit_code, load_policy, require_evidence_dir, required_tags, resolve, Emit, Policy,
    PolicyFlags, EXIT_ERROR,
};

/// What the AWS side of an audit gave.
struct Gathered {
    items: Vec<(String, String, String)>,
    gaps: Vec<Diagnostic>,
    live: LiveAudit,
}

pub fn run(args: AuditArgs) -> Result<u8> {
    let cwd = std::env::current_dir()?;
    let Policy {
        rules,
        digest,
        config,
        waivers,
    } = load_policy(&PolicyFlags {
        start: &cwd,
        no_config: args.no_config,
        config: args.config.as_deref(),
        rules: args.rules.as_deref(),
        waivers: args.waivers.as_deref(),
    })?;
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
    let settings = Settings {
        required_tags: required_tags(config.as_ref(), &args.required_tags),
    };
    let baseline_path = args.baseline.clone().or_else(|| {
        config
            .as_ref()
            .and_then(|c| c.config.baseline.as_ref().map(|b| c.dir().join(b)))
    });
    let known = match &baseline_path {
        Some(path) => Some(baseline::load(path)?),
        None => None,
    };
    let types = audit::types_for(&rules);

    let started_utc = provenance::now_utc();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let gathered = match runtime.block_on(gather(&args, &types)) {
        Ok(g) => g,
        Err(AuditError::Credentials(message)) => {
            eprintln!("aiposture: error: {message}");
            return Ok(EXIT_ERROR);
        }
        Err(AuditError::Other(message)) => anyhow::bail!(message),
    };

    let mut diagnostics = gathered.gaps;
    let (sets, diags) = audit::to_sets(&gathered.items);
    diagnostics.extend(diags);
    diagnostics.sort();
    diagnostics.dedup();
    for d in &diagnostics {
        eprintln!("aiposture: {d}");
    }
    let mut evaluation = engine::run(&rules, &sets, &settings);
    // Waivers name live resources by ARN; there are no inline suppressions in Config data.
    let meta = suppress::apply(
        &mut evaluation.findings,
        &HashMap::new(),
        &[],
        &waivers,
        &rules,
        Date::today(),
        true,
    );
    evaluation.findings.extend(meta);
    evaluation
        .findings
        .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    if let Some(b) = &known {
        baseline::apply(&mut evaluation.findings, b);
    }

    let inventory: Vec<aiposture::scan::InventoryItem> = sets
        .iter()
        .flat_map(|s| s.resources.iter())
        .map(|r| aiposture::scan::InventoryItem {
            resource: engine::ResourceRef::of(r),
            location: r.location.clone(),
        })
        .collect();
    let roots = match &gathered.live.aggregator {
        Some(name) => vec![format!(
            "aws-config:aggregator:{name}@{}",
            gathered.live.regions.join(",")
        )],
        None => gathered
            .live
            .regions
            .iter()
            .map(|r| format!("aws-config:{r}"))
            .collect(),
    };
    let provenance = provenance::Provenance {
        started_utc,
        command_line: std::env::args().collect(),
        roots,
        inputs: Vec::new(),
        git: None,
        live: Some(gathered.live),
    };
    let report = Report {
        version: aiposture::VERSION,
        rules_digest: &digest,
        rules: &rules,
        findings: &evaluation.findings,
        passed: &evaluation.passed,
        unknown: (args.show_unknown
            || matches!(format, OutputFormat::Evidence | OutputFormat::InventoryJson))
        .then_some(evaluation.unknown.as_slice()),
        diagnostics: &diagnostics,
        files: 0,
        resources: inventory.len(),
        inventory: &inventory,
        provenance: &provenance,
        sarif_root: None,
    };
    emit(
        &report,
        &Emit {
            format,
            output: args.output.as_deref(),
            color: args.color,
            show_suppressed: args.show_suppressed,
            config: config.as_ref(),
            waivers: &waivers,
            settings: &settings,
        },
    )?;
    Ok(exit_code(&evaluation.findings, &diagnostics, fail_on))
}

/// Credentials, regions, and the items of every region (or of the aggregator).
async fn gather(args: &AuditArgs, types: &[String]) -> Result<Gathered, AuditError> {
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
    let client_for = |region: &str| {
        let mut conf = aws_sdk_config::config::Builder::from(&base)
            .region(aws_sdk_config::config::Region::new(region.to_string()));
        if let Some(url) = &args.endpoint_url {
            conf = conf.endpoint_url(url);
        }
        aws_sdk_config::Client::from_conf(conf.build())
    };
    let bar = progress_bar(args.no_progress);
    let mut live = LiveAudit {
        aggregator: args.aggregator.clone(),
        resource_types: types.to_vec(),
        ..LiveAudit::default()
    };
    let mut gaps = Vec::new();

    let regions: Vec<String> = if args.all_regions {
        bar.set_message("finding the regions where AWS Config records");
        let mut recording = Vec::new();
        let mut rejected = Vec::new();
        for region in audit::COMMERCIAL_REGIONS {
            match audit::probe(&client_for(region)).await {
                Probe::Recording => recording.push(region.to_string()),
                Probe::NotRecording(why) => live.regions_not_audited.push(RegionSkipped {
                    region: region.to_string(),
                    reason: why,
                }),
                Probe::Rejected(why) => rejected.push((region.to_string(), why)),
                Probe::Failed(why) => {
                    gaps.push(Diagnostic::new(
                        region,
                        None,
                        format!("coverage gap: could not tell whether AWS Config records in {region}, so it was not audited: {why}"),
                    ));
                    live.regions_not_audited.push(RegionSkipped {
                        region: region.to_string(),
                        reason: why,
                    });
                }
            }
        }
        // Every region rejecting the token means the credentials are bad, not that every
        // region is an opt-in region the account has not enabled.
        if rejected.len() == audit::COMMERCIAL_REGIONS.len() {
            return Err(AuditError::Credentials(rejected.swap_remove(0).1));
        }
        for (region, _) in rejected {
            live.regions_not_audited.push(RegionSkipped {
                region,
                reason: "AWS rejected the credentials there: an opt-in region this account has not enabled".into(),
            });
        }
        for skipped in &live.regions_not_audited {
            gaps.push(Diagnostic::info(
                &skipped.region,
                None,
                format!("not audited: {}", skipped.reason),
            ));
        }
        if recording.is_empty() {
            return Err(AuditError::Other(
                "AWS Config is not recording in any commercial region of this account; nothing to audit (see `aiposture audit --help`)".into(),
            ));
        }
        recording
    } else if args.regions.is_empty() {
        match base.region() {
            Some(r) => vec![r.to_string()],
            None => {
                return Err(AuditError::Other(
                    "no region: pass --region (repeatable) or --all-regions, or set one in the profile or AWS_REGION".into(),
                ))
            }
        }
    } else {
        args.regions.clone()
    };
    if args.aggregator.is_some() && regions.len() > 1 {
        return Err(AuditError::Other(
            "with --aggregator, give one --region: the region the aggregator is in (it already covers every account and region it collects)".into(),
        ));
    }

    let mut items = Vec::new();
    let scopes: Vec<(String, Scope)> = match &args.aggregator {
        Some(name) => vec![(format!("aggregator {name}"), Scope::Aggregator(name))],
        None => regions
            .iter()
            .map(|r| (r.clone(), Scope::Region(r.as_str())))
            .collect(),
    };
    for (i, (label, scope)) in scopes.into_iter().enumerate() {
        let region = &regions[i.min(regions.len() - 1)];
        let prefix = format!("[{}/{}] {label}", i + 1, regions.len().max(1));
        bar.set_message(format!("{prefix}: listing"));
        let shown = bar.clone();
        let report = move |p: audit::Progress| match p {
            audit::Progress::Listed(n) => shown.set_message(format!("{prefix}: listed {n}")),
            audit::Progress::Fetched(n, of) => {
                shown.set_message(format!("{prefix}: fetched {n} of {of}"))
            }
        };
        let fetched =
            audit::fetch_with_progress(&client_for(region), scope, types, &report).await?;
        items.extend(fetched.items);
        gaps.extend(fetched.gaps);
    }
    bar.finish_and_clear();
    live.regions = regions;
    live.accounts = items
        .iter()
        .map(|(account, _, _)| account.clone())
        .filter(|a| !a.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    live.items = items.len();
    Ok(Gathered { items, gaps, live })
}

/// A spinner with a message on stderr, drawn only on a terminal and never in CI.
fn progress_bar(disabled: bool) -> ProgressBar {
    let visible = !disabled && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let bar = if visible {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
        bar.set_style(style);
    }
    if visible {
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    bar
}
