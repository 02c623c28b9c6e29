resource "aws_vpc" "app" { # expect: AIP-NET-001
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.app.id
  cidr_block = "10.30.1.0/24"
}

resource "aws_iam_role" "summarise" {
  name               = "summarise"
  assume_role_policy = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess"]
}

resource "aws_lambda_function" "summarise" {
  function_name = "summarise"
  role          = aws_iam_role.summarise.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "summarise.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.app.id]
    security_group_ids = ["sg-0a1b2c3d"]
  }
}
