resource "aws_iam_role_policy_attachment" "sagemaker_full" {
  role       = "sagemaker-execution"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess" # expect: AIP-IAM-002
}

resource "aws_iam_user_policy_attachment" "bedrock_full" {
  user       = "data-scientist"
  policy_arn = "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" # expect: AIP-IAM-002
}

resource "aws_iam_role" "admin" {
  name                = "ml-admin"
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] # expect: AIP-IAM-002
}
