# A registry that is not Amazon ECR, but the model pulls in Platform mode (the default without
# image_config, and set explicitly on the second model).
resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "registry.example.com/ml/support-llm:2024.06.3" # expect: AIP-SM-014
  }
}

resource "aws_sagemaker_model" "embedder" {
  name               = "embedder"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "registry.example.com:5000/ml/embedder:0.9.1" # expect: AIP-SM-014

    image_config {
      repository_access_mode = "Platform"
    }
  }
}
