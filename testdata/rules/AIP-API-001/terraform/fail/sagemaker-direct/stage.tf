resource "aws_api_gateway_deployment" "v1" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
}

resource "aws_api_gateway_stage" "prod" { # expect: AIP-API-001
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  deployment_id = aws_api_gateway_deployment.v1.id
  stage_name    = "prod"
}
