# The output key and the instance type come from variables without defaults: unknown, so no
# finding.
variable "monitoring_key_arn" {
  type = string
}

variable "monitoring_instance_type" {
  type = string
}

resource "aws_sagemaker_data_quality_job_definition" "llm" {
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
    kms_key_id = var.monitoring_key_arn
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
      volume_kms_key_id = var.monitoring_key_arn
    }
  }
}

resource "aws_sagemaker_data_quality_job_definition" "vision" {
  name     = "vision-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "vision"
    }
  }

  data_quality_job_output_config {
    kms_key_id = "alias/ml-monitoring"
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://ml-monitoring-123456789012/vision/data-quality"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = var.monitoring_instance_type
      volume_size_in_gb = 50
    }
  }
}
