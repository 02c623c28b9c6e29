# The serving image's repository keeps ECR's defaults: mutable tags, no scan on push.
resource "aws_ecr_repository" "serving" { # expect: AIP-ECR-001
  name = "llm-serving"
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "${aws_ecr_repository.serving.repository_url}:1.4"
    model_data_url = "s3://ml-artifacts-123456789012/llm/model.tar.gz"
  }
}
