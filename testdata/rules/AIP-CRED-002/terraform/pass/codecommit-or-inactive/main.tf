resource "aws_iam_service_specific_credential" "git" {
  service_name = "codecommit.amazonaws.com"
  user_name    = "ci"
}

resource "aws_iam_service_specific_credential" "old_bedrock" {
  service_name = "bedrock.amazonaws.com"
  user_name    = "ci"
  status       = "Inactive"
}
