# Support console API: POST /chat -> chat Lambda (Bedrock agent, guardrail,
# ticket classifier). Callers sign in with Cognito (MFA required); the console's
# API key only meters the usage plan. WAF in front, throttled stage and plan.

resource "aws_cognito_user_pool" "support" {
  name                = "${local.name}-support-agents"
  mfa_configuration   = "ON"
  deletion_protection = "ACTIVE"

  software_token_mfa_configuration {
    enabled = true
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length                   = 14
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  user_pool_add_ons {
    advanced_security_mode = "ENFORCED"
  }

  tags = local.tags
}

resource "aws_cognito_user_pool_client" "console" {
  name                          = "support-console"
  user_pool_id                  = aws_cognito_user_pool.support.id
  generate_secret               = false
  prevent_user_existence_errors = "ENABLED"
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  access_token_validity         = 60
  id_token_validity             = 60
  refresh_token_validity        = 12

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "hours"
  }
}

resource "aws_api_gateway_rest_api" "support" {
  name        = "${local.name}-support-api"
  description = "Support console API"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags
}

resource "aws_api_gateway_authorizer" "cognito" {
  name            = "support-agents"
  rest_api_id     = aws_api_gateway_rest_api.support.id
  type            = "COGNITO_USER_POOLS"
  provider_arns   = [aws_cognito_user_pool.support.arn]
  identity_source = "method.request.header.Authorization"
}

resource "aws_api_gateway_resource" "chat" {
  rest_api_id = aws_api_gateway_rest_api.support.id
  parent_id   = aws_api_gateway_rest_api.support.root_resource_id
  path_part   = "chat"
}

resource "aws_api_gateway_method" "chat_post" {
  rest_api_id      = aws_api_gateway_rest_api.support.id
  resource_id      = aws_api_gateway_resource.chat.id
  http_method      = "POST"
  authorization    = "COGNITO_USER_POOLS"
  authorizer_id    = aws_api_gateway_authorizer.cognito.id
  api_key_required = true
}

resource "aws_api_gateway_integration" "chat_post" {
  rest_api_id             = aws_api_gateway_rest_api.support.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = aws_api_gateway_method.chat_post.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.chat.invoke_arn
  timeout_milliseconds    = 29000
}

resource "aws_api_gateway_deployment" "support" {
  rest_api_id = aws_api_gateway_rest_api.support.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.chat.id,
      aws_api_gateway_method.chat_post.id,
      aws_api_gateway_integration.chat_post.id,
      aws_api_gateway_authorizer.cognito.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}-support-api"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.audit.arn

  tags = local.tags
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id          = aws_api_gateway_rest_api.support.id
  deployment_id        = aws_api_gateway_deployment.support.id
  stage_name           = "v1"
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      user      = "$context.authorizer.claims.sub"
      status    = "$context.status"
      latency   = "$context.responseLatency"
      waf       = "$context.waf.status"
    })
  }

  tags = local.tags
}

resource "aws_api_gateway_method_settings" "v1_all" {
  rest_api_id = aws_api_gateway_rest_api.support.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }
}

resource "aws_api_gateway_usage_plan" "console" {
  name        = "${local.name}-support-console"
  description = "Support console: per-key throttle and daily quota"

  api_stages {
    api_id = aws_api_gateway_rest_api.support.id
    stage  = aws_api_gateway_stage.v1.stage_name
  }

  throttle_settings {
    burst_limit = 50
    rate_limit  = 20
  }

  quota_settings {
    limit  = 50000
    period = "DAY"
  }

  tags = local.tags
}

# The key value is generated by API Gateway and handed to the console's build.
resource "aws_api_gateway_api_key" "console" {
  name        = "${local.name}-support-console"
  description = "Identifies the support console for metering"
  enabled     = true

  tags = local.tags
}

resource "aws_api_gateway_usage_plan_key" "console" {
  key_id        = aws_api_gateway_api_key.console.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.console.id
}

resource "aws_wafv2_web_acl" "support_api" {
  name        = "${local.name}-support-api"
  description = "Support console API"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
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
      metric_name                = "${local.name}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 30

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 1000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-support-api"
    sampled_requests_enabled   = true
  }

  tags = local.tags
}

resource "aws_wafv2_web_acl_association" "support_api" {
  resource_arn = aws_api_gateway_stage.v1.arn
  web_acl_arn  = aws_wafv2_web_acl.support_api.arn
}
