# A Lambda role without conditions: not a SageMaker or Bedrock role, so not this rule's concern.
resource "aws_iam_role" "lambda" {
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
