resource "aws_iam_user" "dev" {
  name = "bedrock-dev"
}

resource "aws_iam_service_specific_credential" "bedrock" { # expect: AIP-CRED-002
  service_name = "bedrock.amazonaws.com"
  user_name    = aws_iam_user.dev.name
}
