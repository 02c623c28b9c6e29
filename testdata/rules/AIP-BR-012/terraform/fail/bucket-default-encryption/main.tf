# No default-encryption configuration: the bucket uses SSE-S3 (AES256).
resource "aws_s3_bucket" "invocation_logs" {
  bucket = "acme-bedrock-invocation-logs"
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    text_data_delivery_enabled = true

    s3_config {
      bucket_name = aws_s3_bucket.invocation_logs.id # expect: AIP-BR-012
      key_prefix  = "bedrock"
    }
  }
}
