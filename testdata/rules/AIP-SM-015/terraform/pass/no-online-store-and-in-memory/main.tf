# The online store block is there but the store is off (the default), and there is no
# offline store: nothing is stored, so nothing needs a key.
resource "aws_sagemaker_feature_group" "draft" {
  feature_group_name             = "draft-features"
  record_identifier_feature_name = "id"
  event_time_feature_name        = "event_time"
  role_arn                       = "arn:aws:iam::123456789012:role/feature-store"

  feature_definition {
    feature_name = "id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  online_store_config {
    ttl_duration {
      unit  = "Days"
      value = 30
    }
  }
}

# An InMemory online store, which AWS's online-store encryption check leaves out.
resource "aws_sagemaker_feature_group" "sessions" {
  feature_group_name             = "session-features"
  record_identifier_feature_name = "session_id"
  event_time_feature_name        = "event_time"
  role_arn                       = "arn:aws:iam::123456789012:role/feature-store"

  feature_definition {
    feature_name = "session_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  online_store_config {
    enable_online_store = true
    storage_type        = "InMemory"
  }
}
