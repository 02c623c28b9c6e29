# Two safe shapes: a Deny that leaves only the named role passable, and PassRole scoped by
# the passed role's tag.
resource "aws_iam_role" "studio" {
  name = "studio-user"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })
}

resource "aws_iam_role_policy" "power_user" {
  name = "power-user"
  role = aws_iam_role.studio.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "iam:PassRole", NotResource = "arn:aws:iam::123456789012:role/ml-training-job" },
    ]
  })
}

resource "aws_iam_role_policy" "tagged" {
  name = "pass-ml-roles"
  role = aws_iam_role.studio.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = "*"
      Condition = { StringEquals = { "iam:ResourceTag/passable-by" = "ml-studio" } }
    }]
  })
}
