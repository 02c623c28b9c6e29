# Account-level threat detection and audit trail for the ML account.

resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"

  tags = local.tags
}

# Management events go to the central audit bucket owned by the security team.
resource "aws_cloudtrail" "main" {
  name                          = "${var.project}-trail"
  s3_bucket_name                = "acme-org-audit-cloudtrail"
  s3_key_prefix                 = var.project
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true

  tags = local.tags
}
