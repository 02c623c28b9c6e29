resource "aws_sagemaker_data_quality_job_definition" "mq" {
  name     = "llm-model-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  network_config {
    enable_inter_container_traffic_encryption = true
    enable_network_isolation                  = true
  }
}
