# Detect mode: misconduct is reported in the trace but reaches the model.
resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  description               = "Customer-facing support conversations"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "MISCONDUCT"
      input_strength  = "HIGH"
      output_strength = "HIGH"
      input_action    = "NONE" # expect: AIP-BR-005
      output_action   = "BLOCK"
    }
  }
}
