# A support agent and its guardrail, and no model invocation logging anywhere in the
# configuration: one finding, on the first Bedrock resource.
resource "aws_bedrockagent_agent" "support" { # expect: AIP-BR-011
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/support-agent"
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You answer questions about orders using the order lookup tool."
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support"
  blocked_input_messaging   = "Sorry, I cannot help with that."
  blocked_outputs_messaging = "Sorry, I cannot help with that."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
