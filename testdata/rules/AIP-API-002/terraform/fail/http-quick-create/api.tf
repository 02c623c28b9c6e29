# Quick create: API Gateway makes a $default route (no authorizer) and a $default stage.
resource "aws_apigatewayv2_api" "chat" {
  name          = "chat-quick"
  protocol_type = "HTTP"
  target        = aws_lambda_function.chat.arn # expect: AIP-API-002
}
