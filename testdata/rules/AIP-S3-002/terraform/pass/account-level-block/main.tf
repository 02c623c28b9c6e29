# The bucket's own block leaves settings off, but the account-level block turns them on.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "docs" {
  bucket = "acme-kb-docs"
}

resource "aws_s3_bucket_public_access_block" "docs" {
  bucket              = aws_s3_bucket.docs.id
  block_public_acls   = true
  block_public_policy = false
}

resource "aws_bedrockagent_data_source" "docs" {
  knowledge_base_id = "KB12345678"
  name              = "support-docs"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = aws_s3_bucket.docs.arn
    }
  }
}
