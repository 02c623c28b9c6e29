variable "secret_name" {
  type        = string
  description = "Name chosen by the calling stack"
}

resource "aws_secretsmanager_secret" "provider" {
  name = var.secret_name
}
