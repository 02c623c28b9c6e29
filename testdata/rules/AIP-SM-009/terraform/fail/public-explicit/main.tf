locals {
  network_access = "PublicInternetOnly"
}

resource "aws_sagemaker_domain" "sandbox" {
  domain_name             = "sandbox"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718"]
  app_network_access_type = "PublicInternetOnly" # expect: AIP-SM-009

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/studio-execution"
  }
}

resource "aws_sagemaker_domain" "workshop" {
  domain_name             = "workshop"
  auth_mode               = "SSO"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718"]
  app_network_access_type = local.network_access # expect: AIP-SM-009

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/studio-execution"
  }
}
