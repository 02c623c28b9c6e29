resource "aws_kms_key" "ml" {
  description         = "ML data"
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.ml.arn
  direct_internet_access = "Disabled"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  security_groups        = ["sg-0123456789abcdef0"]
  root_access            = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
