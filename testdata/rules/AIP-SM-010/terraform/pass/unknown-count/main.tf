variable "instance_count" {
  description = "Instances per variant, set per environment."
  type        = number
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name = "support-llm"

  production_variants {
    variant_name           = "primary"
    model_name             = "support-llm"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = var.instance_count
  }
}
