# Shared notebook for the research team's prompt and fine-tuning experiments.
resource "aws_sagemaker_notebook_instance" "research" {
  name                = "${var.project}-research"
  role_arn            = aws_iam_role.sagemaker_execution.arn
  instance_type       = "ml.t3.xlarge"
  platform_identifier = "notebook-al2-v3"
  volume_size         = 100
  subnet_id           = aws_subnet.private_a.id
  security_groups     = [aws_security_group.ml.id]
  root_access         = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }

  tags = local.tags
}

# Notebook for work on customer conversation data (confidential).
resource "aws_sagemaker_notebook_instance" "secure" {
  name                   = "${var.project}-secure"
  role_arn               = aws_iam_role.sagemaker_execution.arn
  instance_type          = "ml.t3.large"
  platform_identifier    = "notebook-al2-v3"
  volume_size            = 50
  kms_key_id             = aws_kms_key.ml.arn
  subnet_id              = aws_subnet.private_b.id
  security_groups        = [aws_security_group.ml.id]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }

  tags = local.tags
}
