resource "aws_bedrock_guardrail" "claims" {
  name                      = "claims-assistant"
  blocked_input_messaging   = "Sorry, I can't help with that request."
  blocked_outputs_messaging = "Sorry, I can't share that answer."

  sensitive_information_policy_config {
    regexes_config {
      name        = "policy-number"
      description = "Insurance policy numbers"
      pattern     = "POL-[0-9]{8}"
      action      = "ANONYMIZE"
    }
  }
}
