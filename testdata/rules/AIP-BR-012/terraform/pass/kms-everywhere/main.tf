resource "aws_kms_key" "logs" {
  description         = "Bedrock invocation logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name       = "/aws/bedrock/invocations"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-bedrock-invocation-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.logs.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.bedrock_invocations.name
      role_arn       = "arn:aws:iam::123456789012:role/bedrock-logging"

      large_data_delivery_s3_config {
        bucket_name = aws_s3_bucket.logs.id
        key_prefix  = "large"
      }
    }

    s3_config {
      bucket_name = aws_s3_bucket.logs.bucket
      key_prefix  = "bedrock"
    }
  }
}
