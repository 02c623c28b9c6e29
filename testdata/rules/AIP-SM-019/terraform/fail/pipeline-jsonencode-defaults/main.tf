# The churn model build pipeline as the SageMaker Python SDK would emit it, written inline with
# jsonencode. No job sets network isolation, inter-container encryption, a VPC or KMS keys.

resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-churn-ml-artifacts"
}

resource "aws_iam_role" "pipeline" {
  name = "churn-pipeline-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_sagemaker_pipeline" "churn" {
  pipeline_name         = "churn-model-build"
  pipeline_display_name = "churn-model-build"
  role_arn              = aws_iam_role.pipeline.arn

  pipeline_definition = jsonencode({ # expect: AIP-SM-019
    Version  = "2020-12-01"
    Metadata = {}
    Parameters = [
      { Name = "InputDataUrl", Type = "String", DefaultValue = "s3://acme-ml-data/churn/raw/" },
      { Name = "AucThreshold", Type = "Float", DefaultValue = 0.8 },
    ]
    Steps = [
      {
        Name = "PreprocessChurnData"
        Type = "Processing"
        Arguments = {
          ProcessingResources = {
            ClusterConfig = {
              InstanceType   = "ml.m5.xlarge"
              InstanceCount  = 1
              VolumeSizeInGB = 30
            }
          }
          AppSpecification = {
            ImageUri            = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
            ContainerEntrypoint = ["python3", "/opt/ml/processing/input/code/preprocess.py"]
          }
          RoleArn = aws_iam_role.pipeline.arn
          ProcessingInputs = [{
            InputName = "raw"
            S3Input = {
              S3Uri       = { Get = "Parameters.InputDataUrl" }
              LocalPath   = "/opt/ml/processing/input"
              S3DataType  = "S3Prefix"
              S3InputMode = "File"
            }
          }]
          ProcessingOutputConfig = {
            Outputs = [{
              OutputName = "train"
              S3Output = {
                S3Uri        = "s3://${aws_s3_bucket.artifacts.bucket}/churn/train"
                LocalPath    = "/opt/ml/processing/train"
                S3UploadMode = "EndOfJob"
              }
            }]
          }
        }
      },
      {
        Name      = "TrainChurnModel"
        Type      = "Training"
        DependsOn = ["PreprocessChurnData"]
        Arguments = {
          AlgorithmSpecification = {
            TrainingImage     = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
            TrainingInputMode = "File"
          }
          OutputDataConfig  = { S3OutputPath = "s3://${aws_s3_bucket.artifacts.bucket}/churn/models" }
          StoppingCondition = { MaxRuntimeInSeconds = 86400 }
          ResourceConfig = {
            InstanceCount  = 2
            InstanceType   = "ml.m5.2xlarge"
            VolumeSizeInGB = 50
          }
          RoleArn = aws_iam_role.pipeline.arn
          InputDataConfig = [{
            ChannelName = "train"
            ContentType = "text/csv"
            DataSource = {
              S3DataSource = {
                S3DataType = "S3Prefix"
                S3Uri      = { Get = "Steps.PreprocessChurnData.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" }
              }
            }
          }]
          HyperParameters = { objective = "binary:logistic", num_round = "200" }
        }
      },
      {
        Name = "CheckAuc"
        Type = "Condition"
        Arguments = {
          Conditions = [{
            Type       = "GreaterThanOrEqualTo"
            LeftValue  = { Get = "Steps.TrainChurnModel.FinalMetricDataList['validation:auc'].Value" }
            RightValue = { Get = "Parameters.AucThreshold" }
          }]
          IfSteps = [{
            Name = "ScoreHoldout"
            Type = "Transform"
            Arguments = {
              ModelName = "churn-xgboost"
              TransformInput = {
                DataSource  = { S3DataSource = { S3DataType = "S3Prefix", S3Uri = "s3://acme-ml-data/churn/holdout/" } }
                ContentType = "text/csv"
              }
              TransformOutput    = { S3OutputPath = "s3://${aws_s3_bucket.artifacts.bucket}/churn/scores" }
              TransformResources = { InstanceCount = 1, InstanceType = "ml.c5.xlarge" }
            }
          }]
          ElseSteps = [{
            Name      = "StopOnLowAuc"
            Type      = "Fail"
            Arguments = { ErrorMessage = "validation AUC is below the threshold" }
          }]
        }
      },
    ]
  })
}
