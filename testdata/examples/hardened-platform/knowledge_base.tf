# Help-center knowledge base of the support agent: articles in S3, vectors in an
# OpenSearch Serverless collection encrypted with the ML key and reachable only
# from the VPC and from Bedrock.

locals {
  kb_collection = "${local.name}-kb"
}

resource "aws_opensearchserverless_security_policy" "kb_encryption" {
  name        = "${local.kb_collection}-enc"
  type        = "encryption"
  description = "Knowledge base vectors encrypted with the ML key"

  policy = jsonencode({
    Rules = [
      { ResourceType = "collection", Resource = ["collection/${local.kb_collection}"] },
    ]
    AWSOwnedKey = false
    KmsARN      = aws_kms_key.ml.arn
  })
}

resource "aws_opensearchserverless_vpc_endpoint" "kb" {
  name               = "${local.kb_collection}-vpce"
  vpc_id             = aws_vpc.ml.id
  subnet_ids         = local.private_subnet_ids
  security_group_ids = [aws_security_group.endpoints.id]
}

resource "aws_opensearchserverless_security_policy" "kb_network" {
  name        = "${local.kb_collection}-net"
  type        = "network"
  description = "Private access from the VPC and from Bedrock only"

  policy = jsonencode([
    {
      Rules = [
        { ResourceType = "collection", Resource = ["collection/${local.kb_collection}"] },
      ]
      AllowFromPublic = false
      SourceVPCEs     = [aws_opensearchserverless_vpc_endpoint.kb.id]
      SourceServices  = ["bedrock.amazonaws.com"]
    },
  ])
}

resource "aws_opensearchserverless_access_policy" "kb" {
  name        = "${local.kb_collection}-access"
  type        = "data"
  description = "Index access for the knowledge base role"

  policy = jsonencode([
    {
      Rules = [
        {
          ResourceType = "index"
          Resource     = ["index/${local.kb_collection}/*"]
          Permission   = ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument", "aoss:UpdateIndex"]
        },
      ]
      Principal = [aws_iam_role.bedrock_knowledge_base.arn]
    },
  ])
}

resource "aws_opensearchserverless_collection" "knowledge_base" {
  name             = local.kb_collection
  type             = "VECTORSEARCH"
  standby_replicas = "ENABLED"

  tags = local.tags

  depends_on = [
    aws_opensearchserverless_security_policy.kb_encryption,
    aws_opensearchserverless_security_policy.kb_network,
  ]
}

# The vector index itself is created by the search team's index job.
resource "aws_bedrockagent_knowledge_base" "help_center" {
  name        = "${local.name}-help-center"
  description = "Published help-center articles"
  role_arn    = aws_iam_role.bedrock_knowledge_base.arn

  knowledge_base_configuration {
    type = "VECTOR"

    vector_knowledge_base_configuration {
      embedding_model_arn = local.embedding_model_arn
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"

    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.knowledge_base.arn
      vector_index_name = "help-center"

      field_mapping {
        vector_field   = "embedding"
        text_field     = "chunk"
        metadata_field = "metadata"
      }
    }
  }

  tags = local.tags
}

resource "aws_bedrockagent_data_source" "help_center" {
  knowledge_base_id    = aws_bedrockagent_knowledge_base.help_center.id
  name                 = "help-center-articles"
  description          = "Articles the content team publishes"
  data_deletion_policy = "RETAIN"

  data_source_configuration {
    type = "S3"

    s3_configuration {
      bucket_arn         = aws_s3_bucket.kb_documents.arn
      inclusion_prefixes = ["published/"]
    }
  }

  server_side_encryption_configuration {
    kms_key_arn = aws_kms_key.ml.arn
  }

  vector_ingestion_configuration {
    chunking_configuration {
      chunking_strategy = "FIXED_SIZE"

      fixed_size_chunking_configuration {
        max_tokens         = 400
        overlap_percentage = 20
      }
    }
  }
}
