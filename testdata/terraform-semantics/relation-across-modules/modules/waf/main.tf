variable "stage_arn" {}

resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = var.stage_arn
  web_acl_arn  = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/inference/a1b2"
}
