locals {
  defaults = { internet = "Enabled", kms = null }
  settings = merge(local.defaults, { internet = "Disabled" })
  subnet   = cidrsubnet("10.20.0.0/16", 8, 3)
}

resource "aws_iam_policy" "from_template" {
  name   = "invoke"
  policy = templatefile("${path.module}/policy.json.tpl", { service = "bedrock" })
}

resource "aws_sagemaker_notebook_instance" "merged" {
  name                   = "merged"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = coalesce(local.settings.kms, "alias/ml")
  direct_internet_access = lookup(local.settings, "internet", "Enabled")
}

resource "aws_sagemaker_notebook_instance" "tried" {
  name                   = "tried"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = "alias/ml"
  direct_internet_access = try(local.nope.value, "Enabled")
}

resource "aws_subnet" "ml" {
  vpc_id     = "vpc-123"
  cidr_block = local.subnet
}

resource "aws_sagemaker_notebook_instance" "bad_call" {
  name                   = join("-")
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = "alias/ml"
  direct_internet_access = "Disabled"
}
