# Every category at MEDIUM or HIGH; the NONE output strength the API requires for
# PROMPT_ATTACK, the tier and the modalities are not judged.
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
      type            = "INSULTS"
      input_strength  = "MEDIUM"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "SEXUAL"
      input_strength  = "HIGH"
      output_strength = "HIGH"
      input_action    = "BLOCK"
      output_action   = "BLOCK"
    }
    filters_config {
      type            = "VIOLENCE"
      input_strength  = "MEDIUM"
      output_strength = "MEDIUM"
      input_enabled   = true
      output_enabled  = true
    }
    filters_config {
      type            = "MISCONDUCT"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
