# Masks personal data, but has no content policy and so no prompt-attack filter.
resource "aws_bedrock_guardrail" "billing" { # expect: AIP-BR-003
  name                      = "billing-assistant"
  description               = "Billing questions from logged-in customers"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "BLOCK"
    }
  }
}
