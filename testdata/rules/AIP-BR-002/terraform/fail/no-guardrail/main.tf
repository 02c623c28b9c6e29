resource "aws_bedrockagent_agent" "support" { # expect: AIP-BR-002
  agent_name                  = "support"
  agent_resource_role_arn     = "arn:aws:iam::123456789012:role/agent"
  foundation_model            = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  customer_encryption_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/2f9d1c1e-6a3b-4f1e-9f0a-5d7e2c4b8a10"
  instruction                 = "You answer questions about orders using the order lookup tool."
}
