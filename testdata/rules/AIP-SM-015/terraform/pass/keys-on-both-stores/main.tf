resource "aws_kms_key" "features" {
  description         = "Feature Store"
  enable_key_rotation = true
}

resource "aws_sagemaker_feature_group" "tickets" {
  feature_group_name             = "ticket-features"
  record_identifier_feature_name = "ticket_id"
  event_time_feature_name        = "event_time"
  role_arn                       = "arn:aws:iam::123456789012:role/feature-store"

  feature_definition {
    feature_name = "ticket_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  online_store_config {
    enable_online_store = true

    security_config {
      kms_key_id = aws_kms_key.features.arn
    }
  }

  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://example-feature-store/offline"
      kms_key_id = aws_kms_key.features.arn
    }
  }
}
