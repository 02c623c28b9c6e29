//! The coverage target: the checks the best existing tools have for AI infrastructure on AWS,
//! one row per concept, with the input formats where the resource exists. Rules name the rows
//! they implement (`coverage: [N]`), and docs/coverage.md is generated from both.

use super::Rule;
use crate::model::Format;

pub struct Row {
    pub number: u32,
    pub concept: &'static str,
    /// The formats where the resource exists: the sides a rule for this row must have, or
    /// explain (`unsupported:`) why it cannot.
    pub formats: &'static [Format],
    /// Which peer tools have it today, or that none does.
    pub peers: &'static str,
}

const T: Format = Format::Terraform;
const C: Format = Format::CloudFormation;
const A: Format = Format::AwsConfig;

pub const ROWS: &[Row] = &[
    row(1, "SageMaker notebook direct internet access (absent means Enabled)", &[T, C, A], "Checkov, KICS, Prowler, AWS Config"),
    row(2, "SageMaker notebook root access enabled (absent means Enabled)", &[T, C, A], "Checkov, Prowler, AWS Config"),
    row(3, "SageMaker notebook not in a VPC subnet", &[T, C, A], "Checkov, KICS, Prowler, AWS Config"),
    row(4, "SageMaker notebook without customer-managed KMS key", &[T, C, A], "Checkov, KICS, Prowler, AWS Config"),
    row(5, "SageMaker notebook IMDSv1 allowed", &[T, C], "Checkov"),
    row(6, "SageMaker Studio domain without KMS key", &[T, C, A], "Checkov"),
    row(7, "SageMaker Studio domain on PublicInternetOnly network access", &[T, C, A], "AWS Config"),
    row(8, "SageMaker endpoint configuration without KMS key", &[T, C, A], "Checkov, KICS, Prowler, AWS Config"),
    row(9, "SageMaker production variant with a single instance", &[T, C, A], "Prowler, Security Hub"),
    row(10, "SageMaker endpoint without data capture", &[T, C], "none"),
    row(11, "SageMaker model network isolation off", &[T, C, A], "Checkov, Prowler, AWS Config"),
    row(12, "SageMaker model without VPC config", &[T, C, A], "Prowler, AWS Config"),
    row(13, "SageMaker model container image from outside the account's private registry", &[T, C, A], "Security Hub"),
    row(14, "Training, processing, transform and tuning jobs in pipelines and Step Functions: inter-container encryption, network isolation, VPC, volume/output KMS", &[T, C], "Prowler (live only); none in IaC"),
    row(15, "Monitoring job definitions: inter-container encryption off", &[T, C, A], "Checkov (data quality only), Security Hub"),
    row(16, "Monitoring job definitions: network isolation off; output or volume without KMS", &[T, C, A], "Checkov (data quality only), Security Hub"),
    row(17, "Feature group online/offline store without KMS", &[T, C, A], "Security Hub"),
    row(18, "Human review flow definition (A2I) without KMS", &[T, C], "Checkov"),
    row(19, "Bedrock agent without customer-managed KMS key", &[T, C], "Checkov"),
    row(20, "Bedrock agent without a guardrail", &[T, C], "Checkov, Prowler"),
    row(21, "Bedrock guardrail without prompt-attack filter, sensitive-information filter, or with weak strengths", &[T, C, A], "Prowler (live only); none in IaC"),
    row(22, "Bedrock guardrail, knowledge base, data source, custom model, prompt without KMS", &[T, C, A], "Prowler (live), AWS Config"),
    row(23, "Bedrock model invocation logging not configured, or its destinations not encrypted with KMS", &[T, C], "Prowler (live only); none in IaC"),
    row(24, "VPC running SageMaker or Bedrock workloads without interface endpoints for them", &[T, C], "Prowler (live, Bedrock only); none in IaC"),
    row(25, "Public inference entry point without WAF", &[T, C], "Checkov, KICS, Prowler (not AI-aware)"),
    row(26, "Inference entry point without authentication", &[T, C], "Checkov, KICS"),
    row(27, "Inference API without throttling or usage plan", &[T, C], "none"),
    row(28, "IAM policy granting wildcard AI actions or AI actions on every resource", &[T, C, A], "Checkov (generic), Prowler"),
    row(29, "Full-access managed policy for Bedrock or SageMaker (or AdministratorAccess) attached", &[T, C, A], "Prowler"),
    row(30, "iam:PassRole on * in roles used by SageMaker or Bedrock", &[T, C, A], "Checkov, KICS"),
    row(31, "Trust policy of an AI execution role: any principal, wildcard account, or no confused-deputy condition", &[T, C, A], "none"),
    row(32, "Long-lived IAM access keys", &[T, C], "Checkov, KICS"),
    row(33, "Bedrock long-term API keys", &[T, C], "Prowler (live only); none in IaC"),
    row(34, "API Gateway API keys as the only authentication of an AI API", &[T, C], "none"),
    row(35, "Hard-coded secrets and AI provider keys in IaC, redacted", &[T, C, A], "Checkov (generic), Prowler (live)"),
    row(36, "Secrets Manager secret holding an AI provider key without rotation", &[T, C], "none"),
    row(37, "S3 bucket holding training data or model artifacts without KMS, public access block or TLS-only policy", &[T, C, A], "generic S3 checks; none scoped to AI data"),
    row(38, "No CloudTrail or GuardDuty in a stack that runs AI workloads", &[T, C], "none"),
    row(39, "ECR repository for ML containers without scan-on-push or with mutable tags", &[T, C, A], "Checkov, KICS (generic)"),
    row(40, "Required governance tags on AI resources missing", &[T, C, A], "none"),
];

const fn row(
    number: u32,
    concept: &'static str,
    formats: &'static [Format],
    peers: &'static str,
) -> Row {
    Row {
        number,
        concept,
        formats,
        peers,
    }
}

/// Where one row stands: the rules that implement it and, per format of the row, which of them
/// check it or say why they cannot.
pub struct RowStatus<'a> {
    pub row: &'static Row,
    pub rules: Vec<&'a Rule>,
    pub sides: Vec<Side<'a>>,
}

pub struct Side<'a> {
    pub format: Format,
    /// Rules with checks in this format.
    pub checked_by: Vec<&'a str>,
    /// (rule id, reason) for rules that say this side cannot exist.
    pub unsupported: Vec<(&'a str, &'a str)>,
}

impl RowStatus<'_> {
    /// The row's formats that no rule checks and no rule explains.
    pub fn missing(&self) -> Vec<Format> {
        self.sides
            .iter()
            .filter(|s| s.checked_by.is_empty() && s.unsupported.is_empty())
            .map(|s| s.format)
            .collect()
    }
}

pub fn status(rules: &[Rule]) -> Vec<RowStatus<'_>> {
    ROWS.iter()
        .map(|row| {
            let implementing: Vec<&Rule> = rules
                .iter()
                .filter(|r| !r.deprecated && r.coverage.contains(&row.number))
                .collect();
            let sides = row
                .formats
                .iter()
                .map(|f| {
                    let checked_by = implementing
                        .iter()
                        .filter(|r| r.checks.iter().any(|c| c.format == *f))
                        .map(|r| r.id.as_str())
                        .collect();
                    let unsupported = implementing
                        .iter()
                        .filter_map(|r| {
                            r.unsupported
                                .get(f)
                                .map(|why| (r.id.as_str(), why.as_str()))
                        })
                        .collect();
                    Side {
                        format: *f,
                        checked_by,
                        unsupported,
                    }
                })
                .collect();
            RowStatus {
                row,
                rules: implementing,
                sides,
            }
        })
        .collect()
}
