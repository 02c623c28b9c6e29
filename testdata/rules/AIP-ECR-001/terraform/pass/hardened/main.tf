resource "aws_ecr_repository" "serving" {
  name                 = "llm-serving"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

# Immutable except for a moving `latest-*` tag used by developers.
resource "aws_ecr_repository" "trainer" {
  name                 = "llm-trainer"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"

  image_tag_mutability_exclusion_filter {
    filter      = "latest-*"
    filter_type = "WILDCARD"
  }

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "${aws_ecr_repository.serving.repository_url}:1.4"
  }

  container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm-trainer:2.0"
  }
}
