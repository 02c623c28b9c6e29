# The trust policy comes from a variable, but the notebook names the role: SageMaker uses it.
# NotAction leaves iam:PassRole in.
variable "trust_policy" {
  type = string
}

resource "aws_iam_role" "notebook" {
  name               = "ml-notebook"
  assume_role_policy = var.trust_policy
}

resource "aws_iam_role_policy" "notebook" {
  name = "everything-but-s3-admin"
  role = aws_iam_role.notebook.id
  # expect-next-line: AIP-IAM-003
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow", "NotAction": ["s3:*", "organizations:*"], "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "research"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"
}
