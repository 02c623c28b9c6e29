resource "aws_kms_key" "knowledge_base" {
  description         = "Help-center ingestion"
  enable_key_rotation = true
}

resource "aws_bedrockagent_data_source" "help_center" {
  knowledge_base_id = "KB1A2B3C4D"
  name              = "help-center-articles"

  data_source_configuration {
    type = "S3"

    s3_configuration {
      bucket_arn = "arn:aws:s3:::example-help-center-articles"
    }
  }

  server_side_encryption_configuration {
    kms_key_arn = aws_kms_key.knowledge_base.arn
  }
}
