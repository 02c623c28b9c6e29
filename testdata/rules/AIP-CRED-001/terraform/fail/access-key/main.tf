resource "aws_iam_user" "ci" {
  name = "ci-deployer"
}

resource "aws_iam_access_key" "ci" { # expect: AIP-CRED-001
  user = aws_iam_user.ci.name
}
