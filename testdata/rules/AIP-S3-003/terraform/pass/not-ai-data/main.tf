# No SageMaker or Bedrock resource uses these buckets.
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
