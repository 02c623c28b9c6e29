variable "region" {
  default = "us-east-1"
}

data "aws_iam_policy_document" "agent" {
  statement {
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:aws:bedrock:${var.region}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"]
  }

  statement {
    # Listing models only works on "*".
    actions   = ["bedrock:ListFoundationModels"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "agent" {
  name   = "agent-invoke"
  policy = data.aws_iam_policy_document.agent.json
}

resource "aws_sagemaker_endpoint" "llm" {
  name                 = "llm"
  endpoint_config_name = "llm"
}

resource "aws_iam_role_policy" "apigw" {
  name   = "invoke-llm"
  role   = "apigw"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "Resource": "${aws_sagemaker_endpoint.llm.arn}"}
  ]
}
EOF
}
