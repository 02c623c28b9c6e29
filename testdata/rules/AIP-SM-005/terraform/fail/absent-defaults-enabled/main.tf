resource "aws_sagemaker_notebook_instance" "research" { # expect: AIP-SM-005
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"
  root_access   = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}

# The account's audit trail and threat detection (so AIP-LOG-001 has nothing to report).
resource "aws_cloudtrail" "main" {
  name           = "audit"
  s3_bucket_name = "acme-audit-trail"
}

resource "aws_guardduty_detector" "main" {}
