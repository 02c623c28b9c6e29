resource "aws_sagemaker_endpoint_configuration" "llm" { # expect: AIP-SM-011
  name        = "support-llm"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "support-llm"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 2
  }

  tags = {
    service = "support-assistant"
  }
}
