resource "aws_bedrockagent_knowledge_base" "contracts" {
  name     = "contracts"
  role_arn = "arn:aws:iam::123456789012:role/knowledge-base"

  knowledge_base_configuration {
    type = "MANAGED" # expect: AIP-BR-007

    managed_knowledge_base_configuration {
      embedding_model_type = "CUSTOM"
      embedding_model_arn  = "arn:aws:bedrock:eu-west-1::foundation-model/cohere.embed-multilingual-v3"

      embedding_model_configuration {
        bedrock_embedding_model_configuration {
          dimensions = 1024
        }
      }

      server_side_encryption_configuration {}
    }
  }
}
