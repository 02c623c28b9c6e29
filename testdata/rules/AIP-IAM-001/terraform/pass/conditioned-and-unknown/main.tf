variable "actions" {
  type = list(string)
}

# Resource "*" scoped by a tag condition is not flagged for its resource.
resource "aws_iam_policy" "tagged" {
  name = "tagged-endpoints"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sagemaker:InvokeEndpoint"
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceTag/team" = "search" } }
    }]
  })
}

# Actions from a variable without a default are unknown: no finding.
resource "aws_iam_policy" "from_var" {
  name = "from-var"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
