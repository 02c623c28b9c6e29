#!/usr/bin/env python3
"""Generate a synthetic, deterministic Terraform tree for benchmarking aiposture.

Usage: gen-bench-tree.py OUT_DIR [--files N] [--target-mb M] [--seed S]

The tree has ceil(N/10) module directories (svc-0001/, svc-0002/, ...), each
holding up to ten .tf files (main.tf, variables.tf, locals.tf, iam.tf, ...).
Every file starts with the resources its name suggests -- SageMaker notebooks,
endpoint configurations and monitoring jobs, IAM roles with jsonencode()
policies, VPCs and endpoints, Lambda functions, API Gateway, S3 -- and is then
grown with more resources of the same kind plus generic padding (log groups,
security groups) until the tree reaches about M megabytes (10^6 bytes).
Insecure and secure variants are mixed at random so that a scanner has both
findings to report and clean resources to walk through.

All HCL is produced by a tiny emitter, so braces always balance and strings are
always quoted correctly; the same seed always yields byte-identical output.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Minimal HCL emitter
# ---------------------------------------------------------------------------


class Expr(str):
    """An HCL expression emitted verbatim (references, function calls)."""


@dataclass
class Call:
    """A function call whose arguments are rendered as HCL values."""

    name: str
    args: tuple

    def __init__(self, name: str, *args):
        self.name, self.args = name, args


@dataclass
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list = field(default_factory=list)  # (key, value) pairs and Blocks

    def __post_init__(self):
        # None items let callers write optional attributes inline.
        self.body = [item for item in self.body if item is not None]


def block(type_: str, *labels: str, **attrs) -> Block:
    """Convenience constructor: keyword arguments become attributes, in order."""
    return Block(type_, labels, list(attrs.items()))


def resource(type_: str, name: str, *items) -> Block:
    """A resource block; items are (key, value) pairs or nested Blocks, None skipped."""
    return Block("resource", (type_, name), list(items))


IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
IND = "  "


def quote(s: str) -> str:
    # "${...}" is left alone on purpose: it is HCL interpolation, which we want.
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def is_scalar(v) -> bool:
    return isinstance(v, (str, int, float, bool)) or v is None


def render_value(v, level: int) -> str:
    if isinstance(v, Expr):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, Call):
        return f"{v.name}(" + ", ".join(render_value(a, level) for a in v.args) + ")"
    if isinstance(v, list):
        inline = "[" + ", ".join(render_value(x, level) for x in v) + "]"
        if all(is_scalar(x) for x in v) and len(inline) <= 80:
            return inline
        pad = IND * (level + 1)
        items = [f"{pad}{render_value(x, level + 1)}," for x in v]
        return "[\n" + "\n".join(items) + "\n" + IND * level + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        keys = [k if IDENT.match(k) else quote(k) for k in v]
        lines = render_attrs(keys, [render_value(x, level + 1) for x in v.values()], IND * (level + 1))
        return "{\n" + "\n".join(lines) + "\n" + IND * level + "}"
    raise TypeError(f"cannot render {type(v).__name__}")


def render_attrs(keys: list[str], values: list[str], pad: str) -> list[str]:
    """Lay out `key = value` lines the way `terraform fmt` does: "=" is aligned
    across each run of single-line values; a multi-line value ends the run and
    its own key is not padded."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush():
        width = max((len(k) for k, _ in run), default=0)
        lines.extend(f"{pad}{k.ljust(width)} = {v}" for k, v in run)
        run.clear()

    for k, v in zip(keys, values):
        if "\n" in v:
            flush()
            lines.append(f"{pad}{k} = {v}")
        else:
            run.append((k, v))
    flush()
    return lines


def render_block(b: Block, level: int = 0) -> list[str]:
    pad = IND * level
    head = " ".join([b.type, *(quote(label) for label in b.labels)])
    if not b.body:
        return [f"{pad}{head} {{}}"]
    lines = [f"{pad}{head} {{"]
    # Like `terraform fmt`: a blank line between attributes and nested blocks.
    i, prev_was_block = 0, None
    while i < len(b.body):
        if isinstance(b.body[i], Block):
            if prev_was_block is not None:
                lines.append("")
            lines.extend(render_block(b.body[i], level + 1))
            prev_was_block, i = True, i + 1
            continue
        j = i
        while j < len(b.body) and not isinstance(b.body[j], Block):
            j += 1
        run = b.body[i:j]
        if prev_was_block:
            lines.append("")
        lines.extend(render_attrs([k for k, _ in run], [render_value(v, level + 1) for _, v in run], pad + IND))
        prev_was_block, i = False, j
    lines.append(f"{pad}}}")
    return lines


def render(blocks: list[Block]) -> str:
    return "\n\n".join("\n".join(render_block(b)) for b in blocks) + "\n"


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

PRODUCTS = [
    "chatbot", "rag-search", "fraud-scoring", "recsys", "doc-summarizer", "churn-model",
    "vision-qa", "support-copilot", "forecasting", "entity-extract", "translation",
    "code-assist", "anomaly-detect", "speech-to-text", "ranking",
]
TEAMS = ["ml-platform", "data-science", "search", "risk", "growth", "payments", "support"]
ENVS = ["dev", "staging", "prod"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
NOTEBOOK_TYPES = ["ml.t3.medium", "ml.t3.large", "ml.m5.xlarge", "ml.g4dn.xlarge"]
ENDPOINT_TYPES = ["ml.m5.large", "ml.m5.xlarge", "ml.c5.2xlarge", "ml.g5.xlarge", "ml.inf2.xlarge"]
MODEL_IDS = [
    "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0",
    "amazon.titan-embed-text-v2:0", "meta.llama3-70b-instruct-v1:0", "cohere.embed-english-v3",
]
MANAGED_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
]
SERVICE_PRINCIPALS = ["sagemaker.amazonaws.com", "lambda.amazonaws.com", "bedrock.amazonaws.com", "ecs-tasks.amazonaws.com"]
ENDPOINT_SERVICES = [
    "sagemaker.api", "sagemaker.runtime", "bedrock", "bedrock-runtime", "bedrock-agent-runtime",
    "logs", "sts", "ecr.api", "ecr.dkr", "kms", "secretsmanager", "ssm",
]
PORTS = [(22, "ssh"), (443, "https"), (80, "http"), (8888, "jupyter"), (8080, "app"), (5432, "postgres"), (6379, "redis")]


# ---------------------------------------------------------------------------
# Per-module generation
# ---------------------------------------------------------------------------

ACCOUNT = Expr("data.aws_caller_identity.current.account_id")


@dataclass
class Module:
    idx: int
    rng: random.Random
    product: str
    team: str
    counters: dict = field(default_factory=dict)

    @property
    def dirname(self) -> str:
        return f"svc-{self.idx:04d}"

    def uniq(self, stem: str) -> str:
        """A resource name unique within the module (Terraform requires it)."""
        n = self.counters.get(stem, 0) + 1
        self.counters[stem] = n
        return stem if n == 1 else f"{stem}_{n}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def tags(self, **extra) -> Expr | Call:
        if not extra and self.chance(0.5):
            return Expr("local.common_tags")
        return Call("merge", Expr("local.common_tags"), {"Component": self.rng.choice(["api", "training", "inference", "monitoring"]), **extra})


# --- generic padding ---------------------------------------------------------


def log_group(m: Module) -> Block:
    name = m.uniq("log_group")
    return resource(
        "aws_cloudwatch_log_group", name,
        ("name", f"/{m.team}/${{local.name_prefix}}/{name.replace('_', '-')}"),
        ("retention_in_days", m.rng.choice([7, 14, 30, 90, 365])),
        ("kms_key_id", Expr("var.kms_key_arn")) if m.chance(0.5) else None,
        ("tags", m.tags()),
    )


def security_group(m: Module, open_to_world: float = 0.2) -> Block:
    name = m.uniq("sg")
    items: list = [
        ("name", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
        ("description", f"Managed by Terraform for {m.product}"),
        ("vpc_id", Expr("aws_vpc.main.id")),
    ]
    for port, label in m.rng.sample(PORTS, m.rng.randint(1, 3)):
        cidr = ["0.0.0.0/0"] if m.chance(open_to_world) else [Expr("var.vpc_cidr")]
        items.append(block("ingress", description=f"{label} access", from_port=port, to_port=port, protocol="tcp", cidr_blocks=cidr))
    items.append(block("egress", from_port=0, to_port=0, protocol="-1", cidr_blocks=["0.0.0.0/0"]))
    items.append(("tags", m.tags(Name=f"${{local.name_prefix}}-{name}")))
    return resource("aws_security_group", name, *items)


def generic_unit(m: Module) -> list[Block]:
    return [log_group(m)] if m.chance(0.6) else [security_group(m)]


# --- main.tf -------------------------------------------------------------------


def main_core(m: Module) -> list[Block]:
    return [
        Block("terraform", (), [
            ("required_version", ">= 1.5.0"),
            Block("required_providers", (), [("aws", {"source": "hashicorp/aws", "version": "~> 5.40"})]),
            Block("backend", ("s3",), [
                ("bucket", f"tfstate-{m.team}"),
                ("key", f"{m.dirname}/terraform.tfstate"),
                ("region", "us-east-1"),
                ("encrypt", True),
            ]),
        ]),
        Block("provider", ("aws",), [
            ("region", Expr("var.region")),
            Block("default_tags", (), [("tags", Expr("local.common_tags"))]),
        ]),
        Block("data", ("aws_caller_identity", "current")),
        Block("data", ("aws_region", "current")),
    ]


# --- variables.tf ----------------------------------------------------------------


def variables_core(m: Module) -> list[Block]:
    env = m.rng.choice(ENVS)
    return [
        block("variable", "name", description="Service name, used as a prefix for resources", type=Expr("string"), default=m.product),
        block("variable", "environment", description="Deployment environment", type=Expr("string"), default=env),
        block("variable", "region", type=Expr("string"), default=m.rng.choice(REGIONS)),
        block("variable", "vpc_cidr", type=Expr("string"), default=f"10.{m.idx % 250}.0.0/16"),
        block("variable", "kms_key_arn", description="CMK used for data at rest", type=Expr("string"),
              default=f"arn:aws:kms:us-east-1:123456789012:key/{m.rng.getrandbits(128):032x}"),
        block("variable", "model_id", type=Expr("string"), default=m.rng.choice(MODEL_IDS)),
        block("variable", "instance_type", type=Expr("string"), default=m.rng.choice(ENDPOINT_TYPES)),
        block("variable", "tags", type=Expr("map(string)"), default={"Team": m.team, "Service": m.product, "CostCenter": f"cc-{m.rng.randint(1000, 9999)}"}),
    ]


def variables_unit(m: Module) -> list[Block]:
    kind = m.rng.choice(["string", "number", "bool", "list", "map", "object"])
    name = m.uniq(m.rng.choice(["feature", "threshold", "replica", "retention", "capacity", "allowed", "limit"]) + f"_{kind}")
    desc = f"Tunable {name.replace('_', ' ')} for {m.product}"
    if kind == "string":
        return [block("variable", name, description=desc, type=Expr("string"), default=f"{m.product}-{m.rng.randint(1, 999)}")]
    if kind == "number":
        return [Block("variable", (name,), [
            ("description", desc), ("type", Expr("number")), ("default", m.rng.randint(1, 3600)),
            Block("validation", (), [
                ("condition", Expr(f"var.{name} > 0")),
                ("error_message", f"{name} must be positive."),
            ]),
        ])]
    if kind == "bool":
        return [block("variable", name, description=desc, type=Expr("bool"), default=m.chance(0.5))]
    if kind == "list":
        return [block("variable", name, description=desc, type=Expr("list(string)"),
                      default=[f"10.{m.rng.randint(0, 255)}.{m.rng.randint(0, 255)}.0/24" for _ in range(m.rng.randint(1, 4))])]
    if kind == "map":
        return [block("variable", name, description=desc, type=Expr("map(number)"),
                      default={env: m.rng.randint(1, 20) for env in ENVS})]
    return [block("variable", name, description=desc,
                  type=Expr("object({\n    enabled  = bool\n    schedule = string\n    retries  = number\n  })"),
                  default={"enabled": m.chance(0.5), "schedule": f"cron(0 {m.rng.randint(0, 23)} * * ? *)", "retries": m.rng.randint(0, 5)})]


# --- locals.tf -----------------------------------------------------------------


def locals_core(m: Module) -> list[Block]:
    return [block(
        "locals",
        name_prefix="${var.name}-${var.environment}",
        account_id=ACCOUNT,
        artifacts_bucket="${var.name}-${var.environment}-artifacts-${data.aws_caller_identity.current.account_id}",
        model_arn="arn:aws:bedrock:${var.region}::foundation-model/${var.model_id}",
        common_tags=Call("merge", Expr("var.tags"), {"Environment": Expr("var.environment"), "ManagedBy": "terraform", "Module": m.dirname}),
    )]


def locals_unit(m: Module) -> list[Block]:
    entries = {}
    for _ in range(m.rng.randint(3, 6)):
        name = m.uniq(m.rng.choice(["queue", "topic", "table", "prefix", "path", "arn", "url"]))
        entries[name] = m.rng.choice([
            f"${{local.name_prefix}}-{name.replace('_', '-')}",
            f"arn:aws:sqs:${{var.region}}:${{local.account_id}}:${{var.name}}-{name}",
            f"s3://${{local.artifacts_bucket}}/{m.team}/{name}/",
            f"https://${{var.name}}.{m.team}.example.internal/v{m.rng.randint(1, 3)}/{name}",
        ])
    return [block("locals", **entries)]


# --- iam.tf ----------------------------------------------------------------------


def assume_role(service: str) -> Call:
    return Call("jsonencode", {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    })


def policy_statements(m: Module) -> list[dict]:
    stmts = []
    if m.chance(0.3):
        # The classic over-broad grant a scanner should flag.
        stmts.append({"Effect": "Allow", "Action": ["bedrock:*"], "Resource": "*"})
    else:
        stmts.append({
            "Sid": "InvokeModel",
            "Effect": "Allow",
            "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            "Resource": Expr("local.model_arn"),
        })
    if m.chance(0.6):
        stmts.append({
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::${local.artifacts_bucket}", "arn:aws:s3:::${local.artifacts_bucket}/*"],
        })
    if m.chance(0.2):
        stmts.append({"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"})
    if m.chance(0.3):
        stmts.append({
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": Expr("var.kms_key_arn"),
            "Condition": {"StringEquals": {"aws:SourceVpc": Expr("aws_vpc.main.id")}},
        })
    return stmts


def role_set(m: Module, stem: str, service: str) -> list[Block]:
    role = m.uniq(stem)
    blocks = [
        resource("aws_iam_role", role,
                 ("name", f"${{local.name_prefix}}-{role.replace('_', '-')}"),
                 ("assume_role_policy", assume_role(service)),
                 ("max_session_duration", 3600),
                 ("tags", m.tags())),
        resource("aws_iam_role_policy", m.uniq(f"{role}_inline"),
                 ("name", f"{role}-inline"),
                 ("role", Expr(f"aws_iam_role.{role}.id")),
                 ("policy", Call("jsonencode", {"Version": "2012-10-17", "Statement": policy_statements(m)}))),
    ]
    for arn in m.rng.sample(MANAGED_POLICIES, m.rng.randint(1, 2)):
        blocks.append(resource("aws_iam_role_policy_attachment", m.uniq(f"{role}_attach"),
                               ("role", Expr(f"aws_iam_role.{role}.name")), ("policy_arn", arn)))
    return blocks


def iam_core(m: Module) -> list[Block]:
    return role_set(m, "sagemaker_exec", "sagemaker.amazonaws.com") + role_set(m, "lambda_exec", "lambda.amazonaws.com")


def iam_unit(m: Module) -> list[Block]:
    service = m.rng.choice(SERVICE_PRINCIPALS)
    return role_set(m, service.split(".")[0].replace("-", "_") + "_role", service)


# --- network.tf --------------------------------------------------------------------


def subnet(m: Module, name: str, netnum: int) -> Block:
    return resource("aws_subnet", name,
                    ("vpc_id", Expr("aws_vpc.main.id")),
                    ("cidr_block", Call("cidrsubnet", Expr("var.vpc_cidr"), 8, netnum)),
                    ("availability_zone", f"${{var.region}}{'abc'[netnum % 3]}"),
                    ("map_public_ip_on_launch", m.chance(0.15)),
                    ("tags", m.tags(Name=f"${{local.name_prefix}}-{name.replace('_', '-')}")))


def vpc_endpoint(m: Module, service: str) -> Block:
    name = m.uniq(service.replace(".", "_").replace("-", "_"))
    if service == "s3":
        return resource("aws_vpc_endpoint", name,
                        ("vpc_id", Expr("aws_vpc.main.id")),
                        ("service_name", "com.amazonaws.${var.region}.s3"),
                        ("vpc_endpoint_type", "Gateway"),
                        ("tags", m.tags()))
    return resource("aws_vpc_endpoint", name,
                    ("vpc_id", Expr("aws_vpc.main.id")),
                    ("service_name", f"com.amazonaws.${{var.region}}.{service}"),
                    ("vpc_endpoint_type", "Interface"),
                    ("subnet_ids", [Expr("aws_subnet.private_a.id"), Expr("aws_subnet.private_b.id")]),
                    ("security_group_ids", [Expr("aws_security_group.sg.id")]),
                    ("private_dns_enabled", m.chance(0.8)),
                    ("tags", m.tags()))


def network_core(m: Module) -> list[Block]:
    return [
        resource("aws_vpc", "main",
                 ("cidr_block", Expr("var.vpc_cidr")),
                 ("enable_dns_support", True),
                 ("enable_dns_hostnames", True),
                 ("tags", m.tags(Name="${local.name_prefix}-vpc"))),
        subnet(m, m.uniq("private_a"), 1),
        subnet(m, m.uniq("private_b"), 2),
        security_group(m, open_to_world=0.0),  # named "sg": referenced by endpoints and SageMaker
        vpc_endpoint(m, "s3"),
        vpc_endpoint(m, "sagemaker.runtime"),
        vpc_endpoint(m, "bedrock-runtime"),
    ]


def network_unit(m: Module) -> list[Block]:
    roll = m.rng.random()
    if roll < 0.3:
        return [subnet(m, m.uniq("private_extra"), m.rng.randint(3, 250))]
    if roll < 0.7:
        return [vpc_endpoint(m, m.rng.choice(ENDPOINT_SERVICES))]
    return [security_group(m)]


# --- sagemaker.tf --------------------------------------------------------------------

VPC_CONFIG = {"subnets": [Expr("aws_subnet.private_a.id")], "security_group_ids": [Expr("aws_security_group.sg.id")]}


def notebook(m: Module) -> Block:
    name = m.uniq("notebook")
    internet = m.rng.choice(["Enabled", "Disabled", None])  # None: provider default (Enabled)
    return resource("aws_sagemaker_notebook_instance", name,
                    ("name", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
                    ("role_arn", Expr("aws_iam_role.sagemaker_exec.arn")),
                    ("instance_type", m.rng.choice(NOTEBOOK_TYPES)),
                    ("platform_identifier", "notebook-al2-v2"),
                    ("volume_size", m.rng.choice([5, 20, 50, 100])),
                    ("kms_key_id", Expr("var.kms_key_arn")) if m.chance(0.5) else None,
                    ("direct_internet_access", internet) if internet else None,
                    ("root_access", m.rng.choice(["Enabled", "Disabled"])) if m.chance(0.5) else None,
                    ("subnet_id", Expr("aws_subnet.private_a.id")) if internet == "Disabled" or m.chance(0.3) else None,
                    ("security_groups", [Expr("aws_security_group.sg.id")]) if internet == "Disabled" else None,
                    ("tags", m.tags()))


def model_set(m: Module) -> list[Block]:
    model, config, endpoint = m.uniq("model"), m.uniq("endpoint_config"), m.uniq("endpoint")
    container = Block("primary_container", (), [
        ("image", f"763104351884.dkr.ecr.${{var.region}}.amazonaws.com/huggingface-pytorch-inference:2.{m.rng.randint(0, 3)}-gpu"),
        ("model_data_url", f"s3://${{local.artifacts_bucket}}/models/{model}/model.tar.gz"),
        ("environment", {"HF_TASK": m.rng.choice(["text-generation", "feature-extraction", "text-classification"]),
                         "SAGEMAKER_PROGRAM": "inference.py", "MAX_BATCH_SIZE": str(m.rng.choice([1, 4, 8, 16]))}),
    ])
    capture = None
    if m.chance(0.5):
        capture = Block("data_capture_config", (), [
            ("enable_capture", True),
            ("initial_sampling_percentage", m.rng.choice([10, 50, 100])),
            ("destination_s3_uri", f"s3://${{local.artifacts_bucket}}/capture/{endpoint}"),
            ("kms_key_id", Expr("var.kms_key_arn")) if m.chance(0.5) else None,
            Block("capture_options", (), [("capture_mode", "Input")]),
            Block("capture_options", (), [("capture_mode", "Output")]),
        ])
    return [
        resource("aws_sagemaker_model", model,
                 ("name", f"${{local.name_prefix}}-{model.replace('_', '-')}"),
                 ("execution_role_arn", Expr("aws_iam_role.sagemaker_exec.arn")),
                 ("enable_network_isolation", m.chance(0.4)),
                 container,
                 block("vpc_config", **VPC_CONFIG) if m.chance(0.5) else None,
                 ("tags", m.tags())),
        resource("aws_sagemaker_endpoint_configuration", config,
                 ("name", f"${{local.name_prefix}}-{config.replace('_', '-')}"),
                 ("kms_key_arn", Expr("var.kms_key_arn")) if m.chance(0.5) else None,
                 block("production_variants", variant_name="primary", model_name=Expr(f"aws_sagemaker_model.{model}.name"),
                       initial_instance_count=m.rng.randint(1, 4), instance_type=Expr("var.instance_type")),
                 capture,
                 ("tags", m.tags())),
        resource("aws_sagemaker_endpoint", endpoint,
                 ("name", f"${{local.name_prefix}}-{endpoint.replace('_', '-')}"),
                 ("endpoint_config_name", Expr(f"aws_sagemaker_endpoint_configuration.{config}.name")),
                 ("tags", m.tags())),
    ]


def data_quality_job(m: Module) -> Block:
    name = m.uniq("data_quality")
    network = None
    if m.chance(0.7):
        network = Block("network_config", (), [
            ("enable_inter_container_traffic_encryption", m.chance(0.6)),
            ("enable_network_isolation", m.chance(0.6)),
            block("vpc_config", security_group_ids=[Expr("aws_security_group.sg.id")],
                  subnets=[Expr("aws_subnet.private_a.id"), Expr("aws_subnet.private_b.id")]),
        ])
    output = [
        Block("monitoring_outputs", (), [
            Block("s3_output", (), [("s3_uri", f"s3://${{local.artifacts_bucket}}/monitoring/{name}")]),
        ]),
    ]
    if m.chance(0.5):
        output.insert(0, ("kms_key_id", Expr("var.kms_key_arn")))
    return resource("aws_sagemaker_data_quality_job_definition", name,
                    ("name", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
                    ("role_arn", Expr("aws_iam_role.sagemaker_exec.arn")),
                    block("data_quality_app_specification",
                          image_uri="156813124566.dkr.ecr.${var.region}.amazonaws.com/sagemaker-model-monitor-analyzer"),
                    Block("data_quality_job_input", (), [
                        Block("endpoint_input", (), [("endpoint_name", Expr("aws_sagemaker_endpoint.endpoint.name"))]),
                    ]),
                    Block("data_quality_job_output_config", (), output),
                    Block("job_resources", (), [
                        block("cluster_config", instance_count=1, instance_type="ml.m5.large", volume_size_in_gb=20),
                    ]),
                    network,
                    block("stopping_condition", max_runtime_in_seconds=3600))


def sagemaker_core(m: Module) -> list[Block]:
    return [notebook(m), *model_set(m), data_quality_job(m)]


def sagemaker_unit(m: Module) -> list[Block]:
    roll = m.rng.random()
    if roll < 0.35:
        return [notebook(m)]
    if roll < 0.75:
        return model_set(m)
    return [data_quality_job(m)]


# --- lambda.tf ----------------------------------------------------------------------


def lambda_function(m: Module) -> list[Block]:
    name = m.uniq("inference_proxy")
    env = {
        "MODEL_ID": Expr("var.model_id"),
        "BEDROCK_REGION": Expr("var.region"),
        "LOG_LEVEL": m.rng.choice(["DEBUG", "INFO", "WARNING"]),
        "ARTIFACTS_BUCKET": Expr("local.artifacts_bucket"),
        "ENDPOINT_NAME": Expr("aws_sagemaker_endpoint.endpoint.name"),
    }
    if m.chance(0.25):
        # Looks like a hardcoded credential; clearly fake.
        env["API_TOKEN"] = f"tok-{m.rng.getrandbits(96):024x}"
    return [
        resource("aws_lambda_function", name,
                 ("function_name", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
                 ("role", Expr("aws_iam_role.lambda_exec.arn")),
                 ("handler", "app.handler"),
                 ("runtime", m.rng.choice(["python3.12", "python3.11", "nodejs20.x"])),
                 ("s3_bucket", Expr("local.artifacts_bucket")),
                 ("s3_key", f"lambda/{name}.zip"),
                 ("timeout", m.rng.choice([15, 30, 60, 300])),
                 ("memory_size", m.rng.choice([256, 512, 1024, 2048])),
                 ("kms_key_arn", Expr("var.kms_key_arn")) if m.chance(0.4) else None,
                 block("environment", variables=env),
                 block("vpc_config", subnet_ids=[Expr("aws_subnet.private_a.id"), Expr("aws_subnet.private_b.id")],
                       security_group_ids=[Expr("aws_security_group.sg.id")]) if m.chance(0.5) else None,
                 block("tracing_config", mode="Active") if m.chance(0.5) else None,
                 ("tags", m.tags())),
        resource("aws_lambda_permission", m.uniq(f"{name}_apigw"),
                 ("statement_id", "AllowAPIGatewayInvoke"),
                 ("action", "lambda:InvokeFunction"),
                 ("function_name", Expr(f"aws_lambda_function.{name}.function_name")),
                 ("principal", "apigateway.amazonaws.com"),
                 ("source_arn", "${aws_api_gateway_rest_api.api.execution_arn}/*/*")),
    ]


# --- apigateway.tf --------------------------------------------------------------------


def api_route(m: Module) -> list[Block]:
    path = m.uniq("invoke")
    return [
        resource("aws_api_gateway_resource", path,
                 ("rest_api_id", Expr("aws_api_gateway_rest_api.api.id")),
                 ("parent_id", Expr("aws_api_gateway_rest_api.api.root_resource_id")),
                 ("path_part", path.replace("_", "-"))),
        resource("aws_api_gateway_method", path,
                 ("rest_api_id", Expr("aws_api_gateway_rest_api.api.id")),
                 ("resource_id", Expr(f"aws_api_gateway_resource.{path}.id")),
                 ("http_method", "POST"),
                 ("authorization", m.rng.choice(["NONE", "AWS_IAM", "COGNITO_USER_POOLS"])),
                 ("api_key_required", m.chance(0.3))),
        resource("aws_api_gateway_integration", path,
                 ("rest_api_id", Expr("aws_api_gateway_rest_api.api.id")),
                 ("resource_id", Expr(f"aws_api_gateway_resource.{path}.id")),
                 ("http_method", Expr(f"aws_api_gateway_method.{path}.http_method")),
                 ("integration_http_method", "POST"),
                 ("type", "AWS_PROXY"),
                 ("uri", Expr("aws_lambda_function.inference_proxy.invoke_arn"))),
    ]


def apigateway_core(m: Module) -> list[Block]:
    stage_items = [
        ("rest_api_id", Expr("aws_api_gateway_rest_api.api.id")),
        ("deployment_id", Expr("aws_api_gateway_deployment.api.id")),
        ("stage_name", Expr("var.environment")),
        ("xray_tracing_enabled", m.chance(0.5)),
    ]
    if m.chance(0.5):
        stage_items.append(block("access_log_settings", destination_arn=Expr("aws_cloudwatch_log_group.api_access.arn"),
                                 format=Call("jsonencode", {"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                                                            "status": "$context.status", "latency": "$context.responseLatency"})))
    return [
        resource("aws_api_gateway_rest_api", "api",
                 ("name", "${local.name_prefix}-api"),
                 ("description", f"Inference API for {m.product}"),
                 block("endpoint_configuration", types=[m.rng.choice(["REGIONAL", "EDGE", "PRIVATE"])]),
                 ("tags", m.tags())),
        *api_route(m),
        resource("aws_api_gateway_deployment", "api",
                 ("rest_api_id", Expr("aws_api_gateway_rest_api.api.id")),
                 ("triggers", {"redeployment": Call("sha1", Call("jsonencode", [Expr("aws_api_gateway_integration.invoke.id")]))}),
                 block("lifecycle", create_before_destroy=True)),
        resource("aws_api_gateway_stage", "api", *stage_items, ("tags", m.tags())),
        resource("aws_cloudwatch_log_group", "api_access",
                 ("name", "/aws/apigateway/${local.name_prefix}"),
                 ("retention_in_days", 30)),
    ]


def apigateway_unit(m: Module) -> list[Block]:
    return api_route(m)


# --- storage.tf ---------------------------------------------------------------------


def bucket_set(m: Module, stem: str) -> list[Block]:
    name = m.uniq(stem)
    blocks = [
        resource("aws_s3_bucket", name,
                 ("bucket", f"${{local.name_prefix}}-{name.replace('_', '-')}-${{local.account_id}}"),
                 ("force_destroy", m.chance(0.2)),
                 ("tags", m.tags())),
        resource("aws_s3_bucket_versioning", name,
                 ("bucket", Expr(f"aws_s3_bucket.{name}.id")),
                 block("versioning_configuration", status=m.rng.choice(["Enabled", "Suspended"]))),
    ]
    if m.chance(0.7):
        sse = {"sse_algorithm": "aws:kms", "kms_master_key_id": Expr("var.kms_key_arn")} if m.chance(0.6) else {"sse_algorithm": "AES256"}
        blocks.append(resource("aws_s3_bucket_server_side_encryption_configuration", name,
                               ("bucket", Expr(f"aws_s3_bucket.{name}.id")),
                               Block("rule", (), [block("apply_server_side_encryption_by_default", **sse)])))
    if m.chance(0.7):
        blocks.append(resource("aws_s3_bucket_public_access_block", name,
                               ("bucket", Expr(f"aws_s3_bucket.{name}.id")),
                               ("block_public_acls", True),
                               ("block_public_policy", True),
                               ("ignore_public_acls", True),
                               ("restrict_public_buckets", m.chance(0.8))))
    return blocks


def storage_core(m: Module) -> list[Block]:
    return bucket_set(m, "artifacts")


def storage_unit(m: Module) -> list[Block]:
    return bucket_set(m, m.rng.choice(["datasets", "features", "logs", "exports", "embeddings"]))


# --- monitoring.tf ------------------------------------------------------------------


def alarm(m: Module) -> Block:
    name = m.uniq("alarm")
    metric, namespace = m.rng.choice([("Invocation5XXErrors", "AWS/SageMaker"), ("ModelLatency", "AWS/SageMaker"),
                                      ("Errors", "AWS/Lambda"), ("Throttles", "AWS/Lambda"), ("5XXError", "AWS/ApiGateway")])
    return resource("aws_cloudwatch_metric_alarm", name,
                    ("alarm_name", f"${{local.name_prefix}}-{metric.lower()}-{name.replace('_', '-')}"),
                    ("comparison_operator", "GreaterThanThreshold"),
                    ("evaluation_periods", m.rng.randint(1, 5)),
                    ("metric_name", metric),
                    ("namespace", namespace),
                    ("period", m.rng.choice([60, 300])),
                    ("statistic", m.rng.choice(["Sum", "Average", "Maximum"])),
                    ("threshold", m.rng.randint(1, 500)),
                    ("alarm_description", f"{metric} above threshold for {m.product}"),
                    ("dimensions", {"EndpointName": Expr("aws_sagemaker_endpoint.endpoint.name")} if namespace == "AWS/SageMaker"
                     else {"FunctionName": Expr("aws_lambda_function.inference_proxy.function_name")}),
                    ("tags", m.tags()))


def monitoring_core(m: Module) -> list[Block]:
    return [
        resource("aws_cloudwatch_log_group", "lambda",
                 ("name", "/aws/lambda/${aws_lambda_function.inference_proxy.function_name}"),
                 ("retention_in_days", m.rng.choice([7, 30, 365]))),
        log_group(m),
        alarm(m),
    ]


def monitoring_unit(m: Module) -> list[Block]:
    return [alarm(m)] if m.chance(0.6) else [log_group(m)]


# ---------------------------------------------------------------------------
# Tree assembly
# ---------------------------------------------------------------------------

# (file name, blocks that always open the file, one unit of growth).  Padding
# with more of the file's own resources keeps each file's character realistic;
# a share of generic units adds the noise real repositories have.
FILE_KINDS = [
    ("main.tf", main_core, generic_unit),
    ("variables.tf", variables_core, variables_unit),
    ("locals.tf", locals_core, locals_unit),
    ("iam.tf", iam_core, iam_unit),
    ("network.tf", network_core, network_unit),
    ("sagemaker.tf", sagemaker_core, sagemaker_unit),
    ("lambda.tf", lambda_function, lambda_function),
    ("apigateway.tf", apigateway_core, apigateway_unit),
    ("storage.tf", storage_core, storage_unit),
    ("monitoring.tf", monitoring_core, monitoring_unit),
]
GENERIC_SHARE = 0.25


def build_file(m: Module, core, unit, budget: int) -> str:
    blocks = core(m)
    text = render(blocks)
    while len(text) < budget:
        # Variables and locals only make sense as such; elsewhere mix in noise.
        grow = generic_unit if unit not in (variables_unit, locals_unit) and m.chance(GENERIC_SHARE) else unit
        new = grow(m)
        blocks.extend(new)
        text += "\n" + render(new)
    return text


def generate(out: Path, files: int, target_bytes: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    modules = math.ceil(files / len(FILE_KINDS))
    written = total = 0
    for idx in range(1, modules + 1):
        m = Module(idx, rng, rng.choice(PRODUCTS), rng.choice(TEAMS))
        moddir = out / m.dirname
        moddir.mkdir(parents=True)
        for name, core, unit in FILE_KINDS[: files - written]:
            # Spread what is left of the byte budget over the files still to
            # write, with jitter so file sizes vary as they do in real repos.
            remaining = max(0, target_bytes - total) / (files - written)
            text = build_file(m, core, unit, int(remaining * rng.uniform(0.5, 1.5)))
            data = text.encode("ascii")
            (moddir / name).write_bytes(data)
            written += 1
            total += len(data)
    return written, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--files", type=int, default=4000, help="number of .tf files (default 4000)")
    ap.add_argument("--target-mb", type=float, default=12.0, help="approximate total size in MB of 10^6 bytes (default 12)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args()
    if args.files < 1 or args.target_mb <= 0:
        ap.error("--files and --target-mb must be positive")
    # Refuse to mix with existing content: stale files would skew the figures.
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        print(f"error: {args.out_dir} exists and is not empty", file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    files, size = generate(args.out_dir, args.files, int(args.target_mb * 1e6), args.seed)
    print(f"{args.out_dir}: {files} files, {size} bytes ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
