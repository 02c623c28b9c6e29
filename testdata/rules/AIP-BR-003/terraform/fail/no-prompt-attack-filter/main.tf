resource "aws_bedrock_guardrail" "hr" {
  name                      = "hr-helpdesk"
  description               = "Employee questions about leave and benefits"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  content_policy_config { # expect: AIP-BR-003
    filters_config {
      type            = "HATE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "INSULTS"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
  }
}
