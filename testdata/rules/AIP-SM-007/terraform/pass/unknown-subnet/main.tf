# The subnet comes from the network stack at plan time: not known here.
variable "private_subnet_id" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.t3.medium"
  subnet_id     = var.private_subnet_id
}

resource "aws_sagemaker_notebook_instance" "shared" {
  name          = "shared"
  role_arn      = "arn:aws:iam::123456789012:role/research-notebook"
  instance_type = "ml.t3.medium"
  subnet_id     = data.terraform_remote_state.network.outputs.private_subnet_ids[0]
}

data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-terraform-state"
    key    = "network/terraform.tfstate"
    region = "eu-west-1"
  }
}
