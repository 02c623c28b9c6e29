# A database password and a payment provider key are not AI provider keys.
resource "aws_secretsmanager_secret" "db" {
  name        = "prod/orders/postgres"
  description = "Master password of the orders database"
}

resource "aws_secretsmanager_secret" "stripe" {
  name = "prod/payments/stripe-api-key"
}

resource "aws_secretsmanager_secret" "coherence" {
  name = "prod/cache/coherence-token"
}
