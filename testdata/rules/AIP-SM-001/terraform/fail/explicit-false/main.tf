resource "aws_sagemaker_data_quality_job_definition" "dq" {
  name     = "llm-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  network_config {
    enable_inter_container_traffic_encryption = false # expect: AIP-SM-001
    enable_network_isolation                  = true
  }
}
