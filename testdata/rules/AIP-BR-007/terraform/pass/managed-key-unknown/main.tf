variable "knowledge_base_key_arn" {
  type        = string
  description = "Customer-managed key of the data account"
}

resource "aws_bedrockagent_knowledge_base" "help_center" {
  name     = "help-center"
  role_arn = "arn:aws:iam::123456789012:role/knowledge-base"

  knowledge_base_configuration {
    type = "MANAGED"

    managed_knowledge_base_configuration {
      embedding_model_type = "MANAGED"

      server_side_encryption_configuration {
        kms_key_arn = var.knowledge_base_key_arn
      }
    }
  }
}
