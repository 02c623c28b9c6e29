# Private-only network for the ML workloads. Outbound internet access goes
# through the shared egress VPC that the network team attaches to this VPC.

resource "aws_vpc" "ml" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, {
    Name = "${var.project}-vpc"
  })
}

resource "aws_subnet" "private_a" {
  vpc_id                  = aws_vpc.ml.id
  cidr_block              = "10.40.1.0/24"
  availability_zone       = "${var.region}a"
  map_public_ip_on_launch = false

  tags = merge(local.tags, {
    Name = "${var.project}-private-a"
    tier = "private"
  })
}

resource "aws_subnet" "private_b" {
  vpc_id                  = aws_vpc.ml.id
  cidr_block              = "10.40.2.0/24"
  availability_zone       = "${var.region}b"
  map_public_ip_on_launch = false

  tags = merge(local.tags, {
    Name = "${var.project}-private-b"
    tier = "private"
  })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.ml.id

  tags = merge(local.tags, {
    Name = "${var.project}-private"
  })
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "private_b" {
  subnet_id      = aws_subnet.private_b.id
  route_table_id = aws_route_table.private.id
}

# Shared by notebooks, Studio, the model containers, the chat Lambda and the
# interface endpoints.
resource "aws_security_group" "ml" {
  name        = "${var.project}-ml"
  description = "ML workloads and VPC interface endpoints"
  vpc_id      = aws_vpc.ml.id

  ingress {
    description = "Traffic between members of this group (Studio apps, EFS, endpoints)"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  egress {
    description = "Traffic between members of this group"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  egress {
    description = "HTTPS to AWS APIs and the egress VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.tags, {
    Name = "${var.project}-ml"
  })
}

resource "aws_vpc_endpoint" "sagemaker_api" {
  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.sagemaker.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.ml.id]

  tags = merge(local.tags, {
    Name = "${var.project}-sagemaker-api"
  })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.ml.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]

  tags = merge(local.tags, {
    Name = "${var.project}-s3"
  })
}
