variable "canary_instances" {
  type    = number
  default = 1
}

# A/B test: the primary variant is redundant, the canary runs on one instance.
resource "aws_sagemaker_endpoint_configuration" "ranking" {
  name = "ranking-ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "ranking-v7"
    instance_type          = "ml.c6i.xlarge"
    initial_instance_count = 3
    initial_variant_weight = 0.9
  }

  production_variants {
    variant_name           = "canary"
    model_name             = "ranking-v8"
    instance_type          = "ml.c6i.xlarge"
    initial_instance_count = var.canary_instances # expect: AIP-SM-010
    initial_variant_weight = 0.1
  }
}
