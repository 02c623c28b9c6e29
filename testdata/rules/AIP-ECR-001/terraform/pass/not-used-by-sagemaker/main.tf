# A repository no SageMaker resource uses is outside this rule (the web front end's image).
resource "aws_ecr_repository" "web" {
  name = "chat-web"
}

resource "aws_lambda_function" "web" {
  function_name = "chat-web"
  role          = "arn:aws:iam::123456789012:role/chat-web"
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.web.repository_url}:3.1"
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04"
  }
}
