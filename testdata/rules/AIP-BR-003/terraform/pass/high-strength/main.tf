# The newer tier and modality fields, and the NONE output strength the API requires for
# PROMPT_ATTACK, do not weaken the filter.
resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  description               = "Customer-facing support conversations"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    tier_config {
      tier_name = "STANDARD"
    }
    filters_config {
      type              = "HATE"
      input_strength    = "HIGH"
      output_strength   = "HIGH"
      input_modalities  = ["TEXT", "IMAGE"]
      output_modalities = ["TEXT", "IMAGE"]
    }
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
      input_action    = "BLOCK"
      input_enabled   = true
      output_enabled  = false
    }
  }
}
