variable "isolate_models" {
  description = "Turn network isolation on for the serving models."
  type        = bool
  default     = false
}

resource "aws_sagemaker_model" "llm" {
  name                     = "support-llm"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = var.isolate_models # expect: AIP-SM-012

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/support-llm:2024.06.3"
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }
}

# An inference pipeline: isolation applies to every container of the model.
resource "aws_sagemaker_model" "pipeline" {
  name                     = "preprocess-and-classify"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = false # expect: AIP-SM-012

  container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/preprocess:3.1.0"
  }

  container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ticket-classifier:1.8.2"
    model_data_url = "s3://example-ml-artifacts/ticket-classifier/1.8.2/model.tar.gz"
  }
}
