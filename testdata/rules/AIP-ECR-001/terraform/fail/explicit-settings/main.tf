resource "aws_ecr_repository" "trainer" {
  name                 = "llm-trainer"
  image_tag_mutability = "MUTABLE" # expect: AIP-ECR-001

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "monitor" {
  name                 = "ml/drift-monitor"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = false # expect: AIP-ECR-001
  }
}

# A pipeline's training step refers to the trainer repository.
resource "aws_sagemaker_pipeline" "train" {
  pipeline_name         = "llm-train"
  pipeline_display_name = "llm-train"
  role_arn              = "arn:aws:iam::123456789012:role/sagemaker-pipeline"

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "Train"
      Type = "Training"
      Arguments = {
        AlgorithmSpecification = {
          TrainingImage     = "${aws_ecr_repository.trainer.repository_url}:2.0"
          TrainingInputMode = "File"
        }
      }
    }]
  })
}

# A monitoring job names the monitor repository by its image URI.
resource "aws_sagemaker_data_quality_job_definition" "drift" {
  name     = "llm-drift"
  role_arn = "arn:aws:iam::123456789012:role/monitoring"

  data_quality_app_specification {
    image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/drift-monitor:0.9"
  }
}
