# The version alone attaches nothing: the agent runs without a guardrail.
resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You answer questions about orders using the order lookup tool."

  guardrail_configuration { # expect: AIP-BR-002
    guardrail_version = "1"
  }
}
