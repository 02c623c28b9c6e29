resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}

# Deactivated while the last consumers move to OIDC.
resource "aws_iam_access_key" "ci" {
  user   = aws_iam_user.ci.name
  status = "Inactive"
}
