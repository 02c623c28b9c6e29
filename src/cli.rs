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
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, \
2 operational error (bad flags, bad rule files, files that could not be parsed)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for security gaps
    Scan(ScanArgs),
    /// List the rules
    Rules(RulesArgs),
    /// Show one rule in full: why it matters, what is checked, how to fix it
    Explain(ExplainArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped by file, for people (nothing is printed when clean)
    Text,
    /// The JSON output contract (schema version 1), for tools
    Json,
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

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan. A file is reported on alone, but its whole Terraform
    /// directory is loaded so variables and references resolve.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when a finding has this severity or higher
    #[arg(long, value_enum, default_value_t = FailOn::Low)]
    pub fail_on: FailOn,

    /// Skip paths matching this glob (gitignore syntax); repeatable
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

    /// Also list the checks that could not decide because a value is unknown statically
    #[arg(long)]
    pub show_unknown: bool,

    /// Skip (and report) input files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = crate_default_max())]
    pub max_file_size: u64,

    /// Colour in text output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

fn crate_default_max() -> u64 {
    aiposture::scan::DEFAULT_MAX_FILE_SIZE
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
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
