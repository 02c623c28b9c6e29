# The guard is a Deny for requests from any other source account.
resource "aws_iam_role" "sagemaker" {
  name = "ml-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "sagemaker.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "sts:AssumeRole"
        Condition = { StringNotEquals = { "aws:SourceAccount" = "123456789012" } }
      },
    ]
  })
}
