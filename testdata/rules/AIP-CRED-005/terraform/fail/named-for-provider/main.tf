resource "aws_kms_key" "secrets" {
  description         = "Application secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "openai" { # expect: AIP-CRED-005
  name        = "prod/support-assistant/openai-api-key"
  description = "Project key for the support assistant"
  kms_key_id  = aws_kms_key.secrets.arn

  tags = {
    team = "support-ml"
  }
}

# The key itself is written by the platform team outside Terraform.
