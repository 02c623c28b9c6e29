# A model built from a versioned model package: its images are fixed in the package.
resource "aws_sagemaker_model" "approved" {
  name                     = "ticket-classifier-approved"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = true

  primary_container {
    model_package_name = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/ticket-classifier/7"
  }
}
