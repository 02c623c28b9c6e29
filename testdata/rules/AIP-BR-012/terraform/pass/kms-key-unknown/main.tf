# The key comes from a variable without a default: not known, so no finding.
variable "log_key_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name       = "/aws/bedrock/invocations"
  kms_key_id = var.log_key_arn
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.bedrock_invocations.name
      role_arn       = "arn:aws:iam::123456789012:role/bedrock-logging"
    }
  }
}
