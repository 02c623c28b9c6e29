resource "aws_api_gateway_rest_api" "chat" {
  name = "chat"
}

resource "aws_api_gateway_resource" "chat" {
  rest_api_id = aws_api_gateway_rest_api.chat.id
  parent_id   = aws_api_gateway_rest_api.chat.root_resource_id
  path_part   = "chat"
}

resource "aws_api_gateway_method" "chat" {
  rest_api_id   = aws_api_gateway_rest_api.chat.id
  resource_id   = aws_api_gateway_resource.chat.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.chat.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = aws_api_gateway_method.chat.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.chat.invoke_arn
}

resource "aws_api_gateway_deployment" "chat" {
  rest_api_id = aws_api_gateway_rest_api.chat.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_method.chat.id, aws_api_gateway_integration.chat.id]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.chat.id
  deployment_id = aws_api_gateway_deployment.chat.id
  stage_name    = "prod"
}

variable "rate_limit" {
  type        = number
  description = "Requests per second, set per environment"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.chat.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit = var.rate_limit
  }
}
resource "aws_apigatewayv2_api" "chat_http" {
  name          = "chat-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "chat_http" {
  api_id                 = aws_apigatewayv2_api.chat_http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.chat.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "chat_http" {
  api_id             = aws_apigatewayv2_api.chat_http.id
  route_key          = "POST /chat"
  target             = "integrations/${aws_apigatewayv2_integration.chat_http.id}"
  authorization_type = "AWS_IAM"
}

resource "aws_apigatewayv2_stage" "http_prod" {
  api_id      = aws_apigatewayv2_api.chat_http.id
  name        = "prod"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit = var.rate_limit
  }
}
