# Retraining of the ticket classifier (SageMaker pipeline) and the weekly
# fine-tuning run of the reply-drafter adapter (Step Functions). Every job runs in
# the private subnets with network isolation, encrypted traffic between its
# containers, and KMS on its volumes and outputs.

locals {
  job_vpc_config = {
    SecurityGroupIds = [aws_security_group.workloads.id]
    Subnets          = local.private_subnet_ids
  }
}

resource "aws_sagemaker_pipeline" "ticket_classifier" {
  pipeline_name         = "${local.name}-ticket-classifier"
  pipeline_display_name = "${local.name}-ticket-classifier"
  role_arn              = aws_iam_role.sagemaker_pipeline.arn

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Parameters = [
      { Name = "TrainingDataUri", Type = "String", DefaultValue = "s3://${aws_s3_bucket.training_data.id}/tickets/labelled/" },
    ]
    Steps = [
      {
        Name = "PrepareTickets"
        Type = "Processing"
        Arguments = {
          RoleArn = aws_iam_role.sagemaker_training.arn
          AppSpecification = {
            ImageUri            = local.training_image
            ContainerEntrypoint = ["python3", "/opt/ml/code/prepare.py"]
          }
          ProcessingResources = {
            ClusterConfig = {
              InstanceCount  = 1
              InstanceType   = "ml.m5.2xlarge"
              VolumeSizeInGB = 50
              VolumeKmsKeyId = aws_kms_key.ml.arn
            }
          }
          ProcessingInputs = [
            {
              InputName = "tickets"
              S3Input = {
                S3Uri                  = { Get = "Parameters.TrainingDataUri" }
                LocalPath              = "/opt/ml/processing/input"
                S3DataType             = "S3Prefix"
                S3InputMode            = "File"
                S3DataDistributionType = "FullyReplicated"
              }
            },
          ]
          ProcessingOutputConfig = {
            KmsKeyId = aws_kms_key.ml.arn
            Outputs = [
              {
                OutputName = "prepared"
                S3Output = {
                  S3Uri        = "s3://${aws_s3_bucket.model_artifacts.id}/pipelines/ticket-classifier/prepared"
                  LocalPath    = "/opt/ml/processing/output"
                  S3UploadMode = "EndOfJob"
                }
              },
            ]
          }
          NetworkConfig = {
            EnableInterContainerTrafficEncryption = true
            EnableNetworkIsolation                = true
            VpcConfig                             = local.job_vpc_config
          }
          StoppingCondition = { MaxRuntimeInSeconds = 3600 }
        }
      },
      {
        Name      = "TrainClassifier"
        Type      = "Training"
        DependsOn = ["PrepareTickets"]
        Arguments = {
          RoleArn = aws_iam_role.sagemaker_training.arn
          AlgorithmSpecification = {
            TrainingImage     = local.training_image
            TrainingInputMode = "File"
          }
          HyperParameters = {
            epochs        = "4"
            learning_rate = "0.00003"
            max_seq_len   = "512"
          }
          InputDataConfig = [
            {
              ChannelName = "train"
              DataSource = {
                S3DataSource = {
                  S3DataType             = "S3Prefix"
                  S3Uri                  = "s3://${aws_s3_bucket.model_artifacts.id}/pipelines/ticket-classifier/prepared"
                  S3DataDistributionType = "FullyReplicated"
                }
              }
            },
          ]
          OutputDataConfig = {
            S3OutputPath = "s3://${aws_s3_bucket.model_artifacts.id}/pipelines/ticket-classifier/models"
            KmsKeyId     = aws_kms_key.ml.arn
          }
          ResourceConfig = {
            InstanceCount  = 2
            InstanceType   = "ml.p3.2xlarge"
            VolumeSizeInGB = 100
            VolumeKmsKeyId = aws_kms_key.ml.arn
          }
          EnableInterContainerTrafficEncryption = true
          EnableNetworkIsolation                = true
          VpcConfig                             = local.job_vpc_config
          StoppingCondition                     = { MaxRuntimeInSeconds = 14400 }
        }
      },
    ]
  })

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "finetune_workflow" {
  name              = "/aws/vendedlogs/states/${local.name}-reply-drafter-finetune"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.audit.arn

  tags = local.tags
}

resource "aws_sfn_state_machine" "reply_drafter_finetune" {
  name     = "${local.name}-reply-drafter-finetune"
  role_arn = aws_iam_role.finetune_workflow.arn

  definition = jsonencode({
    Comment = "Weekly fine-tuning of the reply-drafter adapter on the last 90 days of resolved tickets"
    StartAt = "FineTune"
    States = {
      FineTune = {
        Type     = "Task"
        Resource = "arn:aws:states:::sagemaker:createTrainingJob.sync"
        Parameters = {
          "TrainingJobName.$" = "States.Format('${local.name}-finetune-{}', $$.Execution.Name)"
          RoleArn             = aws_iam_role.sagemaker_training.arn
          AlgorithmSpecification = {
            TrainingImage     = local.training_image
            TrainingInputMode = "File"
          }
          HyperParameters = {
            task   = "reply-drafter-lora"
            epochs = "2"
          }
          InputDataConfig = [
            {
              ChannelName = "train"
              DataSource = {
                S3DataSource = {
                  S3DataType             = "S3Prefix"
                  S3Uri                  = "s3://${aws_s3_bucket.training_data.id}/tickets/resolved/"
                  S3DataDistributionType = "FullyReplicated"
                }
              }
            },
          ]
          OutputDataConfig = {
            S3OutputPath = "s3://${aws_s3_bucket.model_artifacts.id}/reply-drafter/adapters"
            KmsKeyId     = aws_kms_key.ml.arn
          }
          ResourceConfig = {
            InstanceCount  = 1
            InstanceType   = "ml.p3.8xlarge"
            VolumeSizeInGB = 200
            VolumeKmsKeyId = aws_kms_key.ml.arn
          }
          EnableInterContainerTrafficEncryption = true
          EnableNetworkIsolation                = true
          VpcConfig                             = local.job_vpc_config
          StoppingCondition                     = { MaxRuntimeInSeconds = 28800 }
        }
        End = true
      }
    }
  })

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = aws_kms_key.ml.arn
    kms_data_key_reuse_period_seconds = 300
  }

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.finetune_workflow.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  tracing_configuration {
    enabled = true
  }

  tags = local.tags
}
