variable "internet_access" {
  default = "Disabled"
}

resource "aws_sagemaker_notebook_instance" "lab" {
  name                   = "lab"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = "alias/ml"
  direct_internet_access = var.internet_access
}
