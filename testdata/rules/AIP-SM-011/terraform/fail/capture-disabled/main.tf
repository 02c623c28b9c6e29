resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
}

# Capture switched off explicitly.
resource "aws_sagemaker_endpoint_configuration" "ranking" {
  name = "ranking"

  production_variants {
    variant_name           = "primary"
    model_name             = "ranking-v7"
    instance_type          = "ml.c6i.xlarge"
    initial_instance_count = 2
  }

  data_capture_config {
    enable_capture              = false # expect: AIP-SM-011
    initial_sampling_percentage = 10
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/ranking"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}

# enable_capture left out: the provider sends false, so nothing is captured.
resource "aws_sagemaker_endpoint_configuration" "embeddings" {
  name = "embeddings"

  production_variants {
    variant_name           = "primary"
    model_name             = "embeddings-v2"
    instance_type          = "ml.g5.xlarge"
    initial_instance_count = 2
  }

  data_capture_config { # expect: AIP-SM-011
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/embeddings"

    capture_options {
      capture_mode = "Input"
    }
  }
}
