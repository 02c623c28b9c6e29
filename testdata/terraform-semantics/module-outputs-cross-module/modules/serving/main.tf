variable "kms_key" {
  default = null
}

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
