# An encryption configuration whose bucket comes from a variable without a default may be the
# one for the log bucket: not known, so no finding.
variable "encrypted_bucket" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-bedrock-invocation-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = var.encrypted_bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
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
