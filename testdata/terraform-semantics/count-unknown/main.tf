variable "replicas" {}

variable "access" {
  default = ["Disabled", "Disabled", "Disabled"]
}

resource "aws_sagemaker_notebook_instance" "replica" {
  count                  = var.replicas
  name                   = "replica-${count.index}"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id             = "alias/ml"
  direct_internet_access = var.access[count.index]
}
