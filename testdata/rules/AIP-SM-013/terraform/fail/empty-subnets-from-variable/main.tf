variable "model_subnet_ids" {
  description = "Private subnets for the serving models; none in the sandbox."
  type        = list(string)
  default     = []
}

# Without subnets the block places nothing in the VPC.
resource "aws_sagemaker_model" "embedder" { # expect: AIP-SM-013
  name               = "embedder"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/embedder:0.9.1"
    model_data_url = "s3://example-ml-artifacts/embedder/model.tar.gz"
  }

  vpc_config {
    subnets            = var.model_subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
