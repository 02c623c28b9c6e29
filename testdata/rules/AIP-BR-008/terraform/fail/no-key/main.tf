resource "aws_bedrockagent_data_source" "help_center" { # expect: AIP-BR-008
  knowledge_base_id = "KB1A2B3C4D"
  name              = "help-center-articles"

  data_source_configuration {
    type = "S3"

    s3_configuration {
      bucket_arn         = "arn:aws:s3:::example-help-center-articles"
      inclusion_prefixes = ["published/"]
    }
  }
}
