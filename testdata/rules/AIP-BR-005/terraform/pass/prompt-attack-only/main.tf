# Only the prompt-attack filter, whose output strength must be NONE; categories left out
# are not judged.
resource "aws_bedrock_guardrail" "internal" {
  name                      = "internal-copilot"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
