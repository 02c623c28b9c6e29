resource "aws_sagemaker_human_task_ui" "claims" {
  human_task_ui_name = "claims-review"

  ui_template {
    content = file("${path.module}/claims-review.liquid.html")
  }
}

resource "aws_sagemaker_flow_definition" "claims" { # expect: AIP-SM-018
  flow_definition_name = "claims-review"
  role_arn             = "arn:aws:iam::123456789012:role/a2i-review"

  human_loop_config {
    human_task_ui_arn                     = aws_sagemaker_human_task_ui.claims.arn
    task_availability_lifetime_in_seconds = 86400
    task_count                            = 1
    task_description                      = "Check the fields the extraction model was unsure about"
    task_title                            = "Claim field review"
    workteam_arn                          = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/claims"
  }

  output_config {
    s3_output_path = "s3://ml-review-123456789012/claims"
  }
}
