resource "aws_sagemaker_data_quality_job_definition" "llm" {
  name     = "llm-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  network_config {
    enable_inter_container_traffic_encryption = true
    enable_network_isolation                  = true
  }
}

# The schedule only names a definition; the definition above is what is checked.
resource "aws_sagemaker_monitoring_schedule" "hourly" {
  name = "llm-hourly"

  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.llm.name
    monitoring_type                = "DataQuality"

    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }
}
