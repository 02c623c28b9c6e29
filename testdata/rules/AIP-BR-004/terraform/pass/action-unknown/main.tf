variable "pii_action" {
  type        = string
  description = "ANONYMIZE in production, NONE while tuning"
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "EMAIL"
      action = var.pii_action
    }
  }
}
