# Model artifacts: no bucket policy at all.
resource "aws_s3_bucket" "artifacts" { # expect: AIP-S3-003
  bucket = "acme-model-artifacts"
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# Training data: a policy, but it only grants access.
resource "aws_s3_bucket" "training" {
  bucket = "acme-training-data"
}

resource "aws_s3_bucket_policy" "training" {
  bucket = aws_s3_bucket.training.id
  policy = jsonencode({ # expect: AIP-S3-003
    Version = "2012-10-17"
    Statement = [{
      Sid       = "SageMakerRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sagemaker-exec" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = [aws_s3_bucket.training.arn, "${aws_s3_bucket.training.arn}/*"]
    }]
  })
}

resource "aws_sagemaker_pipeline" "retrain" {
  pipeline_name         = "retrain"
  pipeline_display_name = "retrain"
  role_arn              = "arn:aws:iam::123456789012:role/sagemaker-pipeline"

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "Train"
      Type = "Training"
      Arguments = {
        InputDataConfig = [{
          ChannelName = "train"
          DataSource = {
            S3DataSource = {
              S3DataType = "S3Prefix"
              S3Uri      = "s3://${aws_s3_bucket.training.bucket}/tickets/"
            }
          }
        }]
      }
    }]
  })
}

# Invocation logs: the TLS deny covers only the bucket, not its objects.
resource "aws_s3_bucket" "invocation_logs" {
  bucket = "acme-bedrock-invocation-logs"
}

data "aws_iam_policy_document" "invocation_logs" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::acme-bedrock-invocation-logs"]

    principals {
      type        = "*"
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
  bucket = aws_s3_bucket.invocation_logs.id
  policy = data.aws_iam_policy_document.invocation_logs.json # expect: AIP-S3-003
}

resource "aws_bedrock_model_invocation_logging_configuration" "this" {
  logging_config {
    embedding_data_delivery_enabled = true
    image_data_delivery_enabled     = true
    text_data_delivery_enabled      = true

    s3_config {
      bucket_name = aws_s3_bucket.invocation_logs.id
      key_prefix  = "bedrock"
    }
  }
}
