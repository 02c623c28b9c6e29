# Model artifacts: no default encryption configured, so S3 uses SSE-S3.
resource "aws_s3_bucket" "artifacts" { # expect: AIP-S3-001
  bucket = "acme-model-artifacts"
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# Knowledge base documents, SSE-S3 set explicitly; the data source names the bucket by ARN.
resource "aws_s3_bucket" "kb_docs" {
  bucket = "acme-kb-docs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kb_docs" {
  bucket = aws_s3_bucket.kb_docs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: AIP-S3-001
    }
  }
}

resource "aws_bedrockagent_data_source" "docs" {
  knowledge_base_id = "KB12345678"
  name              = "support-docs"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::acme-kb-docs"
    }
  }
}

# Feature store offline store, with the legacy inline configuration.
resource "aws_s3_bucket" "features" {
  bucket = "acme-feature-store"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: AIP-S3-001
      }
    }
  }
}

resource "aws_sagemaker_feature_group" "tickets" {
  feature_group_name             = "tickets"
  record_identifier_feature_name = "ticket_id"
  event_time_feature_name        = "event_time"
  role_arn                       = "arn:aws:iam::123456789012:role/sagemaker-exec"

  feature_definition {
    feature_name = "ticket_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  offline_store_config {
    s3_storage_config {
      s3_uri = "s3://acme-feature-store/offline"
    }
  }
}
