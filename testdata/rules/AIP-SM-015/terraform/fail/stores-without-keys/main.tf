# Both stores exist and neither names a KMS key.
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
    enable_online_store = true # expect: AIP-SM-015
  }

  offline_store_config { # expect: AIP-SM-015
    s3_storage_config {
      s3_uri = "s3://example-feature-store/offline"
    }
  }
}

# The online store is on (Standard tier, the default) and has a security_config without a key.
resource "aws_sagemaker_feature_group" "customers" {
  feature_group_name             = "customer-features"
  record_identifier_feature_name = "customer_id"
  event_time_feature_name        = "event_time"
  role_arn                       = "arn:aws:iam::123456789012:role/feature-store"

  feature_definition {
    feature_name = "customer_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  online_store_config {
    enable_online_store = true # expect: AIP-SM-015
    storage_type        = "Standard"
  }
}
