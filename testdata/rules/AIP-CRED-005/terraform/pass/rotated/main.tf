resource "aws_secretsmanager_secret" "openai" {
  name        = "prod/support-assistant/openai-api-key"
  description = "Project key for the support assistant, rotated through the OpenAI admin API"
}

resource "aws_lambda_function" "rotate_openai_key" {
  function_name = "rotate-openai-key"
  role          = "arn:aws:iam::123456789012:role/rotate-openai-key"
  handler       = "rotate.handler"
  runtime       = "python3.12"
  filename      = "build/rotate.zip"
}

resource "aws_secretsmanager_secret_rotation" "openai" {
  secret_id           = aws_secretsmanager_secret.openai.id
  rotation_lambda_arn = aws_lambda_function.rotate_openai_key.arn

  rotation_rules {
    automatically_after_days = 30
  }
}
