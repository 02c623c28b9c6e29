variable "reranker_tag" {
  description = "Set by the release pipeline."
  type        = string
}

# Straight from Docker Hub (no registry host means Docker Hub).
resource "aws_sagemaker_model" "tgi" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "huggingface/text-generation-inference:2.0.4" # expect: AIP-SM-014
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }
}

# An inference pipeline whose second container comes from Amazon ECR Public.
resource "aws_sagemaker_model" "pipeline" {
  name               = "preprocess-and-classify"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/preprocess:3.1.0"
  }

  container {
    image = "public.ecr.aws/example/ticket-classifier:1.8.2" # expect: AIP-SM-014
  }
}

# The tag is computed, but the registry (GitHub) is known.
resource "aws_sagemaker_model" "reranker" {
  name               = "reranker"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "ghcr.io/example-ml/reranker:${var.reranker_tag}" # expect: AIP-SM-014
  }
}
