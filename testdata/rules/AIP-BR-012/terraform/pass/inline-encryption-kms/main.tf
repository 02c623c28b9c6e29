# Default encryption set with the bucket's own (older) server_side_encryption_configuration block.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-bedrock-invocation-logs"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    s3_config {
      bucket_name = aws_s3_bucket.logs.id
    }
  }
}
