# The guardrail is owned by another team and passed in; the scanner cannot know it.
variable "guardrail_id" {
  type = string
}

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You answer questions about orders using the order lookup tool."

  guardrail_configuration {
    guardrail_identifier = var.guardrail_id
    guardrail_version    = "3"
  }
}
