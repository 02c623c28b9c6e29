# An LLM endpoint and a guardrail, no trail and no detector: one finding, on the first AI
# resource in the file.
resource "aws_bedrock_guardrail" "support" { # expect: AIP-LOG-001
  name                      = "support"
  blocked_input_messaging   = "Sorry, I cannot help with that."
  blocked_outputs_messaging = "Sorry, I cannot help with that."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1.0"
  }
}
