# Buckets no SageMaker or Bedrock resource uses: out of this rule's scope.
resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket" "lambda_code" {
  bucket = "acme-lambda-code"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "python3.12"
  s3_bucket     = aws_s3_bucket.lambda_code.bucket
  s3_key        = "api.zip"
}

# A state machine that never calls SageMaker or Bedrock.
resource "aws_sfn_state_machine" "etl" {
  name     = "etl"
  role_arn = "arn:aws:iam::123456789012:role/sfn-etl"

  definition = jsonencode({
    StartAt = "Copy"
    States = {
      Copy = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:s3:copyObject"
        Parameters = {
          Bucket     = aws_s3_bucket.website.bucket
          CopySource = "acme-staging/index.html"
          Key        = "index.html"
        }
        End = true
      }
    }
  })
}

# A model whose artifacts live in another account's bucket.
resource "aws_sagemaker_model" "vendor" {
  name               = "vendor-model"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/vendor:1"
    model_data_url = "s3://vendor-shared-models/v3/model.tar.gz"
  }
}
