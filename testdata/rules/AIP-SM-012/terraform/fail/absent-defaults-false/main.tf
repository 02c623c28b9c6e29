# The classifier model leaves enable_network_isolation out, so SageMaker runs its containers
# with outbound network access (the default is false).
resource "aws_sagemaker_model" "classifier" { # expect: AIP-SM-012
  name               = "ticket-classifier"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ticket-classifier:1.8.2"
    model_data_url = "s3://example-ml-artifacts/ticket-classifier/1.8.2/model.tar.gz"
  }

  vpc_config {
    subnets            = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
