# Notebook instance and Studio domain of the data science team. Both run in the
# private subnets only: no direct internet access, no root, IMDSv2 only.

resource "aws_sagemaker_notebook_instance_lifecycle_config" "research" {
  name = "${local.name}-research"

  # Stops the instance after an hour without kernel activity. autostop.py ships
  # in the platform's notebook bundle; nothing is downloaded at start.
  on_start = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    echo "*/5 * * * * /usr/bin/python3 /home/ec2-user/SageMaker/.platform/autostop.py --time 3600 --ignore-connections" \
      | crontab -u ec2-user -
  EOT
  )
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "${local.name}-research"
  role_arn               = aws_iam_role.sagemaker_execution.arn
  instance_type          = "ml.t3.xlarge"
  platform_identifier    = "notebook-al2-v3"
  volume_size            = 100
  kms_key_id             = aws_kms_key.ml.arn
  subnet_id              = aws_subnet.private_a.id
  security_groups        = [aws_security_group.workloads.id]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  lifecycle_config_name  = aws_sagemaker_notebook_instance_lifecycle_config.research.name

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }

  tags = local.restricted_tags
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "${local.name}-studio"
  auth_mode               = "IAM"
  vpc_id                  = aws_vpc.ml.id
  subnet_ids              = local.private_subnet_ids
  app_network_access_type = "VpcOnly"
  kms_key_id              = aws_kms_key.ml.arn

  default_user_settings {
    execution_role  = aws_iam_role.sagemaker_execution.arn
    security_groups = [aws_security_group.workloads.id]
  }

  default_space_settings {
    execution_role  = aws_iam_role.sagemaker_execution.arn
    security_groups = [aws_security_group.workloads.id]
  }

  retention_policy {
    home_efs_file_system = "Retain"
  }

  tags = local.tags
}

resource "aws_sagemaker_user_profile" "ml_engineer" {
  domain_id         = aws_sagemaker_domain.studio.id
  user_profile_name = "ml-engineer"

  user_settings {
    execution_role  = aws_iam_role.sagemaker_execution.arn
    security_groups = [aws_security_group.workloads.id]
  }

  tags = local.tags
}
