# The research notebook leaves root_access out, so SageMaker gives its users root (Enabled).
resource "aws_sagemaker_notebook_instance" "research" { # expect: AIP-SM-006
  name                   = "research"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  kms_key_id             = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  tags = {
    team = "ml-research"
  }
}

resource "aws_iam_role" "notebook" {
  name = "research-notebook"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
