variable "notebook_root_access" {
  description = "Give notebook users root; the sandbox team asked for it."
  type        = string
  default     = "Enabled"
}

resource "aws_sagemaker_notebook_instance" "sandbox" {
  name          = "sandbox"
  role_arn      = "arn:aws:iam::123456789012:role/sandbox-notebook"
  instance_type = "ml.t3.large"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"
  root_access   = var.notebook_root_access # expect: AIP-SM-006
}

resource "aws_sagemaker_notebook_instance" "legacy" {
  name          = "legacy-eda"
  role_arn      = "arn:aws:iam::123456789012:role/sandbox-notebook"
  instance_type = "ml.t3.medium"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"
  root_access   = "Enabled" # expect: AIP-SM-006
}
