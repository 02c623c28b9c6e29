# Every entry only reports what it finds in the trace; nothing is masked or blocked.
resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config { # expect: AIP-BR-004
    pii_entities_config {
      type   = "EMAIL"
      action = "NONE"
    }
    pii_entities_config {
      type           = "CREDIT_DEBIT_CARD_NUMBER"
      action         = "BLOCK"
      input_enabled  = false
      output_enabled = false
    }
    regexes_config {
      name          = "order-number"
      pattern       = "ORD-[0-9]{10}"
      action        = "BLOCK"
      input_action  = "NONE"
      output_action = "NONE"
    }
  }
}
