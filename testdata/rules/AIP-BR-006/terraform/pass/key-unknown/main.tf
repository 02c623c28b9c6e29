variable "guardrail_key_arn" {
  type        = string
  description = "Customer-managed key of the security account"
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support"
  blocked_input_messaging   = "Sorry, I cannot answer that."
  blocked_outputs_messaging = "Sorry, I cannot answer that."
  kms_key_arn               = var.guardrail_key_arn

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
