resource "aws_iam_user" "dev" {
  name = "bedrock-dev"
}

resource "aws_iam_service_specific_credential" "bedrock" {
  service_name = "bedrock.amazonaws.com" # expect: AIP-CRED-002
  user_name    = aws_iam_user.dev.name
}
