# ml.g4dn instances have local NVMe storage, encrypted by the instance; SageMaker rejects a
# volume key for them, so only the output needs one.
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
    kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/3f1c2a9e-8d4b-4e55-9a0f-2b7c6d1e0a93"
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://ml-monitoring-123456789012/vision/data-quality"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.g4dn.xlarge"
      volume_size_in_gb = 50
    }
  }
}
