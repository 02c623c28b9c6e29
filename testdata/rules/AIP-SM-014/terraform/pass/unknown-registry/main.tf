variable "serving_image" {
  description = "Image URI, chosen by the release pipeline."
  type        = string
}

variable "account_id" {
  type = string
}

variable "access_mode" {
  type = string
}

data "aws_sagemaker_prebuilt_ecr_image" "xgboost" {
  repository_name = "sagemaker-xgboost"
  image_tag       = "1.7-1"
}

resource "aws_iam_role" "execution" {
  name = "sagemaker-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# The whole image comes from a variable without a default.
resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = aws_iam_role.execution.arn

  primary_container {
    image = var.serving_image
  }
}

# The registry account is computed.
resource "aws_sagemaker_model" "embedder" {
  name               = "embedder"
  execution_role_arn = aws_iam_role.execution.arn

  primary_container {
    image = "${var.account_id}.dkr.ecr.eu-west-1.amazonaws.com/embedder:0.9.1"
  }
}

# Another account's registry, but the model's own account is not known.
resource "aws_sagemaker_model" "vendor" {
  name               = "vendor-llm"
  execution_role_arn = aws_iam_role.execution.arn

  primary_container {
    image = "999988887777.dkr.ecr.eu-west-1.amazonaws.com/vendor/llm:1"
  }
}

# SageMaker's prebuilt image, looked up by the provider.
resource "aws_sagemaker_model" "churn" {
  name               = "churn"
  execution_role_arn = aws_iam_role.execution.arn

  primary_container {
    image = data.aws_sagemaker_prebuilt_ecr_image.xgboost.registry_path
  }
}

# Not Amazon ECR, and the access mode is not known.
resource "aws_sagemaker_model" "reranker" {
  name               = "reranker"
  execution_role_arn = aws_iam_role.execution.arn

  primary_container {
    image = "registry.ml.internal:5000/serving/reranker:3"

    image_config {
      repository_access_mode = var.access_mode
    }
  }
}
