# A quick-start notebook: no subnet_id, so it only has SageMaker's own network interface.
resource "aws_sagemaker_notebook_instance" "quickstart" { # expect: AIP-SM-007
  name          = "quickstart"
  role_arn      = "arn:aws:iam::123456789012:role/quickstart-notebook"
  instance_type = "ml.t3.medium"
  root_access   = "Disabled"
  kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
