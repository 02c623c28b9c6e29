resource "aws_kms_key" "ml" {
  description         = "ML data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.ml.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1"
    model_data_url = "s3://${aws_s3_bucket.artifacts.bucket}/support-llm/model.tar.gz"
  }
}

# Dual-layer KMS, configured by the bucket's name, legacy inline block.
resource "aws_s3_bucket" "features" {
  bucket = "acme-feature-store"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms:dsse"
        kms_master_key_id = aws_kms_key.ml.arn
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

resource "aws_s3_bucket" "kb_docs" {
  bucket = "acme-kb-docs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kb_docs" {
  bucket = "acme-kb-docs"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.ml.arn
    }
  }
}

resource "aws_bedrockagent_data_source" "docs" {
  knowledge_base_id = "KB12345678"
  name              = "support-docs"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = aws_s3_bucket.kb_docs.arn
    }
  }
}
