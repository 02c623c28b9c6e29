variable "notebooks" {
  default = {
    research = "Enabled"
    prod     = "Disabled"
  }
}

resource "aws_sagemaker_notebook_instance" "team" {
  for_each               = var.notebooks
  name                   = each.key
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id             = "alias/ml"
  direct_internet_access = each.value
}

resource "aws_iam_access_key" "ci" {
  count = 2
  user  = "ci-${count.index}"
}

resource "aws_iam_access_key" "disabled" {
  count  = 0
  user   = "old"
}
