# No public access block: S3 turns all four settings on for new buckets (since April 2023).
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name = "support-llm"

  production_variants {
    variant_name           = "primary"
    model_name             = "support-llm"
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 2
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
