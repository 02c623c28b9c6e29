resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

output "key_arn" {
  value = aws_kms_key.ml.arn
}
