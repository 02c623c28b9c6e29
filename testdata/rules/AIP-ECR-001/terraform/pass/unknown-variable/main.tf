# Both settings come from variables without defaults: unknown, so no finding.
variable "tag_mutability" {
  type = string
}

variable "scan_on_push" {
  type = bool
}

resource "aws_ecr_repository" "serving" {
  name                 = "llm-serving"
  image_tag_mutability = var.tag_mutability

  image_scanning_configuration {
    scan_on_push = var.scan_on_push
  }
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "${aws_ecr_repository.serving.repository_url}:1.4"
  }
}
