# The LLM model has no vpc_config: its containers run in a network SageMaker manages.
resource "aws_sagemaker_model" "llm" { # expect: AIP-SM-013
  name                     = "support-llm"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = true

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/support-llm:2024.06.3"
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }
}
