# The execution role says the model lives in account 123456789012; the image is in the
# private registry of account 999988887777, which is not one of AWS's image accounts.
resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-execution"

  primary_container {
    image          = "999988887777.dkr.ecr.eu-west-1.amazonaws.com/vendor/support-llm:2024.06.3" # expect: AIP-SM-014
    model_data_url = "s3://example-ml-artifacts/support-llm/model.tar.gz"
  }
}
