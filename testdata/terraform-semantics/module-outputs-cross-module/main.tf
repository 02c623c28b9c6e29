module "kms" {
  source = "./modules/kms"
}

module "serving" {
  source  = "./modules/serving"
  kms_key = module.kms.key_arn
}

module "legacy" {
  source  = "./modules/serving"
  kms_key = module.kms.missing_output
}
