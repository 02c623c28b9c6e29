# A customer-managed policy attached to a Bedrock agent's service role. The PassedToService
# condition limits where roles go, not which roles: any role can still be passed to Bedrock.
data "aws_iam_policy_document" "agent_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["bedrock.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }
}

resource "aws_iam_role" "agent" {
  name               = "support-agent"
  assume_role_policy = data.aws_iam_policy_document.agent_trust.json
}

data "aws_iam_policy_document" "pass" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["bedrock.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "pass" {
  name   = "agent-pass-roles"
  policy = data.aws_iam_policy_document.pass.json # expect: AIP-IAM-003
}

resource "aws_iam_role_policy_attachment" "pass" {
  role       = aws_iam_role.agent.name
  policy_arn = aws_iam_policy.pass.arn
}
