resource "aws_bedrockagent_knowledge_base" "help_center" {
  name     = "help-center"
  role_arn = "arn:aws:iam::123456789012:role/knowledge-base"

  knowledge_base_configuration {
    type = "MANAGED" # expect: AIP-BR-007

    managed_knowledge_base_configuration {
      embedding_model_type = "MANAGED"
    }
  }
}
