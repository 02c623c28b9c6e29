locals {
  account_id = var.account_id
  name       = "${var.project}-${var.environment}"

  # Governance tags required on every AI resource by the ML platform policy.
  tags = {
    owner                 = "ml-platform"
    "data-classification" = "confidential"
    criticality           = "high"
  }

  # Raw tickets and customer features are restricted data.
  restricted_tags = merge(local.tags, {
    "data-classification" = "restricted"
  })

  bucket_names = {
    training_data   = "${local.name}-training-data-${local.account_id}"
    model_artifacts = "${local.name}-model-artifacts-${local.account_id}"
    data_capture    = "${local.name}-data-capture-${local.account_id}"
    kb_documents    = "${local.name}-kb-documents-${local.account_id}"
    logs            = "${local.name}-logs-${local.account_id}"
  }

  # Container images come only from this account's private ECR registry.
  ecr_registry        = "${local.account_id}.dkr.ecr.${var.region}.amazonaws.com"
  serving_repository  = "${var.project}/ticket-classifier-serving"
  training_repository = "${var.project}/ticket-classifier-training"
  serving_image       = "${local.ecr_registry}/${local.serving_repository}:${var.serving_image_tag}"
  training_image      = "${local.ecr_registry}/${local.training_repository}:${var.training_image_tag}"

  # Account that publishes the SageMaker Model Monitor analyzer image in each region.
  model_monitor_registry = {
    "us-east-1" = "156813124566"
    "eu-west-1" = "468650794304"
  }
  model_monitor_image = "${local.model_monitor_registry[var.region]}.dkr.ecr.${var.region}.amazonaws.com/sagemaker-model-monitor-analyzer"

  foundation_model_arn    = "arn:aws:bedrock:${var.region}::foundation-model/${var.foundation_model_id}"
  embedding_model_arn     = "arn:aws:bedrock:${var.region}::foundation-model/${var.embedding_model_id}"
  customization_model_arn = "arn:aws:bedrock:${var.region}::foundation-model/${var.customization_base_model_id}"

  private_subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]
}
