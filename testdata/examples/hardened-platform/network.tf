# Private-only network for the ML workloads. There is no internet gateway: AWS
# APIs are reached through the VPC endpoints below, and the rest (the OpenAI API
# for answer evaluation) through the shared egress VPC the network team attaches.

resource "aws_vpc" "ml" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = "${local.name}-vpc" })
}

resource "aws_subnet" "private_a" {
  vpc_id                  = aws_vpc.ml.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, 0)
  availability_zone       = "${var.region}a"
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${local.name}-private-a", tier = "private" })
}

resource "aws_subnet" "private_b" {
  vpc_id                  = aws_vpc.ml.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, 1)
  availability_zone       = "${var.region}b"
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${local.name}-private-b", tier = "private" })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.ml.id

  tags = merge(local.tags, { Name = "${local.name}-private" })
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "private_b" {
  subnet_id      = aws_subnet.private_b.id
  route_table_id = aws_route_table.private.id
}

# ML workloads: notebooks, Studio apps, model containers, jobs and Lambda functions.
resource "aws_security_group" "workloads" {
  name        = "${local.name}-workloads"
  description = "SageMaker, Bedrock and Lambda workloads"
  vpc_id      = aws_vpc.ml.id

  tags = merge(local.tags, { Name = "${local.name}-workloads" })
}

resource "aws_vpc_security_group_ingress_rule" "workloads_self" {
  security_group_id            = aws_security_group.workloads.id
  description                  = "Between workloads (distributed training, Studio EFS)"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.workloads.id
}

resource "aws_vpc_security_group_egress_rule" "workloads_self" {
  security_group_id            = aws_security_group.workloads.id
  description                  = "Between workloads (distributed training, Studio EFS)"
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.workloads.id
}

resource "aws_vpc_security_group_egress_rule" "workloads_https" {
  security_group_id = aws_security_group.workloads.id
  description       = "HTTPS to the VPC endpoints and the egress VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "endpoints" {
  name        = "${local.name}-endpoints"
  description = "Interface VPC endpoints"
  vpc_id      = aws_vpc.ml.id

  tags = merge(local.tags, { Name = "${local.name}-endpoints" })
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.endpoints.id
  description       = "HTTPS from the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset([
    "sagemaker.api",
    "sagemaker.runtime",
    "bedrock-runtime",
    "bedrock-agent-runtime",
    "secretsmanager",
    "ecr.api",
    "ecr.dkr",
    "logs",
    "sts",
    "kms",
  ])

  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = local.private_subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]

  tags = merge(local.tags, { Name = "${local.name}-${each.key}" })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.ml.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]

  tags = merge(local.tags, { Name = "${local.name}-s3" })
}
