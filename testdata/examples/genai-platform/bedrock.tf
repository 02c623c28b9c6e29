# Customer support agent. The guardrail is owned by the trust-and-safety
# stack, which publishes its ID to SSM.

data "aws_ssm_parameter" "support_guardrail_id" {
  name = "/trust-and-safety/guardrails/support/id"
}

resource "aws_bedrockagent_agent" "support" {
  agent_name                  = "${var.project}-support"
  description                 = "Answers customer questions about orders, billing and returns"
  agent_resource_role_arn     = aws_iam_role.bedrock_agent.arn
  foundation_model            = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  idle_session_ttl_in_seconds = 600

  instruction = <<-EOT
    You are the customer support assistant for our online store. Answer
    questions about orders, billing and returns politely and concisely. If a
    request needs account changes or refunds, hand it over to a human agent.
  EOT

  guardrail_configuration {
    guardrail_identifier = data.aws_ssm_parameter.support_guardrail_id.value
    guardrail_version    = "2"
  }

  tags = local.tags
}

# Bedrock invocation logs (prompts and completions) for the whole account.
resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name              = "/aws/bedrock/${var.project}/invocations"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.ml.arn

  tags = local.tags
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    text_data_delivery_enabled      = true
    image_data_delivery_enabled     = false
    embedding_data_delivery_enabled = false
    video_data_delivery_enabled     = false

    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.bedrock_invocations.name
      role_arn       = aws_iam_role.bedrock_logging.arn
    }
  }

  depends_on = [aws_iam_role_policy.bedrock_logging]
}

# Guardrail for the beta of the order-tracking assistant, written in this stack while
# the trust-and-safety review is pending: a weak prompt-attack filter, a hate filter that
# only blocks what it is most sure of, no PII filter, and the AWS-owned key.
resource "aws_bedrock_guardrail" "orders_beta" {
  name                      = "${var.project}-orders-beta"
  description               = "Order-tracking assistant (beta)"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "LOW"
      output_strength = "NONE"
    }

    filters_config {
      type            = "HATE"
      input_strength  = "LOW"
      output_strength = "MEDIUM"
    }
  }

  tags = local.tags
}
