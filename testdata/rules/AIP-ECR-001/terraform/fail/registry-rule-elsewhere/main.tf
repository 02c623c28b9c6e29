# The registry scans on push only repositories whose names start with web-; the model's
# repository has no scan on push of its own.
resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "BASIC"

  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "web-*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_repository" "serving" { # expect: AIP-ECR-001
  name                 = "llm-serving"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "${aws_ecr_repository.serving.repository_url}:1.4"
  }
}
