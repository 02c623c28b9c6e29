data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Invoke"
    actions   = ["bedrock:*"]
    resources = ["*"]
  }
}

# The override replaces the statement with the same sid: the merged document is scoped.
data "aws_iam_policy_document" "scoped" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  override_policy_documents = [data.aws_iam_policy_document.narrow.json]
}

data "aws_iam_policy_document" "narrow" {
  statement {
    sid       = "Invoke"
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"]
  }
}

# Source only: the broad statement stays.
data "aws_iam_policy_document" "inherits" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    actions   = ["logs:PutLogEvents"]
    resources = ["arn:aws:logs:us-east-1:123456789012:log-group:/ml:*"]
  }
}

resource "aws_iam_policy" "scoped" {
  name   = "scoped"
  policy = data.aws_iam_policy_document.scoped.json
}

resource "aws_iam_policy" "inherits" {
  name   = "inherits"
  policy = data.aws_iam_policy_document.inherits.json
}

resource "aws_iam_group_policy_attachment" "scientists" {
  group      = "scientists"
  policy_arn = "arn:aws:iam::aws:policy/AmazonBedrockFullAccess"
}
