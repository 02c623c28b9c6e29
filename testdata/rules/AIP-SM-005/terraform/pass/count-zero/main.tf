resource "aws_sagemaker_notebook_instance" "legacy" {
  count         = 0
  name          = "legacy"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
}
