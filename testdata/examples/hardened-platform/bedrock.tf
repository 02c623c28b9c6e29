# Bedrock: the customer support agent with its guardrail and knowledge base, the
# fine-tuned reply drafter, a managed prompt, and account-wide invocation logging.

resource "aws_bedrock_guardrail" "support" {
  name                      = "${local.name}-support"
  description               = "Customer-facing support conversations"
  kms_key_arn               = aws_kms_key.ml.arn
  blocked_input_messaging   = "Sorry, I can't help with that request. A support agent can take it from here."
  blocked_outputs_messaging = "Sorry, I can't share that answer. A support agent can take it from here."

  content_policy_config {
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
    filters_config {
      type            = "SEXUAL"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "VIOLENCE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "MISCONDUCT"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    # Prompt attacks are only detected in the input.
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "BLOCK"
    }
    pii_entities_config {
      type   = "US_SOCIAL_SECURITY_NUMBER"
      action = "BLOCK"
    }
    pii_entities_config {
      type   = "PASSWORD"
      action = "BLOCK"
    }
    pii_entities_config {
      type   = "EMAIL"
      action = "ANONYMIZE"
    }
    pii_entities_config {
      type   = "PHONE"
      action = "ANONYMIZE"
    }

    regexes_config {
      name        = "order-number"
      description = "Internal order numbers"
      pattern     = "ORD-[0-9]{10}"
      action      = "ANONYMIZE"
    }
  }

  topic_policy_config {
    topics_config {
      name       = "legal-advice"
      type       = "DENY"
      definition = "Requests for legal advice or for an opinion on legal liability."
      examples   = ["Can I sue you over this delivery?"]
    }
  }

  word_policy_config {
    managed_word_lists_config {
      type = "PROFANITY"
    }
  }

  contextual_grounding_policy_config {
    filters_config {
      type      = "GROUNDING"
      threshold = 0.75
    }
    filters_config {
      type      = "RELEVANCE"
      threshold = 0.75
    }
  }

  tags = local.tags
}

resource "aws_bedrock_guardrail_version" "support" {
  guardrail_arn = aws_bedrock_guardrail.support.guardrail_arn
  description   = "Released with the support agent"
}

resource "aws_bedrockagent_agent" "support" {
  agent_name                  = "${local.name}-support"
  description                 = "Answers customer questions about orders, billing and returns"
  agent_resource_role_arn     = aws_iam_role.bedrock_agent.arn
  foundation_model            = var.foundation_model_id
  customer_encryption_key_arn = aws_kms_key.ml.arn
  idle_session_ttl_in_seconds = 600
  prepare_agent               = true

  instruction = <<-EOT
    You are the customer support assistant of our online store. Answer questions
    about orders, billing and returns politely and concisely, using the help-center
    articles. If a request needs account changes or refunds, hand it over to a human agent.
  EOT

  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.support.guardrail_id
    guardrail_version    = aws_bedrock_guardrail_version.support.version
  }

  tags = local.tags
}

resource "aws_bedrockagent_agent_knowledge_base_association" "support_help_center" {
  agent_id             = aws_bedrockagent_agent.support.agent_id
  description          = "Help-center articles about orders, billing and returns"
  knowledge_base_id    = aws_bedrockagent_knowledge_base.help_center.id
  knowledge_base_state = "ENABLED"
}

resource "aws_bedrockagent_agent_alias" "live" {
  agent_alias_name = "live"
  agent_id         = aws_bedrockagent_agent.support.agent_id
  description      = "Alias the chat backend calls"

  tags = local.tags
}

# Reply drafter: the base model fine-tuned on resolved tickets, in the VPC.
resource "aws_bedrock_custom_model" "reply_drafter" {
  custom_model_name       = "${local.name}-reply-drafter"
  job_name                = "${local.name}-reply-drafter-2024-11"
  base_model_identifier   = local.customization_model_arn
  customization_type      = "FINE_TUNING"
  role_arn                = aws_iam_role.bedrock_customization.arn
  custom_model_kms_key_id = aws_kms_key.ml.arn

  hyperparameters = {
    epochCount              = "2"
    batchSize               = "1"
    learningRate            = "0.00001"
    learningRateWarmupSteps = "0"
  }

  training_data_config {
    s3_uri = "s3://${aws_s3_bucket.training_data.id}/bedrock/reply-drafter/train.jsonl"
  }

  validation_data_config {
    validator {
      s3_uri = "s3://${aws_s3_bucket.training_data.id}/bedrock/reply-drafter/validation.jsonl"
    }
  }

  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.model_artifacts.id}/bedrock/reply-drafter/"
  }

  vpc_config {
    security_group_ids = [aws_security_group.workloads.id]
    subnet_ids         = local.private_subnet_ids
  }

  tags = local.restricted_tags
}

resource "aws_bedrockagent_prompt" "ticket_summary" {
  name                        = "${local.name}-ticket-summary"
  description                 = "Summarises a ticket thread for the agent taking it over"
  customer_encryption_key_arn = aws_kms_key.ml.arn
  default_variant             = "concise"

  variant {
    name          = "concise"
    model_id      = var.foundation_model_id
    template_type = "TEXT"

    inference_configuration {
      text {
        max_tokens  = 400
        temperature = 0.2
        top_p       = 0.9
      }
    }

    template_configuration {
      text {
        text = "Summarise this support ticket thread in five bullet points for the agent taking it over:\n{{thread}}"

        input_variable {
          name = "thread"
        }
      }
    }
  }

  tags = local.tags
}

# Model invocation logging for the account: prompts and completions to an
# encrypted log group, large payloads and a copy to the encrypted logs bucket.
resource "aws_cloudwatch_log_group" "bedrock_invocations" {
  name              = "/aws/bedrock/${local.name}/invocations"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.audit.arn

  tags = local.tags
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    text_data_delivery_enabled      = true
    image_data_delivery_enabled     = false
    embedding_data_delivery_enabled = false
    video_data_delivery_enabled     = false

    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.bedrock_invocations.name
      role_arn       = aws_iam_role.bedrock_logging.arn

      large_data_delivery_s3_config {
        bucket_name = aws_s3_bucket.logs.id
        key_prefix  = "bedrock/large-data"
      }
    }

    s3_config {
      bucket_name = aws_s3_bucket.logs.id
      key_prefix  = "bedrock"
    }
  }

  depends_on = [aws_iam_role_policy.bedrock_logging, aws_s3_bucket_policy.logs]
}
