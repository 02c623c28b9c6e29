resource "aws_iam_role" "chat" {
  name = "chat-completions"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "invoke_claude" {
  name = "invoke-claude"
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

resource "aws_iam_role_policy_attachment" "chat_logs" {
  role       = aws_iam_role.chat.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "chat" {
  function_name = "chat-completions"
  role          = aws_iam_role.chat.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/chat.zip"
  timeout       = 60

  environment {
    variables = {
      MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    }
  }
}
