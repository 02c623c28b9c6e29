resource "aws_bedrock_guardrail" "support" { # expect: AIP-BR-006
  name                      = "support"
  blocked_input_messaging   = "Sorry, I cannot answer that."
  blocked_outputs_messaging = "Sorry, I cannot answer that."

  topic_policy_config {
    topics_config {
      name       = "pricing-negotiation"
      type       = "DENY"
      definition = "Discussing discounts or contract prices that are not on the public price list."
      examples   = ["Can you give me 40% off the enterprise plan?"]
    }
  }
}
