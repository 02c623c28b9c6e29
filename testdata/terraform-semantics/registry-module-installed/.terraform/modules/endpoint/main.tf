variable "name" {}

resource "aws_sagemaker_endpoint_configuration" "this" {
  name = var.name

  production_variant {
    variant_name           = "primary"
    model_name             = var.name
    initial_instance_count = 2
    instance_type          = "ml.g5.xlarge"
  }
}
