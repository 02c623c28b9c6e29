resource "aws_api_gateway_rest_api" "inference" {
  name = "inference"
}

resource "aws_api_gateway_integration" "predict" {
  rest_api_id             = aws_api_gateway_rest_api.inference.id
  resource_id             = aws_api_gateway_rest_api.inference.root_resource_id
  http_method             = "POST"
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:runtime.sagemaker:path//endpoints/llm/invocations"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  deployment_id = "abc123"
  stage_name    = "dev"
}

output "stage_arn" {
  value = aws_api_gateway_stage.prod.arn
}
