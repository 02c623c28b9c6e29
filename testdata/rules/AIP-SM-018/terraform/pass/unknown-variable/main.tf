# The key comes from a variable without a default: unknown, so no finding.
variable "review_key_arn" {
  type = string
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
    kms_key_id     = var.review_key_arn
  }
}
