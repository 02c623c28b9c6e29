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

resource "aws_apigatewayv2_authorizer" "oidc" {
  api_id           = aws_apigatewayv2_api.chat.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "corporate-oidc"

  jwt_configuration {
    audience = ["chat-api"]
    issuer   = "https://login.example.com/"
  }
}

resource "aws_apigatewayv2_route" "chat" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "POST /chat"
  target             = "integrations/${aws_apigatewayv2_integration.chat.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.oidc.id
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.chat.id
  name        = "$default"
  auto_deploy = true
}
