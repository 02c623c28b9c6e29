# Whether the detector is on is decided per environment: not known, so no finding.
variable "guardduty_enabled" {
  type = bool
}

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/support-agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

resource "aws_cloudtrail" "main" {
  name           = "ml-trail"
  s3_bucket_name = "acme-org-audit-cloudtrail"
}

resource "aws_guardduty_detector" "main" {
  enable = var.guardduty_enabled
}
