# Internal inference API. Callers sign requests with SigV4 (AWS_IAM).
#   POST /predict -> SageMaker runtime (LLM endpoint)
#   POST /chat    -> chat Lambda (Bedrock)

resource "aws_api_gateway_rest_api" "inference" {
  name        = "${var.project}-inference"
  description = "Inference API for the GenAI platform"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags
}

resource "aws_api_gateway_resource" "predict" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  parent_id   = aws_api_gateway_rest_api.inference.root_resource_id
  path_part   = "predict"
}

resource "aws_api_gateway_resource" "chat" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  parent_id   = aws_api_gateway_rest_api.inference.root_resource_id
  path_part   = "chat"
}

resource "aws_api_gateway_method" "predict" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.predict.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_method" "chat" {
  rest_api_id   = aws_api_gateway_rest_api.inference.id
  resource_id   = aws_api_gateway_resource.chat.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "predict" {
  rest_api_id             = aws_api_gateway_rest_api.inference.id
  resource_id             = aws_api_gateway_resource.predict.id
  http_method             = aws_api_gateway_method.predict.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:${var.region}:runtime.sagemaker:path//endpoints/${aws_sagemaker_endpoint.llm.name}/invocations"
  credentials             = aws_iam_role.apigw_sagemaker.arn
  passthrough_behavior    = "WHEN_NO_MATCH"
  timeout_milliseconds    = 29000
}

resource "aws_api_gateway_method_response" "predict_200" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  resource_id = aws_api_gateway_resource.predict.id
  http_method = aws_api_gateway_method.predict.http_method
  status_code = "200"

  response_models = {
    "application/json" = "Empty"
  }
}

resource "aws_api_gateway_integration_response" "predict_200" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  resource_id = aws_api_gateway_resource.predict.id
  http_method = aws_api_gateway_method.predict.http_method
  status_code = aws_api_gateway_method_response.predict_200.status_code

  depends_on = [aws_api_gateway_integration.predict]
}

resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.inference.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = aws_api_gateway_method.chat.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.chat.invoke_arn
}

resource "aws_api_gateway_deployment" "inference" {
  rest_api_id = aws_api_gateway_rest_api.inference.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.predict.id,
      aws_api_gateway_resource.chat.id,
      aws_api_gateway_method.predict.id,
      aws_api_gateway_method.chat.id,
      aws_api_gateway_integration.predict.id,
      aws_api_gateway_integration.chat.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_integration.predict,
    aws_api_gateway_integration.chat,
    aws_api_gateway_integration_response.predict_200,
  ]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.inference.id
  deployment_id        = aws_api_gateway_deployment.inference.id
  stage_name           = "prod"
  xray_tracing_enabled = true

  tags = local.tags
}

resource "aws_api_gateway_method_settings" "prod" {
  rest_api_id = aws_api_gateway_rest_api.inference.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }
}

resource "aws_wafv2_web_acl" "inference" {
  name        = "${var.project}-inference"
  description = "Protects the inference API"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common-rule-set"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.project}-aws-common-rule-set"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.project}-inference"
    sampled_requests_enabled   = true
  }

  tags = local.tags
}
