# A VECTOR knowledge base writes to a store you own; that store's encryption settings apply.
resource "aws_bedrockagent_knowledge_base" "help_center" {
  name     = "help-center"
  role_arn = "arn:aws:iam::123456789012:role/knowledge-base"

  knowledge_base_configuration {
    type = "VECTOR"

    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0"
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"

    opensearch_serverless_configuration {
      collection_arn    = "arn:aws:aoss:eu-west-1:123456789012:collection/142bezjddq707i5stcrf"
      vector_index_name = "help-center"

      field_mapping {
        vector_field   = "embedding"
        text_field     = "chunk"
        metadata_field = "metadata"
      }
    }
  }
}
