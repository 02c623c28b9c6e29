# Chat backend: takes the conversation from API Gateway and calls Bedrock.

resource "aws_cloudwatch_log_group" "chat" {
  name              = "/aws/lambda/${var.project}-chat"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.ml.arn

  tags = local.tags
}

resource "aws_lambda_function" "chat" {
  function_name = "${var.project}-chat"
  description   = "Chat completions for the support assistant"
  role          = aws_iam_role.chat_lambda.arn
  filename      = "build/chat.zip"
  handler       = "app.handler"
  runtime       = "python3.12"
  architectures = ["arm64"]
  memory_size   = 512
  timeout       = 60

  vpc_config {
    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.ml.id]
  }

  environment {
    variables = {
      MODEL_ID       = "anthropic.claude-3-5-sonnet-20240620-v1:0"
      OPENAI_API_KEY = "sk-proj-R8ugneDJ7CFKfue08OicSjXXGlbuXLOiwfWEydcew6AbdmM1"
      LOG_LEVEL      = "info"
    }
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [
    aws_cloudwatch_log_group.chat,
    aws_iam_role_policy_attachment.chat_vpc_access,
  ]

  tags = local.tags
}

resource "aws_lambda_permission" "apigw_chat" {
  statement_id  = "AllowInferenceApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.chat.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.inference.execution_arn}/*/POST/chat"
}
