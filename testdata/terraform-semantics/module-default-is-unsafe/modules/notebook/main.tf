variable "name" {}

variable "internet_access" {
  default = "Enabled"
}

resource "aws_kms_key" "nb" {}

resource "aws_sagemaker_notebook_instance" "this" {
  name                   = var.name
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id             = aws_kms_key.nb.arn
  direct_internet_access = var.internet_access
}
