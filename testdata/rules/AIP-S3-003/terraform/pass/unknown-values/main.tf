variable "artifacts_policy" {
  type = string
}

variable "logs_bucket" {
  type = string
}

# The policy comes from a variable without a default.
resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = var.artifacts_policy
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# The logging destination is not known: this bucket may or may not be it.
resource "aws_s3_bucket" "maybe_logs" {
  bucket = "acme-maybe-logs"
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    text_data_delivery_enabled = true

    s3_config {
      bucket_name = var.logs_bucket
    }
  }
}
