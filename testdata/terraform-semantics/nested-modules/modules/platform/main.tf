variable "internet" {}

module "notebooks" {
  source          = "../notebooks"
  internet_access = var.internet
}
