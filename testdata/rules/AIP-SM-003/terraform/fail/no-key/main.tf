resource "aws_sagemaker_endpoint_configuration" "llm" { # expect: AIP-SM-003
  name = "llm"

  production_variant {
    variant_name           = "primary"
    model_name             = "llm-model"
    initial_instance_count = 2
    instance_type          = "ml.g5.2xlarge"
  }
}
