module "research" {
  source          = "./modules/notebook"
  name            = "research"
  internet_access = "Disabled"
}
