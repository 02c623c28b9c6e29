variable "imds_minimum_version" {
  type    = string
  default = "1"
}

resource "aws_sagemaker_notebook_instance" "legacy" {
  name          = "legacy-tooling"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.t3.medium"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "1" # expect: AIP-SM-008
  }
}

resource "aws_sagemaker_notebook_instance" "batch" {
  name          = "batch-eda"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.m5.large"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = var.imds_minimum_version # expect: AIP-SM-008
  }
}
