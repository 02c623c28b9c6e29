resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1.0"
  }
}

# enable_logging and enable are absent: both default to true.
resource "aws_cloudtrail" "main" {
  name                  = "ml-trail"
  s3_bucket_name        = "acme-org-audit-cloudtrail"
  is_multi_region_trail = true
}

resource "aws_guardduty_detector" "main" {}
