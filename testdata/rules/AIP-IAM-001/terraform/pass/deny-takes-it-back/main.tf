resource "aws_iam_policy" "guarded" {
  name = "guarded"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "bedrock:*", Resource = "*" },
      { Effect = "Deny", Action = "bedrock:*", Resource = "*" },
    ]
  })
}
