resource "aws_kms_key" "review" {
  description         = "human review results"
  enable_key_rotation = true
}

resource "aws_sagemaker_flow_definition" "claims" {
  flow_definition_name = "claims-review"
  role_arn             = "arn:aws:iam::123456789012:role/a2i-review"

  human_loop_config {
    human_task_ui_arn                     = "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/claims-review"
    task_availability_lifetime_in_seconds = 86400
    task_count                            = 1
    task_description                      = "Check the fields the extraction model was unsure about"
    task_title                            = "Claim field review"
    workteam_arn                          = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/claims"
  }

  output_config {
    s3_output_path = "s3://ml-review-123456789012/claims"
    kms_key_id     = aws_kms_key.review.arn
  }
}

resource "aws_sagemaker_flow_definition" "moderation" {
  flow_definition_name = "moderation-review"
  role_arn             = "arn:aws:iam::123456789012:role/a2i-review"

  human_loop_config {
    human_task_ui_arn                     = "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/moderation"
    task_availability_lifetime_in_seconds = 3600
    task_count                            = 1
    task_description                      = "Confirm or overturn the moderation decision"
    task_title                            = "Moderation review"
    workteam_arn                          = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/trust-safety"
  }

  output_config {
    s3_output_path = "s3://ml-review-123456789012/moderation"
    kms_key_id     = "arn:aws:kms:eu-west-1:123456789012:key/3f1c2a9e-8d4b-4e55-9a0f-2b7c6d1e0a93"
  }
}
