variable "block_public_policy" {
  type = bool
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = var.block_public_policy
  restrict_public_buckets = true
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}
