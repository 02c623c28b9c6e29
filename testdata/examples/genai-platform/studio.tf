# SageMaker Studio for the data science team. VPC-only: apps reach AWS
# services through the VPC endpoints in network.tf.
resource "aws_sagemaker_domain" "studio" {
  domain_name             = "${var.project}-studio"
  auth_mode               = "IAM"
  vpc_id                  = aws_vpc.ml.id
  subnet_ids              = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  app_network_access_type = "VpcOnly"
  kms_key_id              = aws_kms_key.ml.arn

  default_user_settings {
    execution_role  = aws_iam_role.sagemaker_execution.arn
    security_groups = [aws_security_group.ml.id]
  }

  default_space_settings {
    execution_role  = aws_iam_role.sagemaker_execution.arn
    security_groups = [aws_security_group.ml.id]
  }

  tags = local.tags
}
