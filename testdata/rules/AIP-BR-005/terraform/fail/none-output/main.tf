# Violent prompts are blocked, but the model's violent answers are not.
resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  description               = "Customer-facing support conversations"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "VIOLENCE"
      input_strength  = "HIGH"
      output_strength = "NONE" # expect: AIP-BR-005
    }
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
