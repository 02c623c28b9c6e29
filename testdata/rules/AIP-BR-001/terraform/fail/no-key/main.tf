resource "aws_bedrockagent_agent" "support" { # expect: AIP-BR-001
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You answer questions about orders using the order lookup tool."
}
