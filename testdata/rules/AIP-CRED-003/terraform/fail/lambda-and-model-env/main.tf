resource "aws_lambda_function" "chat" {
  function_name = "chat"
  role          = "arn:aws:iam::123456789012:role/chat"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "chat.zip"

  environment {
    variables = {
      MODEL_ID          = "anthropic.claude-3-haiku-20240307-v1:0"
      ANTHROPIC_API_KEY = "sk-ant-api03-Zq8XbP2LkR7vN4mT9wYc1HdS6fJ3gA5eU0oI" # expect: AIP-CRED-003
    }
  }
}

resource "aws_sagemaker_model" "embedder" {
  name               = "embedder"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker"

  primary_container {
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1.0-transformers4.37.0-gpu-py310-cu118-ubuntu20.04"
    environment = {
      HF_MODEL_ID = "BAAI/bge-large-en-v1.5"
      HF_TOKEN    = "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" # expect: AIP-CRED-003
    }
  }
}
