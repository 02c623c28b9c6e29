resource "aws_kms_key" "capture" {
  description         = "Inference data capture"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name        = "support-llm"
  kms_key_arn = aws_kms_key.capture.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "support-llm"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 2
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/support-llm"
    kms_key_id                  = aws_kms_key.capture.arn

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }

    capture_content_type_header {
      json_content_types = ["application/json"]
    }
  }
}
