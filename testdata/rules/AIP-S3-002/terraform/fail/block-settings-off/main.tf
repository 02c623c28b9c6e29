# Model artifacts: public policies allowed.
resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false # expect: AIP-S3-002
  restrict_public_buckets = true
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# Fine-tuning data: a block that only sets two settings turns the other two off.
resource "aws_s3_bucket" "tuning" {
  bucket = "acme-tuning-data"
}

resource "aws_s3_bucket_public_access_block" "tuning" { # expect: AIP-S3-002
  bucket             = aws_s3_bucket.tuning.id
  block_public_acls  = true
  ignore_public_acls = true
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name     = "support-titan"
  job_name              = "support-titan-ft"
  base_model_identifier = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::123456789012:role/bedrock-customization"
  customization_type    = "FINE_TUNING"

  hyperparameters = {
    epochCount = "1"
  }

  training_data_config {
    s3_uri = "s3://${aws_s3_bucket.tuning.id}/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.tuning.id}/output/"
  }
}
