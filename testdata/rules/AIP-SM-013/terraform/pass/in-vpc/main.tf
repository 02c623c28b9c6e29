resource "aws_sagemaker_model" "llm" {
  name                     = "support-llm"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = true

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/support-llm:2024.06.3"
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }

  vpc_config {
    subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.inference.id]
  }
}

resource "aws_vpc" "ml" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.ml.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.ml.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_security_group" "inference" {
  name   = "inference"
  vpc_id = aws_vpc.ml.id
}
