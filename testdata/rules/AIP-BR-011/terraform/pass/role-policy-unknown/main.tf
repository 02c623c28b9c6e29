# The role's policy comes from a variable without a default: whether it may call Bedrock is
# not known, so no finding.
variable "worker_policy" {
  type = string
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policy {
    name   = "worker"
    policy = var.worker_policy
  }
}
