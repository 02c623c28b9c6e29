provider "aws" {
  default_tags {
    tags = {
      owner = "ml-platform"
    }
  }
}

resource "aws_sagemaker_endpoint" "llm" {
  name                 = "llm"
  endpoint_config_name = "llm"
  tags = {
    data-classification = "confidential"
  }
}
