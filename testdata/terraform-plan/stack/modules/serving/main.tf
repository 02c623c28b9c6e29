variable "kms_key" {}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name        = "llm"
  kms_key_arn = var.kms_key

  production_variant {
    variant_name           = "primary"
    model_name             = "llm"
    initial_instance_count = 2
    instance_type          = "ml.g5.2xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "batch" {
  name = "batch"

  production_variant {
    variant_name           = "primary"
    model_name             = "llm"
    initial_instance_count = 1
    instance_type          = "ml.g5.2xlarge"
  }
}
