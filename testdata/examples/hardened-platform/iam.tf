# Execution roles. Every role that a SageMaker or Bedrock service assumes names
# the account (aws:SourceAccount) and the resources (aws:SourceArn) allowed to use
# it; every permission names the resources it applies to; iam:PassRole names the
# role and the service it may be passed to.

locals {
  sagemaker_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "sagemaker.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:sagemaker:${var.region}:${local.account_id}:*" }
        }
      }
    ]
  })

  lambda_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      }
    ]
  })

  s3_read_write = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:AbortMultipartUpload",
    "s3:ListBucket",
    "s3:GetBucketLocation",
  ]

  vpc_eni_actions = [
    "ec2:CreateNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterface",
    "ec2:DeleteNetworkInterfacePermission",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
  ]

  kms_use = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]

  training_job_arn   = "arn:aws:sagemaker:${var.region}:${local.account_id}:training-job"
  processing_job_arn = "arn:aws:sagemaker:${var.region}:${local.account_id}:processing-job"
}

# ---------------------------------------------------------------------------
# SageMaker: notebooks, Studio, the classifier model and endpoint, Model
# Monitor, the feature group and the human review workflow
# ---------------------------------------------------------------------------

resource "aws_iam_role" "sagemaker_execution" {
  name               = "${local.name}-sagemaker-execution"
  assume_role_policy = local.sagemaker_trust

  tags = local.tags
}

data "aws_iam_policy_document" "sagemaker_execution" {
  statement {
    sid     = "MlBuckets"
    actions = local.s3_read_write
    resources = [
      aws_s3_bucket.training_data.arn,
      "${aws_s3_bucket.training_data.arn}/*",
      aws_s3_bucket.model_artifacts.arn,
      "${aws_s3_bucket.model_artifacts.arn}/*",
      aws_s3_bucket.data_capture.arn,
      "${aws_s3_bucket.data_capture.arn}/*",
    ]
  }

  statement {
    sid       = "MlKey"
    actions   = local.kms_use
    resources = [aws_kms_key.ml.arn]
  }

  statement {
    sid = "PullServingImage"
    actions = [
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchCheckLayerAvailability",
    ]
    resources = [aws_ecr_repository.serving.arn]
  }

  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/sagemaker/*"]
  }

  statement {
    sid       = "VpcNetworkInterfaces"
    actions   = local.vpc_eni_actions
    resources = ["*"]
  }

  statement {
    sid       = "InvokeClassifier"
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = [aws_sagemaker_endpoint.ticket_classifier.arn]
  }

  statement {
    sid       = "PromptExperiments"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = [local.foundation_model_arn]
  }

  statement {
    sid       = "FeatureStore"
    actions   = ["sagemaker:PutRecord", "sagemaker:GetRecord", "sagemaker:BatchGetRecord"]
    resources = [aws_sagemaker_feature_group.ticket_features.arn]
  }

  # Data scientists start experiment training runs from their notebooks.
  statement {
    sid       = "ExperimentTraining"
    actions   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"]
    resources = ["${local.training_job_arn}/${local.name}-experiment-*"]
  }

  statement {
    sid       = "PassTrainingRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.sagemaker_training.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "sagemaker_execution" {
  name   = "ml-platform"
  role   = aws_iam_role.sagemaker_execution.id
  policy = data.aws_iam_policy_document.sagemaker_execution.json
}

# ---------------------------------------------------------------------------
# SageMaker training and processing jobs (started by the pipeline and the
# fine-tuning state machine)
# ---------------------------------------------------------------------------

resource "aws_iam_role" "sagemaker_training" {
  name               = "${local.name}-sagemaker-training"
  assume_role_policy = local.sagemaker_trust

  tags = local.tags
}

resource "aws_iam_role_policy" "sagemaker_training" {
  name = "training-jobs"
  role = aws_iam_role.sagemaker_training.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTrainingData"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.training_data.arn, "${aws_s3_bucket.training_data.arn}/*"]
      },
      {
        Sid      = "WriteArtifacts"
        Effect   = "Allow"
        Action   = local.s3_read_write
        Resource = [aws_s3_bucket.model_artifacts.arn, "${aws_s3_bucket.model_artifacts.arn}/*"]
      },
      {
        Sid      = "MlKey"
        Effect   = "Allow"
        Action   = local.kms_use
        Resource = aws_kms_key.ml.arn
      },
      {
        Sid      = "PullTrainingImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
        Resource = aws_ecr_repository.training.arn
      },
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:${var.region}:${local.account_id}:log-group:/aws/sagemaker/*"
      },
      {
        Sid      = "VpcNetworkInterfaces"
        Effect   = "Allow"
        Action   = local.vpc_eni_actions
        Resource = "*"
      },
    ]
  })
}

# ---------------------------------------------------------------------------
# SageMaker pipeline execution role
# ---------------------------------------------------------------------------

resource "aws_iam_role" "sagemaker_pipeline" {
  name               = "${local.name}-sagemaker-pipeline"
  assume_role_policy = local.sagemaker_trust

  tags = local.tags
}

resource "aws_iam_role_policy" "sagemaker_pipeline" {
  name = "run-pipeline-steps"
  role = aws_iam_role.sagemaker_pipeline.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "PipelineJobs"
        Effect = "Allow"
        Action = [
          "sagemaker:CreateTrainingJob",
          "sagemaker:DescribeTrainingJob",
          "sagemaker:StopTrainingJob",
          "sagemaker:CreateProcessingJob",
          "sagemaker:DescribeProcessingJob",
          "sagemaker:StopProcessingJob",
          "sagemaker:AddTags",
        ]
        Resource = ["${local.training_job_arn}/pipelines-*", "${local.processing_job_arn}/pipelines-*"]
      },
      {
        Sid      = "PassTrainingRole"
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = aws_iam_role.sagemaker_training.arn
        Condition = {
          StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" }
        }
      },
      {
        Sid      = "PipelineArtifacts"
        Effect   = "Allow"
        Action   = local.s3_read_write
        Resource = [aws_s3_bucket.model_artifacts.arn, "${aws_s3_bucket.model_artifacts.arn}/*"]
      },
      {
        Sid      = "MlKey"
        Effect   = "Allow"
        Action   = local.kms_use
        Resource = aws_kms_key.ml.arn
      },
    ]
  })
}

# ---------------------------------------------------------------------------
# Step Functions: reply-drafter fine-tuning workflow
# ---------------------------------------------------------------------------

resource "aws_iam_role" "finetune_workflow" {
  name = "${local.name}-finetune-workflow"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "states.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:states:${var.region}:${local.account_id}:stateMachine:${local.name}-*" }
        }
      }
    ]
  })

  tags = local.tags
}

data "aws_iam_policy_document" "finetune_workflow" {
  statement {
    sid       = "TrainingJobs"
    actions   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags"]
    resources = ["${local.training_job_arn}/${local.name}-finetune-*"]
  }

  # createTrainingJob.sync waits on this Step Functions managed rule.
  statement {
    sid       = "SyncRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:aws:events:${var.region}:${local.account_id}:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"]
  }

  statement {
    sid       = "PassTrainingRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.sagemaker_training.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }

  statement {
    sid       = "StateMachineKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.ml.arn, aws_kms_key.audit.arn]
  }

  # CloudWatch Logs delivery for the state machine only works on "*".
  statement {
    sid = "LogDelivery"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "finetune_workflow" {
  name   = "run-finetune"
  role   = aws_iam_role.finetune_workflow.id
  policy = data.aws_iam_policy_document.finetune_workflow.json
}

# ---------------------------------------------------------------------------
# Bedrock: support agent, knowledge base, model customization, invocation logs
# ---------------------------------------------------------------------------

resource "aws_iam_role" "bedrock_agent" {
  name = "${local.name}-bedrock-agent"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:agent/*" }
        }
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_agent" {
  name = "support-agent"
  role = aws_iam_role.bedrock_agent.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "InvokeFoundationModel"
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource = local.foundation_model_arn
      },
      {
        Sid      = "ApplyGuardrail"
        Effect   = "Allow"
        Action   = ["bedrock:ApplyGuardrail", "bedrock:GetGuardrail"]
        Resource = aws_bedrock_guardrail.support.guardrail_arn
      },
      {
        Sid      = "RetrieveHelpCenter"
        Effect   = "Allow"
        Action   = ["bedrock:Retrieve"]
        Resource = aws_bedrockagent_knowledge_base.help_center.arn
      },
      {
        Sid      = "AgentKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.ml.arn
      },
    ]
  })
}

resource "aws_iam_role" "bedrock_knowledge_base" {
  name = "${local.name}-bedrock-kb"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:knowledge-base/*" }
        }
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_knowledge_base" {
  name = "help-center-ingestion"
  role = aws_iam_role.bedrock_knowledge_base.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Embeddings"
        Effect   = "Allow"
        Action   = "bedrock:InvokeModel"
        Resource = local.embedding_model_arn
      },
      {
        Sid      = "VectorStore"
        Effect   = "Allow"
        Action   = "aoss:APIAccessAll"
        Resource = aws_opensearchserverless_collection.knowledge_base.arn
      },
      {
        Sid      = "ReadArticles"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.kb_documents.arn, "${aws_s3_bucket.kb_documents.arn}/*"]
      },
      {
        Sid      = "MlKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.ml.arn
      },
    ]
  })
}

resource "aws_iam_role" "bedrock_customization" {
  name = "${local.name}-bedrock-customization"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:model-customization-job/*" }
        }
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_customization" {
  name = "reply-drafter-finetune"
  role = aws_iam_role.bedrock_customization.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTrainingData"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.training_data.arn, "${aws_s3_bucket.training_data.arn}/bedrock/*"]
      },
      {
        Sid      = "WriteMetrics"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.model_artifacts.arn, "${aws_s3_bucket.model_artifacts.arn}/bedrock/*"]
      },
      {
        Sid      = "MlKey"
        Effect   = "Allow"
        Action   = local.kms_use
        Resource = aws_kms_key.ml.arn
      },
      {
        Sid      = "VpcNetworkInterfaces"
        Effect   = "Allow"
        Action   = local.vpc_eni_actions
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "bedrock_logging" {
  name = "${local.name}-bedrock-logging"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${local.account_id}:*" }
        }
      }
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_logging" {
  name = "invocation-logs"
  role = aws_iam_role.bedrock_logging.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteInvocationLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.bedrock_invocations.arn}:log-stream:*"
      },
    ]
  })
}

# ---------------------------------------------------------------------------
# Lambda: chat backend and provider-key rotation
# ---------------------------------------------------------------------------

resource "aws_iam_role" "chat_lambda" {
  name               = "${local.name}-chat-lambda"
  assume_role_policy = local.lambda_trust

  tags = local.tags
}

data "aws_iam_policy_document" "chat_lambda" {
  statement {
    sid       = "InvokeSupportAgent"
    actions   = ["bedrock:InvokeAgent"]
    resources = [aws_bedrockagent_agent_alias.live.agent_alias_arn]
  }

  statement {
    sid       = "InvokeModel"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = [local.foundation_model_arn]
  }

  statement {
    sid       = "ApplyGuardrail"
    actions   = ["bedrock:ApplyGuardrail"]
    resources = [aws_bedrock_guardrail.support.guardrail_arn]
  }

  statement {
    sid       = "ClassifyTicket"
    actions   = ["sagemaker:InvokeEndpoint"]
    resources = [aws_sagemaker_endpoint.ticket_classifier.arn]
  }

  statement {
    sid       = "ReadProviderKey"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.openai_api_key.arn]
  }

  statement {
    sid       = "DecryptProviderKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.ml.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${var.region}.amazonaws.com"]
    }
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.chat.arn}:*"]
  }
}

resource "aws_iam_role_policy" "chat_lambda" {
  name   = "chat-backend"
  role   = aws_iam_role.chat_lambda.id
  policy = data.aws_iam_policy_document.chat_lambda.json
}

# ENI management for running inside the VPC.
resource "aws_iam_role_policy_attachment" "chat_lambda_vpc" {
  role       = aws_iam_role.chat_lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role" "key_rotation_lambda" {
  name               = "${local.name}-provider-key-rotation"
  assume_role_policy = local.lambda_trust

  tags = local.tags
}

resource "aws_iam_role_policy" "key_rotation_lambda" {
  name = "rotate-provider-key"
  role = aws_iam_role.key_rotation_lambda.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "RotateSecret"
        Effect = "Allow"
        Action = [
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue",
          "secretsmanager:PutSecretValue",
          "secretsmanager:UpdateSecretVersionStage",
        ]
        Resource = aws_secretsmanager_secret.openai_api_key.arn
      },
      {
        Sid      = "SecretKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.ml.arn
      },
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.key_rotation.arn}:*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "key_rotation_lambda_vpc" {
  role       = aws_iam_role.key_rotation_lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}
