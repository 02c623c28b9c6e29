variable "jobs" {
  default = {
    quality = false
    drift   = true
  }
}

locals {
  encrypted = { for name, enc in var.jobs : name => enc if enc }
  names     = [for name, enc in var.jobs : upper(name)]
}

resource "aws_sagemaker_data_quality_job_definition" "job" {
  for_each = var.jobs
  name     = each.key
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  dynamic "network_config" {
    for_each = [each.value]
    content {
      enable_inter_container_traffic_encryption = network_config.value
    }
  }
}

resource "aws_sagemaker_data_quality_job_definition" "only_encrypted" {
  for_each = local.encrypted
  name     = each.key
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  network_config {
    enable_inter_container_traffic_encryption = each.value
  }
}
