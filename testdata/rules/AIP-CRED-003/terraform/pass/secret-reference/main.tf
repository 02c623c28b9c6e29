variable "openai_key" {
  type      = string
  sensitive = true
}

resource "aws_secretsmanager_secret" "openai" {
  name = "openai-api-key"
}

resource "aws_lambda_function" "chat" {
  function_name = "chat"
  role          = "arn:aws:iam::123456789012:role/chat"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "chat.zip"

  environment {
    variables = {
      OPENAI_KEY_SECRET_ARN = aws_secretsmanager_secret.openai.arn
      OPENAI_API_KEY        = var.openai_key
      LOG_LEVEL             = "info"
      EXAMPLE_FORMAT        = "sk-..."
    }
  }
}
