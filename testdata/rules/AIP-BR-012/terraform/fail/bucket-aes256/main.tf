# The log group is on KMS; the large-payload bucket, found by its name, is on AES256.
resource "aws_kms_key" "logs" {
  description         = "Bedrock invocation logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name       = "/aws/bedrock/invocations"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_s3_bucket" "large" {
  bucket = "acme-bedrock-large-payloads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "large" {
  bucket = aws_s3_bucket.large.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.bedrock_invocations.name
      role_arn       = "arn:aws:iam::123456789012:role/bedrock-logging"

      large_data_delivery_s3_config {
        bucket_name = "acme-bedrock-large-payloads" # expect: AIP-BR-012
      }
    }
  }
}
