variable "model_subnet_ids" {
  description = "Private subnets, passed in by the network stack's pipeline."
  type        = list(string)
}

resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/support-llm:2024.06.3"
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }

  vpc_config {
    subnets            = var.model_subnet_ids
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
