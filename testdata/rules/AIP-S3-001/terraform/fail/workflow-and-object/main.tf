# Training data reached through an uploaded object.
resource "aws_s3_bucket" "training" { # expect: AIP-S3-001
  bucket_prefix = "acme-training-"
}

resource "aws_s3_object" "model" {
  bucket = aws_s3_bucket.training.id
  key    = "classifier/model.tar.gz"
  source = "build/model.tar.gz"
}

resource "aws_sagemaker_model" "classifier" {
  name               = "ticket-classifier"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker-exec"

  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/classifier:1.4"
    model_data_url = "s3://${aws_s3_object.model.bucket}/${aws_s3_object.model.key}"
  }
}

# Training output of a job started by a state machine.
resource "aws_s3_bucket" "outputs" { # expect: AIP-S3-001
  bucket = "acme-training-outputs"
}

resource "aws_sfn_state_machine" "retrain" {
  name     = "retrain"
  role_arn = "arn:aws:iam::123456789012:role/sfn-retrain"

  definition = jsonencode({
    StartAt = "Train"
    States = {
      Train = {
        Type     = "Task"
        Resource = "arn:aws:states:::sagemaker:createTrainingJob.sync"
        Parameters = {
          TrainingJobName = "retrain"
          RoleArn         = "arn:aws:iam::123456789012:role/sagemaker-exec"
          AlgorithmSpecification = {
            TrainingImage     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/classifier-train:1.4"
            TrainingInputMode = "File"
          }
          OutputDataConfig = {
            S3OutputPath = "s3://${aws_s3_bucket.outputs.bucket}/models"
          }
          ResourceConfig = {
            InstanceCount  = 1
            InstanceType   = "ml.m5.xlarge"
            VolumeSizeInGB = 50
          }
          StoppingCondition = { MaxRuntimeInSeconds = 86400 }
        }
        End = true
      }
    }
  })
}
