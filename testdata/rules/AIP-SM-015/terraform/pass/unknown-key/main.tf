variable "online_store" {
  description = "Whether the online store is on, per environment."
  type        = bool
}

variable "offline_key_arn" {
  description = "KMS key for the offline store, from the security account's pipeline."
  type        = string
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
    enable_online_store = var.online_store
  }

  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://example-feature-store/offline"
      kms_key_id = var.offline_key_arn
    }
  }
}
