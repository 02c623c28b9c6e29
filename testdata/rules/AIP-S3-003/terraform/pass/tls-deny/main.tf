resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# A policy document data source, attached by the bucket's name.
resource "aws_s3_bucket" "invocation_logs" {
  bucket = "acme-bedrock-invocation-logs"
}

data "aws_iam_policy_document" "invocation_logs" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:aws:s3:::acme-bedrock-invocation-logs",
      "arn:aws:s3:::acme-bedrock-invocation-logs/*",
    ]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "invocation_logs" {
  bucket = "acme-bedrock-invocation-logs"
  policy = data.aws_iam_policy_document.invocation_logs.json
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    text_data_delivery_enabled = true

    s3_config {
      bucket_name = "acme-bedrock-invocation-logs"
      key_prefix  = "bedrock"
    }
  }
}

# A heredoc policy on the legacy argument, denying object reads and writes.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": {"AWS": "*"},
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::acme-inference-capture/*",
      "Condition": {"Bool": {"aws:SecureTransport": false}}
    }
  ]
}
EOT
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name = "support-llm"

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.llm.name
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 2
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://acme-inference-capture/llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
