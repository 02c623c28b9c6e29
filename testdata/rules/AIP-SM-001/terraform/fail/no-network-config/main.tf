resource "aws_sagemaker_data_quality_job_definition" "bias" { # expect: AIP-SM-001
  name     = "llm-bias"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri  = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
  }
}

resource "aws_sagemaker_data_quality_job_definition" "shap" { # expect: AIP-SM-001
  name     = "llm-explainability"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  network_config {
    enable_network_isolation = true
  }
}
