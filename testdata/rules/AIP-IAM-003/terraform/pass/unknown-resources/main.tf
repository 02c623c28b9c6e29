# The roles PassRole applies to come from a variable without a default: not known.
variable "passable_roles" {
  type = list(string)
}

resource "aws_iam_role" "sagemaker" {
  name = "ml-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })

  inline_policy {
    name = "pass"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = var.passable_roles }]
    })
  }
}
