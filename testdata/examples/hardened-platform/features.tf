# Ticket features for the classifier (online store for inference, offline store
# for training), and human review of the tickets the classifier is unsure about.

resource "aws_sagemaker_feature_group" "ticket_features" {
  feature_group_name             = "${local.name}-ticket-features"
  description                    = "Per-ticket features used to train and serve the ticket classifier"
  record_identifier_feature_name = "ticket_id"
  event_time_feature_name        = "event_time"
  role_arn                       = aws_iam_role.sagemaker_execution.arn

  feature_definition {
    feature_name = "ticket_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "customer_tier"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "open_tickets_30d"
    feature_type = "Integral"
  }

  feature_definition {
    feature_name = "sentiment_score"
    feature_type = "Fractional"
  }

  online_store_config {
    enable_online_store = true

    security_config {
      kms_key_id = aws_kms_key.ml.arn
    }
  }

  offline_store_config {
    disable_glue_table_creation = true

    s3_storage_config {
      s3_uri     = "s3://${aws_s3_bucket.training_data.id}/feature-store"
      kms_key_id = aws_kms_key.ml.arn
    }
  }

  tags = local.restricted_tags
}

resource "aws_sagemaker_human_task_ui" "ticket_review" {
  human_task_ui_name = "${local.name}-ticket-review"

  ui_template {
    content = <<-EOT
      <script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
      <crowd-form>
        <crowd-classifier name="queue" header="Which queue should handle this ticket?"
          categories="['billing', 'returns', 'orders', 'technical', 'other']">
          <classification-target>{{ task.input.ticket_text }}</classification-target>
          <full-instructions header="Ticket routing">Pick the team that can resolve the ticket.</full-instructions>
          <short-instructions>Pick the team that can resolve the ticket.</short-instructions>
        </crowd-classifier>
      </crowd-form>
    EOT
  }

  tags = local.tags
}

resource "aws_sagemaker_flow_definition" "ticket_review" {
  flow_definition_name = "${local.name}-ticket-review"
  role_arn             = aws_iam_role.sagemaker_execution.arn

  human_loop_config {
    human_task_ui_arn                     = aws_sagemaker_human_task_ui.ticket_review.arn
    task_availability_lifetime_in_seconds = 86400
    task_count                            = 1
    task_description                      = "Route a support ticket the classifier could not route confidently"
    task_title                            = "Ticket routing review"
    workteam_arn                          = "arn:aws:sagemaker:${var.region}:${local.account_id}:workteam/private-crowd/${var.review_workteam_name}"
  }

  output_config {
    s3_output_path = "s3://${aws_s3_bucket.model_artifacts.id}/human-review/ticket-routing"
    kms_key_id     = aws_kms_key.ml.arn
  }

  tags = local.restricted_tags
}
