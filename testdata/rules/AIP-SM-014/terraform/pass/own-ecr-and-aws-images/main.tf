resource "aws_ecr_repository" "llm" {
  name                 = "support-llm"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

# The account's own registry, through the repository resource.
resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "${aws_ecr_repository.llm.repository_url}:2024.06.3"
  }
}

# The account's own registry, written out.
resource "aws_sagemaker_model" "embedder" {
  name               = "embedder"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/embedder@sha256:4f9a3c2e1d0b8a7f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a2918f7e6"
  }
}

# An AWS Deep Learning Container: AWS's own image account, not another customer's.
resource "aws_sagemaker_model" "classifier" {
  name               = "ticket-classifier"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.3.0-cpu-py311-ubuntu20.04-sagemaker"
    model_data_url = "s3://example-ml-artifacts/ticket-classifier/1.8.2/model.tar.gz"
  }
}

# A SageMaker built-in algorithm (XGBoost, eu-west-1).
resource "aws_sagemaker_model" "churn" {
  name               = "churn"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    model_data_url = "s3://example-ml-artifacts/churn/model.tar.gz"
  }
}
