variable "model_url" {
  type = string
}

variable "sse_algorithm" {
  type = string
}

# The model's artifacts are somewhere not known here: this bucket may or may not hold them.
resource "aws_s3_bucket" "maybe_artifacts" {
  bucket = "acme-maybe-artifacts"
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = var.model_url
  }
}

# An AI data bucket whose encryption algorithm is not known.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-capture"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "capture" {
  bucket = aws_s3_bucket.capture.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.sse_algorithm
    }
  }
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
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
