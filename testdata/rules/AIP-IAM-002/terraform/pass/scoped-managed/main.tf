resource "aws_iam_policy" "invoke" {
  name   = "invoke-llm"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:InvokeEndpoint\",\"Resource\":\"arn:aws:sagemaker:us-east-1:123456789012:endpoint/llm\"}]}"
}

resource "aws_iam_role_policy_attachment" "invoke" {
  role       = "app"
  policy_arn = aws_iam_policy.invoke.arn
}

resource "aws_iam_role_policy_attachment" "readonly" {
  role       = "auditor"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"
}
