# Monthly batch scoring: the definition lives next to the module in Amazon States Language.
# Each partition is scored by a batch transform job inside a Map state, after a feature job
# that runs isolated, encrypted and in the VPC.

resource "aws_sfn_state_machine" "batch_scoring" {
  name     = "credit-risk-batch-scoring"
  role_arn = "arn:aws:iam::123456789012:role/credit-risk-states"
  definition = file("${path.module}/batch-scoring.asl.json")

  logging_configuration {
    level                  = "ERROR"
    include_execution_data = false
    log_destination        = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/credit-risk:*"
  }
}
