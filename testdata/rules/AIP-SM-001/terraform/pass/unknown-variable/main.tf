# The value comes from a variable without a default: unknown, so no finding.
variable "encrypt_traffic" {
  type = bool
}

resource "aws_sagemaker_data_quality_job_definition" "dq" {
  name     = "llm-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  network_config {
    enable_inter_container_traffic_encryption = var.encrypt_traffic
  }
}
