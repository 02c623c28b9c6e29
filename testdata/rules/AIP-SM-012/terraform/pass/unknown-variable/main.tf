variable "enable_network_isolation" {
  description = "Set per environment by the deployment pipeline."
  type        = bool
}

resource "aws_sagemaker_model" "classifier" {
  name                     = "ticket-classifier"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = var.enable_network_isolation

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ticket-classifier:1.8.2"
    model_data_url = "s3://example-ml-artifacts/ticket-classifier/1.8.2/model.tar.gz"
  }
}
