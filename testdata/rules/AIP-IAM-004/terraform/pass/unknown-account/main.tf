# The account in the condition is a variable without a default: not known, not a finding.
variable "account_id" {
  type = string
}

resource "aws_iam_role" "sagemaker" {
  name = "ml-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
}
