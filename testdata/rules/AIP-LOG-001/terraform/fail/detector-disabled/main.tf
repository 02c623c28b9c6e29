resource "aws_sagemaker_notebook_instance" "research" { # expect: AIP-LOG-001
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}

resource "aws_cloudtrail" "main" {
  name                  = "ml-trail"
  s3_bucket_name        = "acme-org-audit-cloudtrail"
  is_multi_region_trail = true
}

# A detector that is switched off counts as none.
resource "aws_guardduty_detector" "main" {
  enable = false
}
