# The registry scans every repository continuously (enhanced scanning), so the deprecated
# repository-level scan_on_push is not needed.
resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_repository" "serving" {
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
