//! Command-line definitions. Every flag documents itself in `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "aiposture",
    version,
    about = "Find the security gaps in AI infrastructure on AWS (SageMaker, Bedrock, and what surrounds them)",
    long_about = "aiposture scans Terraform for the security gaps of AI infrastructure on AWS: \
SageMaker and Bedrock encryption, public inference endpoints without WAF, overbroad IAM, \
missing VPC endpoints, long-lived and hard-coded credentials. Every finding comes with a fix.\n\n\
Settings come from .aiposture.toml (found by walking up from the first path), then flags.\n\n\
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, \
2 operational error (bad flags, bad rule, config, waiver or baseline files, files that could \
not be parsed)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for security gaps
    Scan(ScanArgs),
    /// Record today's findings so later scans report only new ones
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// List the rules
    Rules(RulesArgs),
    /// Show one rule in full: why it matters, what is checked, how to fix it
    Explain(ExplainArgs),
    /// Audit what is deployed: read a live account's (or organisation's) AWS Config data,
    /// read-only, and run the rules on it
    #[command(long_about = AUDIT_ABOUT)]
    Audit(AuditArgs),
}

const AUDIT_ABOUT: &str = "Audit what is deployed: read the AI-relevant resources that AWS Config \
records (SageMaker notebooks, endpoint configs, domains, models, monitoring job definitions, feature \
groups; Bedrock guardrails and knowledge bases where Config records them; IAM policies, roles, users, \
groups; Lambda functions; S3 buckets; ECR repositories) in a live account, or in a whole organisation \
through a Config aggregator, and run the same rules as `scan`. The types read are the ones the \
rules' AWS Config checks name. Read-only: it calls config:DescribeConfigurationRecorders, \
config:DescribeConfigurationRecorderStatus (with --all-regions), config:SelectResourceConfig and \
config:BatchGetResourceConfig (with --aggregator: config:SelectAggregateResourceConfig and \
config:BatchGetAggregateResourceConfig) and nothing else; docs/live-audit.md has the IAM policy.\n\n\
Credentials come from the standard AWS chain (environment, --profile / AWS_PROFILE, SSO, \
container and instance roles). Findings are located at ACCOUNT/REGION and addressed by ARN. \
A .aiposture.toml found from the current directory up applies as it does to `scan` (rule \
settings, required tags, waivers by ARN, format, fail-on, baseline).\n\n\
What could not be audited (a region not recording, a type the region's recorder does not record, \
a call that was denied) is reported as a coverage gap on stderr and in the report's errors, never \
dropped. A progress bar is drawn on stderr when it is a terminal (not in CI).\n\n\
Examples:\n  aiposture audit --profile prod --region eu-west-1\n  \
aiposture audit --region eu-west-1 --region us-east-1 --format json -o audit.json\n  \
aiposture audit --all-regions --format sarif -o audit.sarif\n  \
aiposture audit --aggregator org-aggregator --region us-east-1 --format evidence -o evidence/\n\n\
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 missing or \
rejected credentials, bad flags, or a call that failed or was denied (a coverage gap at error level).";

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Named profile from ~/.aws/config and ~/.aws/credentials [default: AWS_PROFILE, else
    /// `default`]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Region to audit; repeatable [default: the profile's or environment's region]. With
    /// --aggregator: the region the aggregator lives in
    #[arg(long = "region", value_name = "REGION", conflicts_with = "all_regions")]
    pub regions: Vec<String>,

    /// Audit every commercial region where AWS Config is recording (regions without a running
    /// recorder, or not enabled for the account, are listed as not audited)
    #[arg(long, conflicts_with = "aggregator")]
    pub all_regions: bool,

    /// Audit every account and region a Config aggregator collects (the organisation), through
    /// the aggregate APIs
    #[arg(long, value_name = "NAME")]
    pub aggregator: Option<String>,

    /// Send the AWS Config calls to this endpoint instead of the public one (VPC endpoints,
    /// tests)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Output format [default: text, or `format` from the config]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<OutputFormat>,

    /// Write the report to FILE instead of standard output; with --format evidence, the
    /// directory to write the bundle into (required)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when an active finding has this severity or higher [default: low, or
    /// `fail-on` from the config]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Also load every *.yaml rule file in DIR (in addition to the built-in rules)
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Use this config file instead of looking for .aiposture.toml from the current directory
    /// up (its rules, required-tags, waivers, format, fail-on and baseline apply)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any .aiposture.toml
    #[arg(long)]
    pub no_config: bool,

    /// Waiver file (default: .aiposture-waivers.yaml beside the config, or found by walking up
    /// from the current directory); waivers match live resources by ARN
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,

    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// A tag key every AI resource must carry (turns on AIP-GOV-001); repeatable, added to the
    /// config's `required-tags`
    #[arg(long = "required-tag", value_name = "KEY")]
    pub required_tags: Vec<String>,

    /// Also list the checks that could not decide because a value is unknown
    #[arg(long)]
    pub show_unknown: bool,

    /// Also list suppressed and baselined findings in text output
    #[arg(long)]
    pub show_suppressed: bool,

    /// No progress bar on stderr (it is only drawn on a terminal, and never when CI is set)
    #[arg(long)]
    pub no_progress: bool,

    /// Colour in text output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan and write the fingerprints of the (unsuppressed) findings to a baseline file
    Create(BaselineCreateArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped by file, for people (nothing is printed when clean)
    Text,
    /// The JSON output contract (schema version 1), for tools
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// JUnit XML, for GitLab, Jenkins and Azure Pipelines test reports
    Junit,
    /// A governance evidence bundle (report.html, report.json, report.md, manifest.json)
    /// written into the directory named by --output
    Evidence,
    /// The AI asset inventory as JSON: SageMaker and Bedrock resources and what findings tie
    /// to them, with each rule's result
    InventoryJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Info,
    /// Never exit 1 because of findings
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What to read and with which settings; shared by `scan` and `baseline create`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to scan. A file is reported on alone, but its whole Terraform
    /// directory is loaded so variables and references resolve (what a pre-commit hook needs).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Skip paths matching this glob (gitignore syntax); repeatable, added to the config's
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Also load every *.yaml rule file in DIR (in addition to the built-in rules)
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Set a Terraform variable, as `terraform plan -var` does; repeatable
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// Read Terraform variables from a .tfvars (or .tfvars.json) file; repeatable
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,

    /// Set a CloudFormation parameter (or pseudo parameter such as AWS::Region); repeatable
    #[arg(long = "cfn-param", value_name = "NAME=VALUE")]
    pub cfn_params: Vec<String>,

    /// Read CloudFormation parameters from a JSON file in the `aws cloudformation` CLI format
    /// (`[{"ParameterKey": "Env", "ParameterValue": "prod"}]`)
    #[arg(long = "cfn-params", value_name = "FILE")]
    pub cfn_params_file: Option<PathBuf>,

    /// Where the .tf sources of a plan JSON are, so findings point at .tf lines [default: the
    /// plan's directory]
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,

    /// Skip (and report) input files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = aiposture::scan::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Use this config file instead of looking for .aiposture.toml
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any .aiposture.toml
    #[arg(long)]
    pub no_config: bool,

    /// A tag key every AI resource must carry (turns on AIP-GOV-001); repeatable, added to
    /// the config's `required-tags`
    #[arg(long = "required-tag", value_name = "KEY")]
    pub required_tags: Vec<String>,

    /// Waiver file (default: .aiposture-waivers.yaml beside the config, or found by walking up)
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format [default: text, or `format` from the config]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<OutputFormat>,

    /// Write the report to FILE instead of standard output; with --format evidence, the
    /// directory to write the bundle into (created when missing; required)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when an active finding has this severity or higher [default: low, or
    /// `fail-on` from the config]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Report only findings that are not in this baseline file (see `aiposture baseline create`)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Also list the checks that could not decide because a value is unknown statically
    #[arg(long)]
    pub show_unknown: bool,

    /// Also list suppressed and baselined findings in text output (they are always in JSON,
    /// SARIF and JUnit, marked)
    #[arg(long)]
    pub show_suppressed: bool,

    /// Directory SARIF file URIs are relative to [default: the git top level, else the
    /// current directory]
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,

    /// Colour in text output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write the baseline
    #[arg(long, short = 'o', value_name = "FILE", default_value = aiposture::baseline::DEFAULT_FILE)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format (text or json)
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Also load every *.yaml rule file in DIR
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id (e.g. AIP-SM-005), an alias, or a slug
    pub id: String,

    /// Also load every *.yaml rule file in DIR
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}
