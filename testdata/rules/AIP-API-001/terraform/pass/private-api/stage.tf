resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  deployment_id = "abc123"
  stage_name    = "prod"
}
