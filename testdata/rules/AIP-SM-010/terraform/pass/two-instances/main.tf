resource "aws_sagemaker_endpoint_configuration" "llm" {
  name        = "support-llm"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "support-llm"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 2
  }

  # Shadow variants take a copy of the traffic and answer nobody: not a production variant.
  shadow_production_variants {
    variant_name           = "shadow"
    model_name             = "support-llm-next"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 1
  }
}
