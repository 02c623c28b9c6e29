resource "aws_sagemaker_notebook_instance" "research" { # expect: AIP-SM-002
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"
}
