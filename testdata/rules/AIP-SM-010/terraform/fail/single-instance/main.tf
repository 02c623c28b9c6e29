resource "aws_sagemaker_model" "llm" {
  name               = "support-llm"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-inference"

  primary_container {
    image          = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04"
    model_data_url = "s3://acme-ml-models/support-llm/model.tar.gz"
  }
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  name        = "support-llm"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.llm.name
    instance_type          = "ml.g5.2xlarge"
    initial_instance_count = 1 # expect: AIP-SM-010
  }
}
