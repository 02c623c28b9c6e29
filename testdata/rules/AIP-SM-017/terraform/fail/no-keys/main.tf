resource "aws_kms_key" "ml" {
  description         = "monitoring data"
  enable_key_rotation = true
}

# Neither the output nor the volume names a key.
resource "aws_sagemaker_data_quality_job_definition" "llm" { # expect: AIP-SM-017
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

# The output is encrypted with the key, the EBS volume of an ml.c5 instance is not.
resource "aws_sagemaker_data_quality_job_definition" "churn" { # expect: AIP-SM-017
  name     = "churn-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "churn"
    }
  }

  data_quality_job_output_config {
    kms_key_id = aws_kms_key.ml.arn
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://ml-monitoring-123456789012/churn/data-quality"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 2
      instance_type     = "ml.c5.xlarge"
      volume_size_in_gb = 20
    }
  }
}

# The volume has a key, the output does not.
resource "aws_sagemaker_data_quality_job_definition" "fraud" { # expect: AIP-SM-017
  name     = "fraud-data-quality"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "fraud"
    }
  }

  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://ml-monitoring-123456789012/fraud/data-quality"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
      volume_kms_key_id = aws_kms_key.ml.arn
    }
  }
}
