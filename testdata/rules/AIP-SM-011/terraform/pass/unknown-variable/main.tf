variable "capture_enabled" {
  description = "Data capture on or off, decided per environment."
  type        = bool
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
    enable_capture              = var.capture_enabled
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://acme-inference-capture/support-llm"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
