resource "aws_iam_policy" "invoke" {
  name = "invoke-any-endpoint"
  # expect-next-line: AIP-IAM-001
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sagemaker:InvokeEndpoint"],
      "Resource": "*"
    }
  ]
}
EOT
}
