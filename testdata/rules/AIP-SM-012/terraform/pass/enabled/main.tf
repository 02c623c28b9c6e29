resource "aws_sagemaker_model" "classifier" {
  name                     = "ticket-classifier"
  execution_role_arn       = aws_iam_role.execution.arn
  enable_network_isolation = true

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ticket-classifier:1.8.2"
    model_data_url = "s3://example-ml-artifacts/ticket-classifier/1.8.2/model.tar.gz"
  }
}

resource "aws_iam_role" "execution" {
  name = "sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
