resource "aws_apigatewayv2_api" "chat" {
  name          = "chat-http"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = ["https://support.example.com"]
    allow_methods = ["POST"]
  }
}

resource "aws_apigatewayv2_integration" "chat" {
  api_id                 = aws_apigatewayv2_api.chat.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.chat.invoke_arn
  payload_format_version = "2.0"
}

# authorization_type defaults to NONE.
resource "aws_apigatewayv2_route" "chat" { # expect: AIP-API-002
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "POST /chat"
  target    = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.chat.id
  name        = "$default"
  auto_deploy = true
}
