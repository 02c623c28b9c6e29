resource "aws_kms_key" "models" {
  description         = "Custom models"
  enable_key_rotation = true
}

resource "aws_bedrock_custom_model" "reply_drafter" {
  custom_model_name       = "reply-drafter"
  job_name                = "reply-drafter-2026-11"
  base_model_identifier   = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"
  customization_type      = "FINE_TUNING"
  role_arn                = "arn:aws:iam::123456789012:role/bedrock-customization"
  custom_model_kms_key_id = aws_kms_key.models.arn

  hyperparameters = {
    epochCount              = "2"
    batchSize               = "1"
    learningRate            = "0.00001"
    learningRateWarmupSteps = "0"
  }

  training_data_config {
    s3_uri = "s3://example-training-data/reply-drafter/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://example-model-artifacts/reply-drafter/"
  }
}
