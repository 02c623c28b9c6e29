variable "isolate_monitoring" {
  type    = bool
  default = false
}

resource "aws_sagemaker_data_quality_job_definition" "llm" {
  name     = "llm-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  network_config {
    enable_inter_container_traffic_encryption = true
    enable_network_isolation                  = false # expect: AIP-SM-016
  }
}

resource "aws_sagemaker_data_quality_job_definition" "churn" {
  name     = "churn-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  network_config {
    enable_network_isolation = var.isolate_monitoring # expect: AIP-SM-016
  }
}
