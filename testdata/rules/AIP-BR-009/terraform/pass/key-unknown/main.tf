variable "model_key_arn" {
  type        = string
  description = "Customer-managed key of the ML account"
}

resource "aws_bedrock_custom_model" "reply_drafter" {
  custom_model_name       = "reply-drafter"
  job_name                = "reply-drafter-2026-11"
  base_model_identifier   = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"
  customization_type      = "CONTINUED_PRE_TRAINING"
  role_arn                = "arn:aws:iam::123456789012:role/bedrock-customization"
  custom_model_kms_key_id = var.model_key_arn

  hyperparameters = {
    epochCount   = "1"
    batchSize    = "1"
    learningRate = "0.00001"
  }

  training_data_config {
    s3_uri = "s3://example-training-data/support-corpus/"
  }

  output_data_config {
    s3_uri = "s3://example-model-artifacts/reply-drafter/"
  }
}
