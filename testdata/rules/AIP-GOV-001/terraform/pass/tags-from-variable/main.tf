# Tags from a variable without a default: unknown, so no finding.
variable "tags" {
  type = map(string)
}

resource "aws_sagemaker_endpoint" "llm" {
  name                 = "llm"
  endpoint_config_name = "llm"
  tags                 = var.tags
}
