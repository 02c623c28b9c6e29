variable "region" {
  default = "eu-west-1"
}

resource "aws_api_gateway_rest_api" "scoring" {
  name = "churn-scoring"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "predict" {
  rest_api_id = aws_api_gateway_rest_api.scoring.id
  parent_id   = aws_api_gateway_rest_api.scoring.root_resource_id
  path_part   = "predict"
}

resource "aws_api_gateway_method" "predict" {
  rest_api_id      = aws_api_gateway_rest_api.scoring.id
  resource_id      = aws_api_gateway_resource.predict.id
  http_method      = "POST"
  authorization    = "NONE" # expect: AIP-API-002
  api_key_required = false
}

resource "aws_api_gateway_integration" "predict" {
  rest_api_id             = aws_api_gateway_rest_api.scoring.id
  resource_id             = aws_api_gateway_resource.predict.id
  http_method             = "POST"
  type                    = "AWS"
  integration_http_method = "POST"
  credentials             = "arn:aws:iam::123456789012:role/apigw-invoke-churn-endpoint"
  uri                     = "arn:aws:apigateway:${var.region}:runtime.sagemaker:path//endpoints/churn-xgb/invocations"
}
