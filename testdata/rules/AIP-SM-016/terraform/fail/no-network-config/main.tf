resource "aws_sagemaker_data_quality_job_definition" "llm" { # expect: AIP-SM-016
  name     = "llm-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "llm"
    }
  }

  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://ml-monitoring-123456789012/llm/data-quality"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.xlarge"
      volume_size_in_gb = 20
    }
  }
}

# A network_config that only encrypts traffic leaves isolation at its default (off).
resource "aws_sagemaker_data_quality_job_definition" "churn" { # expect: AIP-SM-016
  name     = "churn-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  network_config {
    enable_inter_container_traffic_encryption = true
  }
}
