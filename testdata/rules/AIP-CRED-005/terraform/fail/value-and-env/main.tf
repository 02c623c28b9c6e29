variable "anthropic_key" {
  type      = string
  sensitive = true
}

# Neither name says which provider: the value's field names it.
resource "aws_secretsmanager_secret" "assistant" { # expect: AIP-CRED-005
  name = "prod/support-assistant/provider-credentials"
}

resource "aws_secretsmanager_secret_version" "assistant" {
  secret_id = aws_secretsmanager_secret.assistant.id
  secret_string = jsonencode({
    ANTHROPIC_API_KEY = var.anthropic_key
  })
}

# A generic name, but the function reads it as its Hugging Face token.
resource "aws_secretsmanager_secret" "hub" { # expect: AIP-CRED-005
  name = "prod/model-hub/credentials"
}

resource "aws_iam_role" "embedder" {
  name = "embedder"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "embedder" {
  function_name = "embedder"
  role          = aws_iam_role.embedder.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/embedder.zip"

  environment {
    variables = {
      HF_TOKEN_SECRET_ARN = aws_secretsmanager_secret.hub.arn
      MODEL_REPO          = "sentence-transformers/all-MiniLM-L6-v2"
    }
  }
}
