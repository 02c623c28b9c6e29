# Serverless variants have no instance count: SageMaker manages the capacity.
resource "aws_sagemaker_endpoint_configuration" "classifier" {
  name = "ticket-classifier"

  production_variants {
    variant_name = "primary"
    model_name   = "ticket-classifier"

    serverless_config {
      max_concurrency         = 20
      memory_size_in_mb       = 4096
      provisioned_concurrency = 2
    }
  }
}
