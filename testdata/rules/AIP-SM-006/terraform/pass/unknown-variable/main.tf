variable "root_access" {
  description = "Enabled or Disabled, decided per environment in the pipeline."
  type        = string
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.t3.medium"
  subnet_id     = "subnet-0a1b2c3d4e5f60718"
  root_access   = var.root_access
}
