# A private Docker registry inside the VPC, pulled in Vpc mode: the registry SageMaker's
# private-registry feature is for.
resource "aws_sagemaker_model" "llm" {
  name                     = "support-llm"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker-execution"
  enable_network_isolation = true

  primary_container {
    image = "registry.ml.internal:5000/serving/support-llm:2024.06.3"

    image_config {
      repository_access_mode = "Vpc"
    }
  }

  vpc_config {
    subnets            = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}
