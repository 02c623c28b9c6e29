resource "aws_sagemaker_notebook_instance_lifecycle_configuration" "research" {
  name     = "research-setup"
  on_start = base64encode("sudo -u ec2-user -i pip install --quiet -r /home/ec2-user/SageMaker/requirements.txt")
}

# Root is off for users; the lifecycle configuration still runs as root for setup.
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d4e5f60718"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  lifecycle_config_name  = aws_sagemaker_notebook_instance_lifecycle_configuration.research.name
}

# Not created: nothing to report.
resource "aws_sagemaker_notebook_instance" "scratch" {
  count         = 0
  name          = "scratch"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.t3.medium"
}
