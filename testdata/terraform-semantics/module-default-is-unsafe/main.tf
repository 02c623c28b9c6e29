module "research" {
  source = "./modules/notebook"
  name   = "research"
}
