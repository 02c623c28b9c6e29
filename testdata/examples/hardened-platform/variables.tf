variable "region" {
  description = "AWS region the platform is deployed to."
  type        = string
  default     = "eu-west-1"
}

variable "account_id" {
  description = "Account the platform is deployed to (the provider refuses any other)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "project" {
  description = "Name prefix for every resource in this stack."
  type        = string
  default     = "support-ai"
}

variable "environment" {
  description = "Deployment stage."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "CIDR block of the ML VPC (attached to the egress VPC by the network team)."
  type        = string
  default     = "10.42.0.0/16"
}

variable "foundation_model_id" {
  description = "Bedrock model used by the support agent, the chat backend and the prompts."
  type        = string
  default     = "anthropic.claude-3-5-sonnet-20240620-v1:0"
}

variable "embedding_model_id" {
  description = "Bedrock embedding model of the help-center knowledge base."
  type        = string
  default     = "amazon.titan-embed-text-v2:0"
}

variable "customization_base_model_id" {
  description = "Bedrock base model that the reply drafter is fine-tuned from."
  type        = string
  default     = "amazon.titan-text-express-v1:0:8k"
}

variable "serving_image_tag" {
  description = "Release tag of the ticket classifier serving image (tags are immutable)."
  type        = string
  default     = "1.8.2"
}

variable "training_image_tag" {
  description = "Release tag of the ticket classifier training image (tags are immutable)."
  type        = string
  default     = "1.8.2"
}

variable "lambda_release" {
  description = "Release of the Lambda packages in the deployment bucket."
  type        = string
  default     = "2024.11.4"
}

variable "deployment_bucket" {
  description = "Bucket the CI pipeline publishes Lambda packages to (owned by the CI stack)."
  type        = string
  default     = "acme-ci-artifacts-eu-west-1"
}

variable "review_workteam_name" {
  description = "Private SageMaker workteam of the support reviewers (owned by the workforce stack)."
  type        = string
  default     = "support-reviewers"
}
