# Masking only the model's answers still protects: the output direction acts.
resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config {
    pii_entities_config {
      type          = "PHONE"
      action        = "NONE"
      input_enabled = false
      output_action = "ANONYMIZE"
    }
  }
}
