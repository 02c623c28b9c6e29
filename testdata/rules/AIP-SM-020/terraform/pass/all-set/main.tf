# Every job in the pipeline is isolated, encrypts inter-container traffic, runs in the private
# subnets and encrypts its volume and output with the customer-managed key. The GPU training job
# uses ml.p4d instances, whose local NVMe storage is encrypted by the instance and takes no
# volume key.

resource "aws_kms_key" "ml" {
  description         = "Recommendation model data and artefacts"
  enable_key_rotation = true
}

resource "aws_vpc" "ml" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.ml.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.ml.id
  cidr_block        = "10.40.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_security_group" "training" {
  name   = "recsys-training"
  vpc_id = aws_vpc.ml.id
}

locals {
  vpc_config = {
    Subnets          = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    SecurityGroupIds = [aws_security_group.training.id]
  }
}

resource "aws_sagemaker_pipeline" "recsys" {
  pipeline_name         = "recsys-model-build"
  pipeline_display_name = "recsys-model-build"
  role_arn              = "arn:aws:iam::123456789012:role/recsys-pipeline"

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [
      {
        Name = "BuildInteractions"
        Type = "Processing"
        Arguments = {
          RoleArn          = "arn:aws:iam::123456789012:role/recsys-pipeline"
          AppSpecification = { ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/recsys-etl:2.0.3" }
          ProcessingResources = {
            ClusterConfig = {
              InstanceCount  = 4
              InstanceType   = "ml.r5.4xlarge"
              VolumeSizeInGB = 200
              VolumeKmsKeyId = aws_kms_key.ml.arn
            }
          }
          NetworkConfig = {
            EnableInterContainerTrafficEncryption = true
            EnableNetworkIsolation                = true
            VpcConfig                             = local.vpc_config
          }
          ProcessingOutputConfig = {
            KmsKeyId = aws_kms_key.ml.arn
            Outputs = [{
              OutputName = "interactions"
              S3Output   = { S3Uri = "s3://acme-recsys-ml/interactions/", LocalPath = "/opt/ml/processing/output", S3UploadMode = "EndOfJob" }
            }]
          }
        }
      },
      {
        Name = "TrainTwoTower"
        Type = "Training"
        Arguments = {
          RoleArn                               = "arn:aws:iam::123456789012:role/recsys-pipeline"
          AlgorithmSpecification                = { TrainingImage = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310", TrainingInputMode = "FastFile" }
          EnableInterContainerTrafficEncryption = true
          EnableNetworkIsolation                = true
          VpcConfig                             = local.vpc_config
          ResourceConfig                        = { InstanceCount = 2, InstanceType = "ml.p4d.24xlarge", VolumeSizeInGB = 500 }
          OutputDataConfig                      = { S3OutputPath = "s3://acme-recsys-ml/models/", KmsKeyId = aws_kms_key.ml.arn }
          StoppingCondition                     = { MaxRuntimeInSeconds = 172800 }
        }
      },
      {
        Name = "TuneRanker"
        Type = "Tuning"
        Arguments = {
          HyperParameterTuningJobConfig = {
            Strategy       = "Bayesian"
            ResourceLimits = { MaxNumberOfTrainingJobs = 30, MaxParallelTrainingJobs = 3 }
          }
          TrainingJobDefinition = {
            RoleArn                               = "arn:aws:iam::123456789012:role/recsys-pipeline"
            AlgorithmSpecification                = { TrainingImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", TrainingInputMode = "File" }
            EnableInterContainerTrafficEncryption = true
            EnableNetworkIsolation                = true
            VpcConfig                             = local.vpc_config
            ResourceConfig                        = { InstanceCount = 1, InstanceType = "ml.m5.2xlarge", VolumeSizeInGB = 50, VolumeKmsKeyId = aws_kms_key.ml.arn }
            OutputDataConfig                      = { S3OutputPath = "s3://acme-recsys-ml/hpo/", KmsKeyId = aws_kms_key.ml.arn }
            StoppingCondition                     = { MaxRuntimeInSeconds = 14400 }
          }
        }
      },
    ]
  })
}
