locals {
  kms_key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name        = "llm"
  kms_key_arn = local.kms_key

  production_variant {
    variant_name           = "primary"
    model_name             = "llm-model"
    initial_instance_count = 2
    instance_type          = "ml.g5.2xlarge"
  }
}
