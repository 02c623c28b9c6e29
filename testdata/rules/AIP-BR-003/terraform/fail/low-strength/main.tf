resource "aws_bedrock_guardrail" "sales" {
  name                      = "sales-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "VIOLENCE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    # LOW only blocks attacks classified with high confidence.
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "LOW" # expect: AIP-BR-003
      output_strength = "NONE"
    }
  }
}
