module "api" {
  source = "./modules/api"
}

module "edge" {
  source    = "./modules/waf"
  stage_arn = module.api.stage_arn
}
