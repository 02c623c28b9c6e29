resource "aws_api_gateway_rest_api" "chat" {
  name = "chat"
}

resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.chat.id
  resource_id             = aws_api_gateway_rest_api.chat.root_resource_id
  http_method             = "POST"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.chat.invoke_arn
}

resource "aws_lambda_function" "chat" {
  function_name = "chat"
  role          = aws_iam_role.chat.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "build/chat.zip"
}

resource "aws_iam_role" "chat" {
  name = "chat"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "chat" {
  role = aws_iam_role.chat.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
      Resource = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    }]
  })
}

resource "aws_api_gateway_stage" "live" { # expect: AIP-API-001
  rest_api_id   = aws_api_gateway_rest_api.chat.id
  deployment_id = "abc123"
  stage_name    = "live"
}

# A WAF association for another resource does not protect this stage.
resource "aws_wafv2_web_acl_association" "other" {
  resource_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
  web_acl_arn  = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/a1b2c3"
}
