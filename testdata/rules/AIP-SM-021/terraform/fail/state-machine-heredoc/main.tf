# A retraining state machine written as a heredoc with interpolated ARNs. Each job gets one
# setting wrong: Preprocess leaves inter-container encryption off, Train turns network
# isolation off, Tune has no VPC and no output key.

resource "aws_kms_key" "ml" {
  description         = "SageMaker training data and artefacts"
  enable_key_rotation = true
}

resource "aws_iam_role" "sagemaker" {
  name               = "fraud-retrain-sagemaker"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

data "aws_iam_policy_document" "sagemaker_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_sfn_state_machine" "retrain" {
  name     = "fraud-model-retrain"
  role_arn = "arn:aws:iam::123456789012:role/fraud-retrain-states"

  # expect-next-line: AIP-SM-021
  definition = <<EOT
{
  "Comment": "Nightly fraud model retraining",
  "StartAt": "Preprocess",
  "States": {
    "Preprocess": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sagemaker:createProcessingJob.sync",
      "Parameters": {
        "ProcessingJobName.$": "States.Format('fraud-prep-{}', $$.Execution.Name)",
        "RoleArn": "${aws_iam_role.sagemaker.arn}",
        "AppSpecification": {
          "ImageUri": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        },
        "ProcessingResources": {
          "ClusterConfig": {
            "InstanceCount": 2,
            "InstanceType": "ml.m5.2xlarge",
            "VolumeSizeInGB": 50,
            "VolumeKmsKeyId": "${aws_kms_key.ml.arn}"
          }
        },
        "NetworkConfig": {
          "EnableNetworkIsolation": true,
          "VpcConfig": {
            "Subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
            "SecurityGroupIds": ["sg-0123456789abcdef0"]
          }
        },
        "ProcessingOutputConfig": {
          "KmsKeyId": "${aws_kms_key.ml.arn}",
          "Outputs": [{
            "OutputName": "features",
            "S3Output": {
              "S3Uri": "s3://acme-fraud-ml/features/",
              "LocalPath": "/opt/ml/processing/features",
              "S3UploadMode": "EndOfJob"
            }
          }]
        }
      },
      "Next": "Train"
    },
    "Train": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
      "Parameters": {
        "TrainingJobName.$": "States.Format('fraud-train-{}', $$.Execution.Name)",
        "RoleArn": "${aws_iam_role.sagemaker.arn}",
        "AlgorithmSpecification": {
          "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310",
          "TrainingInputMode": "FastFile"
        },
        "EnableInterContainerTrafficEncryption": true,
        "EnableNetworkIsolation": false,
        "VpcConfig": {
          "Subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
          "SecurityGroupIds": ["sg-0123456789abcdef0"]
        },
        "ResourceConfig": {
          "InstanceCount": 4,
          "InstanceType": "ml.g5.12xlarge",
          "VolumeSizeInGB": 200
        },
        "OutputDataConfig": {
          "S3OutputPath": "s3://acme-fraud-ml/models/",
          "KmsKeyId": "${aws_kms_key.ml.arn}"
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 43200}
      },
      "Next": "Tune"
    },
    "Tune": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync",
      "Parameters": {
        "HyperParameterTuningJobName.$": "States.Format('fraud-hpo-{}', $$.Execution.Name)",
        "HyperParameterTuningJobConfig": {
          "Strategy": "Bayesian",
          "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
          "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 2}
        },
        "TrainingJobDefinition": {
          "RoleArn": "${aws_iam_role.sagemaker.arn}",
          "AlgorithmSpecification": {
            "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
            "TrainingInputMode": "File"
          },
          "EnableInterContainerTrafficEncryption": true,
          "EnableNetworkIsolation": true,
          "ResourceConfig": {
            "InstanceCount": 1,
            "InstanceType": "ml.m5.xlarge",
            "VolumeSizeInGB": 30,
            "VolumeKmsKeyId": "${aws_kms_key.ml.arn}"
          },
          "OutputDataConfig": {"S3OutputPath": "s3://acme-fraud-ml/hpo/"},
          "StoppingCondition": {"MaxRuntimeInSeconds": 7200}
        }
      },
      "End": true
    }
  }
}
EOT
}
