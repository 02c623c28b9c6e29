# Chat backend behind the API, and the rotation of the OpenAI API key it uses to
# grade answers. The key lives only in Secrets Manager: its value is set out of
# band by the platform team and replaced every 30 days by the rotation function.

resource "aws_secretsmanager_secret" "openai_api_key" {
  name                    = "${local.name}/providers/openai-api-key"
  description             = "OpenAI API key of the answer-quality evaluator"
  kms_key_id              = aws_kms_key.ml.arn
  recovery_window_in_days = 30

  tags = local.tags
}

resource "aws_secretsmanager_secret_rotation" "openai_api_key" {
  secret_id           = aws_secretsmanager_secret.openai_api_key.id
  rotation_lambda_arn = aws_lambda_function.key_rotation.arn

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_cloudwatch_log_group" "chat" {
  name              = "/aws/lambda/${local.name}-chat"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.audit.arn

  tags = local.tags
}

resource "aws_lambda_function" "chat" {
  function_name = "${local.name}-chat"
  description   = "Support chat: Bedrock agent, guardrail and ticket classifier"
  role          = aws_iam_role.chat_lambda.arn
  s3_bucket     = var.deployment_bucket
  s3_key        = "lambda/chat/${var.lambda_release}.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  architectures = ["arm64"]
  memory_size   = 1024
  timeout       = 60
  kms_key_arn   = aws_kms_key.ml.arn

  reserved_concurrent_executions = 100

  vpc_config {
    subnet_ids         = local.private_subnet_ids
    security_group_ids = [aws_security_group.workloads.id]
  }

  environment {
    variables = {
      AGENT_ID                  = aws_bedrockagent_agent.support.agent_id
      AGENT_ALIAS_ID            = aws_bedrockagent_agent_alias.live.agent_alias_id
      GUARDRAIL_ID              = aws_bedrock_guardrail.support.guardrail_id
      GUARDRAIL_VERSION         = aws_bedrock_guardrail_version.support.version
      CLASSIFIER_ENDPOINT       = aws_sagemaker_endpoint.ticket_classifier.name
      OPENAI_API_KEY_SECRET_ARN = aws_secretsmanager_secret.openai_api_key.arn
      LOG_LEVEL                 = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.chat, aws_iam_role_policy_attachment.chat_lambda_vpc]

  tags = local.tags
}

resource "aws_lambda_permission" "api_chat" {
  statement_id  = "AllowSupportApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.chat.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.support.execution_arn}/${aws_api_gateway_stage.v1.stage_name}/POST/chat"
}

resource "aws_cloudwatch_log_group" "key_rotation" {
  name              = "/aws/lambda/${local.name}-provider-key-rotation"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.audit.arn

  tags = local.tags
}

resource "aws_lambda_function" "key_rotation" {
  function_name = "${local.name}-provider-key-rotation"
  description   = "Rotates the OpenAI API key through the OpenAI admin API"
  role          = aws_iam_role.key_rotation_lambda.arn
  s3_bucket     = var.deployment_bucket
  s3_key        = "lambda/provider-key-rotation/${var.lambda_release}.zip"
  handler       = "rotate.handler"
  runtime       = "python3.12"
  architectures = ["arm64"]
  timeout       = 120
  kms_key_arn   = aws_kms_key.ml.arn

  vpc_config {
    subnet_ids         = local.private_subnet_ids
    security_group_ids = [aws_security_group.workloads.id]
  }

  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.${var.region}.amazonaws.com"
      PROVIDER                 = "openai"
    }
  }

  depends_on = [aws_cloudwatch_log_group.key_rotation, aws_iam_role_policy_attachment.key_rotation_lambda_vpc]

  tags = local.tags
}

resource "aws_lambda_permission" "secretsmanager_rotation" {
  statement_id   = "AllowSecretsManagerRotation"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.key_rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = local.account_id
  source_arn     = aws_secretsmanager_secret.openai_api_key.arn
}
