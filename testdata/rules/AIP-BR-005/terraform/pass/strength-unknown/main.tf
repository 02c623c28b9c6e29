variable "hate_filter_strength" {
  type        = string
  description = "Set per environment by the pipeline"
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  description               = "Customer-facing support conversations"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config {
    filters_config {
      type            = "HATE"
      input_strength  = var.hate_filter_strength
      output_strength = var.hate_filter_strength
    }
  }
}
