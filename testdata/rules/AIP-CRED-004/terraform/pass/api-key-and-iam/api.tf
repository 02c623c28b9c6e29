resource "aws_api_gateway_rest_api" "chat" {
  name = "chat"
}

resource "aws_api_gateway_resource" "chat" {
  rest_api_id = aws_api_gateway_rest_api.chat.id
  parent_id   = aws_api_gateway_rest_api.chat.root_resource_id
  path_part   = "chat"
}

resource "aws_api_gateway_method" "chat" {
  rest_api_id      = aws_api_gateway_rest_api.chat.id
  resource_id      = aws_api_gateway_resource.chat.id
  http_method      = "POST"
  api_key_required = true
  authorization    = "AWS_IAM"
}

resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.chat.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = aws_api_gateway_method.chat.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.chat.invoke_arn
}

resource "aws_api_gateway_api_key" "mobile_app" {
  name = "mobile-app"
}

resource "aws_api_gateway_usage_plan" "mobile" {
  name = "mobile"

  throttle_settings {
    burst_limit = 20
    rate_limit  = 10
  }
}

resource "aws_api_gateway_usage_plan_key" "mobile_app" {
  key_id        = aws_api_gateway_api_key.mobile_app.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.mobile.id
}
