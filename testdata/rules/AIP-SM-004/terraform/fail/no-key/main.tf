resource "aws_sagemaker_domain" "studio" { # expect: AIP-SM-004
  domain_name             = "ml-studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d"
  subnet_ids              = ["subnet-0a1b2c3d"]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/studio"
  }
}
