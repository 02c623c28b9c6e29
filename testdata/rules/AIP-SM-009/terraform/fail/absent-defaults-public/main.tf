# app_network_access_type is left out, so Studio apps use SageMaker's internet-facing VPC.
resource "aws_sagemaker_domain" "studio" { # expect: AIP-SM-009
  domain_name = "data-science"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
  subnet_ids  = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
  kms_key_id  = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/studio-execution"
  }
}
