variable "region" {
  description = "AWS region the platform is deployed to."
  type        = string
  default     = "us-east-1"
}

variable "project" {
  description = "Name prefix for every resource in this stack."
  type        = string
  default     = "genai-platform"
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id

  # Training data, model artifacts, data capture and monitoring reports live in
  # the bucket owned by the data-platform stack.
  artifacts_bucket = "${var.project}-ml-artifacts-${local.account_id}"

  # Account that publishes the SageMaker Model Monitor analyzer image per region.
  model_monitor_registry = {
    "us-east-1" = "156813124566"
    "eu-west-1" = "468650794304"
  }
  model_monitor_image = "${local.model_monitor_registry[var.region]}.dkr.ecr.${var.region}.amazonaws.com/sagemaker-model-monitor-analyzer"

  tags = {
    project               = var.project
    owner                 = "ml-platform"
    "data-classification" = "confidential"
    criticality           = "high"
  }
}
