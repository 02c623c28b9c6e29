# ---------------------------------------------------------------------------
# Chat Lambda
# ---------------------------------------------------------------------------

resource "aws_iam_role" "chat_lambda" {
  name = "${var.project}-chat-lambda"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "chat_bedrock" {
  name = "bedrock-chat"
  role = aws_iam_role.chat_lambda.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Bedrock"
        Effect   = "Allow"
        Action   = "bedrock:*"
        Resource = "*"
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/${var.project}-chat:*"
      }
    ]
  })
}

# ENI management for running inside the VPC.
resource "aws_iam_role_policy_attachment" "chat_vpc_access" {
  role       = aws_iam_role.chat_lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

# ---------------------------------------------------------------------------
# SageMaker execution role (notebooks, Studio, model, monitoring jobs)
# ---------------------------------------------------------------------------

resource "aws_iam_role" "sagemaker_execution" {
  name = "${var.project}-sagemaker-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "sagemaker.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "sagemaker_full" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
}

# ---------------------------------------------------------------------------
# Bedrock agent
# ---------------------------------------------------------------------------

resource "aws_iam_role" "bedrock_agent" {
  name = "${var.project}-bedrock-agent"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
          ArnLike = {
            "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:agent/*"
          }
        }
      }
    ]
  })

  tags = local.tags
}

data "aws_iam_policy_document" "agent" {
  statement {
    sid       = "InvokeFoundationModel"
    effect    = "Allow"
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:aws:bedrock:${var.region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"]
  }
}

resource "aws_iam_policy" "agent" {
  name        = "${var.project}-bedrock-agent"
  description = "Model access for the support agent"
  policy      = data.aws_iam_policy_document.agent.json

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "agent" {
  role       = aws_iam_role.bedrock_agent.name
  policy_arn = aws_iam_policy.agent.arn
}

# ---------------------------------------------------------------------------
# Bedrock model invocation logging
# ---------------------------------------------------------------------------

resource "aws_iam_role" "bedrock_logging" {
  name = "${var.project}-bedrock-logging"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
          ArnLike = {
            "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:*"
          }
        }
      }
    ]
  })

  tags = local.tags
}

data "aws_iam_policy_document" "bedrock_logging" {
  statement {
    sid       = "WriteInvocationLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.bedrock_invocations.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "bedrock_logging" {
  name   = "invocation-logs"
  role   = aws_iam_role.bedrock_logging.id
  policy = data.aws_iam_policy_document.bedrock_logging.json
}

# ---------------------------------------------------------------------------
# API Gateway -> SageMaker runtime
# ---------------------------------------------------------------------------

resource "aws_iam_role" "apigw_sagemaker" {
  name = "${var.project}-apigw-sagemaker"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "apigateway.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "apigw_sagemaker" {
  name = "invoke-llm-endpoint"
  role = aws_iam_role.apigw_sagemaker.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeLlmEndpoint",
      "Effect": "Allow",
      "Action": "sagemaker:InvokeEndpoint",
      "Resource": "${aws_sagemaker_endpoint.llm.arn}"
    }
  ]
}
EOF
}

# ---------------------------------------------------------------------------
# CI user (GitHub Actions deploys and the nightly Bedrock evaluation run).
# Its permissions come from the deployers group in the identity stack.
# ---------------------------------------------------------------------------

resource "aws_iam_user" "ci" {
  name = "${var.project}-ci"
  path = "/automation/"

  tags = local.tags
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_service_specific_credential" "bedrock_dev" {
  service_name = "bedrock.amazonaws.com"
  user_name    = aws_iam_user.ci.name
}
