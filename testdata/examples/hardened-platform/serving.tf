# Ticket classifier: routes incoming support tickets to a queue. Trained by the
# pipeline in pipeline.tf, served from a real-time endpoint, watched by Model Monitor.

resource "aws_ecr_repository" "serving" {
  name                 = local.serving_repository
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ml.arn
  }

  tags = local.tags
}

resource "aws_ecr_repository" "training" {
  name                 = local.training_repository
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ml.arn
  }

  tags = local.tags
}

resource "aws_sagemaker_model" "ticket_classifier" {
  name                     = "${local.name}-ticket-classifier"
  execution_role_arn       = aws_iam_role.sagemaker_execution.arn
  enable_network_isolation = true

  primary_container {
    image          = local.serving_image
    model_data_url = "s3://${aws_s3_bucket.model_artifacts.id}/ticket-classifier/1.8.2/model.tar.gz"

    environment = {
      SAGEMAKER_PROGRAM             = "inference.py"
      SAGEMAKER_CONTAINER_LOG_LEVEL = "20"
      MAX_SEQUENCE_LENGTH           = "512"
    }
  }

  vpc_config {
    subnets            = local.private_subnet_ids
    security_group_ids = [aws_security_group.workloads.id]
  }

  tags = local.tags
}

resource "aws_sagemaker_endpoint_configuration" "ticket_classifier" {
  name        = "${local.name}-ticket-classifier"
  kms_key_arn = aws_kms_key.ml.arn

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.ticket_classifier.name
    instance_type          = "ml.c6i.xlarge"
    initial_instance_count = 2
    initial_variant_weight = 1
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 25
    destination_s3_uri          = "s3://${aws_s3_bucket.data_capture.id}/ticket-classifier"
    kms_key_id                  = aws_kms_key.ml.arn

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }

    capture_content_type_header {
      json_content_types = ["application/json"]
    }
  }

  tags = local.restricted_tags
}

resource "aws_sagemaker_endpoint" "ticket_classifier" {
  name                 = "${local.name}-ticket-classifier"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.ticket_classifier.name

  tags = local.tags
}

# Model Monitor: hourly drift check of the captured requests against the baseline.
resource "aws_sagemaker_data_quality_job_definition" "ticket_classifier" {
  name     = "${local.name}-ticket-classifier-data-quality"
  role_arn = aws_iam_role.sagemaker_execution.arn

  data_quality_app_specification {
    image_uri = local.model_monitor_image
  }

  data_quality_baseline_config {
    constraints_resource {
      s3_uri = "s3://${aws_s3_bucket.model_artifacts.id}/monitoring/ticket-classifier/baseline/constraints.json"
    }

    statistics_resource {
      s3_uri = "s3://${aws_s3_bucket.model_artifacts.id}/monitoring/ticket-classifier/baseline/statistics.json"
    }
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name             = aws_sagemaker_endpoint.ticket_classifier.name
      local_path                = "/opt/ml/processing/input/endpoint"
      s3_data_distribution_type = "FullyReplicated"
      s3_input_mode             = "File"
    }
  }

  data_quality_job_output_config {
    kms_key_id = aws_kms_key.ml.arn

    monitoring_outputs {
      s3_output {
        s3_uri         = "s3://${aws_s3_bucket.model_artifacts.id}/monitoring/ticket-classifier/data-quality"
        local_path     = "/opt/ml/processing/output"
        s3_upload_mode = "EndOfJob"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.xlarge"
      volume_size_in_gb = 30
      volume_kms_key_id = aws_kms_key.ml.arn
    }
  }

  network_config {
    enable_inter_container_traffic_encryption = true
    enable_network_isolation                  = true

    vpc_config {
      security_group_ids = [aws_security_group.workloads.id]
      subnets            = local.private_subnet_ids
    }
  }

  stopping_condition {
    max_runtime_in_seconds = 1800
  }

  tags = local.restricted_tags
}

resource "aws_sagemaker_monitoring_schedule" "ticket_classifier" {
  name = "${local.name}-ticket-classifier-data-quality"

  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.ticket_classifier.name
    monitoring_type                = "DataQuality"

    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }

  tags = local.tags
}
