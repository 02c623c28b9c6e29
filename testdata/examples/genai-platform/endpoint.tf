# Self-hosted LLM served from a SageMaker real-time endpoint.

resource "aws_ecr_repository" "llm" {
  name                 = "${var.project}/llm-serving"
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

resource "aws_sagemaker_model" "llm" {
  name                     = "${var.project}-llm"
  execution_role_arn       = aws_iam_role.sagemaker_execution.arn
  enable_network_isolation = true

  primary_container {
    image          = "${aws_ecr_repository.llm.repository_url}:2024.06.3"
    model_data_url = "s3://${local.artifacts_bucket}/models/llm/2024-06-03/model.tar.gz"

    environment = {
      SM_NUM_GPUS                   = "1"
      MAX_INPUT_LENGTH              = "4096"
      SAGEMAKER_PROGRAM             = "inference.py"
      SAGEMAKER_CONTAINER_LOG_LEVEL = "20"
    }
  }

  vpc_config {
    subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.ml.id]
  }

  tags = local.tags
}

# Reranker staged by the search team for an A/B test: the public Text Embeddings
# Inference image straight from a public registry, outside the VPC, with network access.
resource "aws_sagemaker_model" "reranker" {
  name               = "${var.project}-reranker"
  execution_role_arn = aws_iam_role.sagemaker_execution.arn

  primary_container {
    image          = "ghcr.io/huggingface/text-embeddings-inference:1.5"
    model_data_url = "s3://${local.artifacts_bucket}/models/reranker/2024-07-01/model.tar.gz"
  }

  tags = local.tags
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name = "${var.project}-llm"

  production_variants {
    variant_name                                      = "primary"
    model_name                                        = aws_sagemaker_model.llm.name
    instance_type                                     = "ml.g5.2xlarge"
    initial_instance_count                            = 2
    initial_variant_weight                            = 1
    container_startup_health_check_timeout_in_seconds = 600
    model_data_download_timeout_in_seconds            = 900
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${local.artifacts_bucket}/data-capture/llm"
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

  tags = local.tags
}

resource "aws_sagemaker_endpoint" "llm" {
  name                 = "${var.project}-llm"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.llm.name

  tags = local.tags
}

# Model Monitor: drift on the captured requests, and accuracy against the
# ground-truth labels the support team uploads every night.

resource "aws_sagemaker_data_quality_job_definition" "llm" {
  name     = "${var.project}-llm-data-quality"
  role_arn = aws_iam_role.sagemaker_execution.arn

  data_quality_app_specification {
    image_uri = local.model_monitor_image
  }

  data_quality_baseline_config {
    constraints_resource {
      s3_uri = "s3://${local.artifacts_bucket}/monitoring/llm/baseline/constraints.json"
    }

    statistics_resource {
      s3_uri = "s3://${local.artifacts_bucket}/monitoring/llm/baseline/statistics.json"
    }
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name             = aws_sagemaker_endpoint.llm.name
      local_path                = "/opt/ml/processing/input/endpoint"
      s3_data_distribution_type = "FullyReplicated"
      s3_input_mode             = "File"
    }
  }

  data_quality_job_output_config {
    kms_key_id = aws_kms_key.ml.arn

    monitoring_outputs {
      s3_output {
        s3_uri         = "s3://${local.artifacts_bucket}/monitoring/llm/data-quality"
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
    enable_inter_container_traffic_encryption = false
    enable_network_isolation                  = true

    vpc_config {
      security_group_ids = [aws_security_group.ml.id]
      subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    }
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }

  tags = local.tags
}
