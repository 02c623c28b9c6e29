# The log group is named by the same interpolated string rather than referenced.
variable "project" {
  type    = string
  default = "support"
}

resource "aws_kms_key" "logs" {
  description         = "Bedrock invocation logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name       = "/aws/bedrock/${var.project}/invocations"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    cloudwatch_config {
      log_group_name = "/aws/bedrock/${var.project}/invocations"
      role_arn       = "arn:aws:iam::123456789012:role/bedrock-logging"
    }
  }
}
