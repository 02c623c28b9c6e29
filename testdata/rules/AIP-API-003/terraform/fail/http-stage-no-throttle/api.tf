resource "aws_apigatewayv2_api" "chat" {
  name          = "chat-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "chat" {
  api_id                 = aws_apigatewayv2_api.chat.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.chat.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "chat" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "POST /chat"
  target             = "integrations/${aws_apigatewayv2_integration.chat.id}"
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_stage" "prod" { # expect: AIP-API-003
  api_id      = aws_apigatewayv2_api.chat.id
  name        = "prod"
  auto_deploy = true

  default_route_settings {
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/apigw/chat-http"
    format          = "$context.requestId $context.status"
  }
}
