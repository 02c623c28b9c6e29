provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"

  default_tags {
    tags = {
      owner = "ml-platform"
    }
  }
}

resource "aws_sagemaker_endpoint" "llm" { # expect: AIP-GOV-001
  name                 = "llm"
  endpoint_config_name = "llm"
}

resource "aws_bedrockagent_agent" "support" {
  provider                = aws.west
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  tags = { # expect: AIP-GOV-001
    team = "support"
  }
}

# Not an AI resource: not checked.
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
