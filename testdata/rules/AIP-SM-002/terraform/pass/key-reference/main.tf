resource "aws_kms_key" "ml" {
  description         = "ML data"
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.ml.arn
  direct_internet_access = "Disabled"
}
