# Nothing here can be judged before the workflows run or before the variables get values:
# the state machine takes each job's security settings from its execution input, the
# pipeline takes them from variables without defaults, and the second pipeline's definition
# is stored in S3.

variable "network_isolation" {
  type = bool
}

variable "inter_container_encryption" {
  type = bool
}

variable "vpc_config" {
  type = object({ Subnets = list(string), SecurityGroupIds = list(string) })
}

variable "kms_key_arn" {
  type = string
}

resource "aws_sfn_state_machine" "generic_training" {
  name     = "generic-training-runner"
  role_arn = "arn:aws:iam::123456789012:role/training-runner-states"

  definition = jsonencode({
    StartAt = "Train"
    States = {
      Train = {
        Type     = "Task"
        Resource = "arn:aws:states:::sagemaker:createTrainingJob.sync"
        Parameters = {
          "TrainingJobName.$"                       = "$.job_name"
          "RoleArn.$"                               = "$.role_arn"
          "AlgorithmSpecification.$"                = "$.algorithm"
          "EnableInterContainerTrafficEncryption.$" = "$.security.inter_container_encryption"
          "EnableNetworkIsolation.$"                = "$.security.network_isolation"
          "VpcConfig.$"                             = "$.security.vpc_config"
          "ResourceConfig.$"                        = "$.resources"
          "OutputDataConfig.$"                      = "$.output"
          StoppingCondition                         = { MaxRuntimeInSeconds = 86400 }
        }
        End = true
      }
    }
  })
}

resource "aws_sagemaker_pipeline" "tenant" {
  pipeline_name         = "tenant-model-build"
  pipeline_display_name = "tenant-model-build"
  role_arn              = "arn:aws:iam::123456789012:role/tenant-pipeline"

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "TrainTenantModel"
      Type = "Training"
      Arguments = {
        RoleArn                               = "arn:aws:iam::123456789012:role/tenant-pipeline"
        AlgorithmSpecification                = { TrainingImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", TrainingInputMode = "File" }
        EnableInterContainerTrafficEncryption = var.inter_container_encryption
        EnableNetworkIsolation                = var.network_isolation
        VpcConfig                             = var.vpc_config
        ResourceConfig                        = { InstanceCount = 2, InstanceType = "ml.m5.2xlarge", VolumeSizeInGB = 50, VolumeKmsKeyId = var.kms_key_arn }
        OutputDataConfig                      = { S3OutputPath = "s3://acme-tenant-ml/models/", KmsKeyId = var.kms_key_arn }
        StoppingCondition                     = { MaxRuntimeInSeconds = 86400 }
      }
    }]
  })
}

resource "aws_sagemaker_pipeline" "shared" {
  pipeline_name         = "shared-model-build"
  pipeline_display_name = "shared-model-build"
  role_arn              = "arn:aws:iam::123456789012:role/shared-pipeline"

  pipeline_definition_s3_location {
    bucket     = "acme-pipeline-definitions"
    object_key = "shared/pipeline.json"
  }
}
