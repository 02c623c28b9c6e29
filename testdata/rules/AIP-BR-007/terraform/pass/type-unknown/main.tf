# The knowledge base type comes from the caller; without a value it cannot be judged.
variable "knowledge_base_type" {
  type = string
}

resource "aws_bedrockagent_knowledge_base" "help_center" {
  name     = "help-center"
  role_arn = "arn:aws:iam::123456789012:role/knowledge-base"

  knowledge_base_configuration {
    type = var.knowledge_base_type

    managed_knowledge_base_configuration {
      embedding_model_type = "MANAGED"
    }
  }
}
