resource "aws_iam_role_policy" "chat" {
  name = "chat-bedrock"
  role = "chat-lambda"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/chat:*"
      },
      { # expect: AIP-IAM-001
        Sid      = "Models"
        Effect   = "Allow"
        Action   = "bedrock:*"
        Resource = "*"
      },
    ]
  })
}
