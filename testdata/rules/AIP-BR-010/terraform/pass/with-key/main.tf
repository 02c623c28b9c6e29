resource "aws_kms_key" "prompts" {
  description         = "Managed prompts"
  enable_key_rotation = true
}

resource "aws_bedrockagent_prompt" "ticket_summary" {
  name                        = "ticket-summary"
  description                 = "Summarises a ticket thread for the agent taking it over"
  default_variant             = "concise"
  customer_encryption_key_arn = aws_kms_key.prompts.arn

  variant {
    name          = "concise"
    model_id      = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    template_type = "TEXT"

    template_configuration {
      text {
        text = "Summarise this support ticket thread in five bullet points:\n{{thread}}"

        input_variable {
          name = "thread"
        }
      }
    }
  }
}
