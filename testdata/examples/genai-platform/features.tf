# Customer features for the support agent's personalisation, kept in the SageMaker
# Feature Store. The offline store lands in the artifacts bucket under the bucket's
# default encryption, with no key of the platform's own.

resource "aws_sagemaker_feature_group" "customer" {
  feature_group_name             = "${var.project}-customer-features"
  record_identifier_feature_name = "customer_id"
  event_time_feature_name        = "event_time"
  role_arn                       = aws_iam_role.sagemaker_execution.arn
  description                    = "Order history aggregates per customer"

  feature_definition {
    feature_name = "customer_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "lifetime_orders"
    feature_type = "Integral"
  }

  feature_definition {
    feature_name = "open_tickets"
    feature_type = "Integral"
  }

  offline_store_config {
    s3_storage_config {
      s3_uri = "s3://${local.artifacts_bucket}/feature-store/"
    }
  }

  tags = local.tags
}
