# No SageMaker or Bedrock resource: the rule has nothing to say about this stack.
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}
