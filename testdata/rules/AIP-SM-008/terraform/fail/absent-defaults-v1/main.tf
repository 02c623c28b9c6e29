# No instance_metadata_service_configuration: the minimum version defaults to 1 (IMDSv1 allowed).
resource "aws_sagemaker_notebook_instance" "research" { # expect: AIP-SM-008
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
