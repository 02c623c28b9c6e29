output "support_api_url" {
  description = "Invoke URL of the support API stage."
  value       = aws_api_gateway_stage.v1.invoke_url
}

output "support_agent_alias_arn" {
  value = aws_bedrockagent_agent_alias.live.agent_alias_arn
}

output "ticket_classifier_endpoint" {
  value = aws_sagemaker_endpoint.ticket_classifier.name
}

output "ml_key_arn" {
  value = aws_kms_key.ml.arn
}

output "cognito_user_pool_id" {
  value = aws_cognito_user_pool.support.id
}
