resource "aws_kms_key" "ml" {
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "team" {
  count                  = 2
  name                   = "team-${count.index}"
  role_arn               = "arn:aws:iam::123456789012:role/notebook"
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.ml.arn
  direct_internet_access = count.index == 0 ? "Enabled" : "Disabled"
}

resource "aws_iam_access_key" "ci" {
  user = "ci"
}

module "serving" {
  source  = "./modules/serving"
  kms_key = aws_kms_key.ml.arn
}
