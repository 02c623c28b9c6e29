variable "notebook_subnet_id" {
  description = "Private subnet for the notebook; empty leaves it outside the VPC."
  type        = string
  default     = ""
}

resource "aws_sagemaker_notebook_instance" "analytics" {
  name          = "analytics"
  role_arn      = "arn:aws:iam::123456789012:role/analytics-notebook"
  instance_type = "ml.m5.xlarge"
  subnet_id     = var.notebook_subnet_id # expect: AIP-SM-007
}
