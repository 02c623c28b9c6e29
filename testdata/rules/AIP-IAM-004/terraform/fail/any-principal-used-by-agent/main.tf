# Any principal may assume the agent's role; the source IP condition does not tie the caller
# to an account.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

resource "aws_iam_role" "agent" {
  name               = "support-agent"
  assume_role_policy = data.aws_iam_policy_document.trust.json # expect: AIP-IAM-004
}

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "Answer support questions from the knowledge base only."
}
