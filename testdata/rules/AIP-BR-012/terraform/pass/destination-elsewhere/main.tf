# The log group and bucket belong to the central logging stack: not judged here.
resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    cloudwatch_config {
      log_group_name = "/org/bedrock/invocations"
      role_arn       = "arn:aws:iam::123456789012:role/bedrock-logging"
    }

    s3_config {
      bucket_name = "acme-org-bedrock-logs"
    }
  }
}
