# A Lambda that only reads S3, and an admin role: "*" grants Bedrock only in passing, so
# neither shows that this configuration uses Bedrock.
resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = aws_iam_role.report.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "report.zip"
}

resource "aws_iam_role" "report" {
  name = "report-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policy {
    name = "read-reports"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::acme-reports/*"
      }]
    })
  }
}

resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
