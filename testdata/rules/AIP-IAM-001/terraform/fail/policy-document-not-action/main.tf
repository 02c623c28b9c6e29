data "aws_iam_policy_document" "broad" {
  statement {
    effect      = "Allow"
    not_actions = ["iam:*", "organizations:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "broad" {
  name   = "everything-but-iam"
  policy = data.aws_iam_policy_document.broad.json # expect: AIP-IAM-001
}
