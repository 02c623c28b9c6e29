# A chat Lambda whose role may call bedrock:InvokeModel; no invocation logging.
resource "aws_lambda_function" "chat" { # expect: AIP-BR-011
  function_name = "chat"
  role          = aws_iam_role.chat.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "chat.zip"
}

resource "aws_iam_role" "chat" {
  name = "chat-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "chat_bedrock" {
  role = aws_iam_role.chat.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
      Resource = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"
    }]
  })
}
