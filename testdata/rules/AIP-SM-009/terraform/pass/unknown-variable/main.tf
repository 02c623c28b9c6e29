variable "app_network_access_type" {
  description = "PublicInternetOnly for the workshop account, VpcOnly elsewhere."
  type        = string
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "data-science"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718"]
  app_network_access_type = var.app_network_access_type

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/studio-execution"
  }
}
