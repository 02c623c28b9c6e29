module "endpoint" {
  source  = "example-org/sagemaker-endpoint/aws"
  version = "2.1.0"
  name    = "llm"
}
