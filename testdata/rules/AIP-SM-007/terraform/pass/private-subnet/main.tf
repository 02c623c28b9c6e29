resource "aws_vpc" "ml" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.ml.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_security_group" "notebook" {
  name   = "research-notebook"
  vpc_id = aws_vpc.ml.id
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = aws_subnet.private_a.id
  security_groups        = [aws_security_group.notebook.id]
  direct_internet_access = "Disabled"
}

resource "aws_sagemaker_notebook_instance" "etl" {
  name            = "etl"
  role_arn        = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type   = "ml.t3.medium"
  subnet_id       = "subnet-0a1b2c3d4e5f60718"
  security_groups = ["sg-0123456789abcdef0"]
}
