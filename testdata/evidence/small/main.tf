# A small stack for the evidence report's snapshot: three notebooks, two waived by one
# pattern (which makes the waivers cover every finding of a high-severity rule), one whose
# settings come from variables without a value (so its checks cannot decide).

variable "notebook_key" {}
variable "internet" {}

resource "aws_sagemaker_notebook_instance" "alpha" {
  name          = "alpha"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_sagemaker_notebook_instance" "beta" {
  name          = "beta"
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "gamma" {
  name                   = "gamma"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = var.notebook_key
  direct_internet_access = var.internet
}
