resource "aws_kms_key" "guardrail" {
  description         = "Support guardrail"
  enable_key_rotation = true
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support"
  blocked_input_messaging   = "Sorry, I cannot answer that."
  blocked_outputs_messaging = "Sorry, I cannot answer that."
  kms_key_arn               = aws_kms_key.guardrail.arn

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
