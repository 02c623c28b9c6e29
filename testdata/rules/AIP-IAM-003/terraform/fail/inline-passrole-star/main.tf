# A SageMaker execution role whose inline policy may pass every role of the account.
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
    name = "pipelines"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob"]
          Resource = "arn:aws:sagemaker:eu-west-1:123456789012:training-job/ml-*"
        },
        { # expect: AIP-IAM-003
          Effect   = "Allow"
          Action   = ["iam:GetRole", "iam:PassRole"]
          Resource = "*"
        },
      ]
    })
  }
}
