resource "aws_sagemaker_endpoint_configuration" "llm" { # expect: AIP-LOG-001
  name        = "llm"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "llm"
    initial_instance_count = 2
    instance_type          = "ml.g5.2xlarge"
  }
}

# The trail exists but does not log.
resource "aws_cloudtrail" "main" {
  name           = "ml-trail"
  s3_bucket_name = "acme-org-audit-cloudtrail"
  enable_logging = false
}

resource "aws_guardduty_detector" "main" {}
