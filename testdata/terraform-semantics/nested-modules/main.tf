module "platform" {
  source   = "./modules/platform"
  internet = "Enabled"
}
