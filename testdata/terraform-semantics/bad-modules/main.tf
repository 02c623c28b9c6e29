module "loop" {
  source = "./modules/loop"
}

module "missing" {
  source = "./modules/does-not-exist"
}

module "outside" {
  source = "../../../../"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

resource "aws_iam_access_key" "many" {
  for_each = toset([for i in range(2000) : tostring(i)])
  user     = "u"
}

resource "aws_sagemaker_notebook_instance" "after_errors" {
  name          = module.registry.name
  role_arn      = "arn:aws:iam::123456789012:role/notebook"
  instance_type = "ml.t3.medium"
  kms_key_id    = "alias/ml"
}
