# The usual SageMaker execution role: trusts the service with no aws:SourceAccount or
# aws:SourceArn, so SageMaker may be made to use it for another account's resources.
resource "aws_iam_role" "sagemaker" {
  name = "ml-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { # expect: AIP-IAM-004
        Effect    = "Allow"
        Principal = { Service = "sagemaker.amazonaws.com" }
        Action    = "sts:AssumeRole"
      }
    ]
  })
}
