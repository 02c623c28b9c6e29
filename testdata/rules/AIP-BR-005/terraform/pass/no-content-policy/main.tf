# No content policy at all is AIP-BR-003's finding, reported once there.
resource "aws_bedrock_guardrail" "billing" {
  name                      = "billing-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "BLOCK"
    }
  }
}
