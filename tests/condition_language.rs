//! The condition language on its own: rules written here (not in the pack) over small
//! modules, to show each construct decides what docs/rules.md says it does.

use std::path::{Path, PathBuf};

use aiposture::model::ResourceSet;
use aiposture::rules::engine;
use aiposture::rules::load::parse_rule;
use aiposture::source::terraform::{load_module, TerraformOptions};
use aiposture::source::SourceFile;

fn rule(id: &str, types: &str, fail_when: &str) -> String {
    format!(
        r#"id: {id}
slug: test-rule
title: test
severity: low
category: governance
description: test
remediation:
  summary: test
  snippets:
    terraform: x
references: [https://docs.aws.amazon.com/]
frameworks_note: test rule
checks:
  terraform:
    - resource_types: [{types}]
      fail_when:
{fail_when}
      message: "{{attr}} {{value}} {{detail}}"
"#
    )
}

/// Addresses the rule fails on, and those it cannot decide.
fn run(rule_text: &str, tf: &str) -> (Vec<String>, Vec<String>) {
    let rule = parse_rule("test.yaml", rule_text).expect("rule loads");
    let sources = vec![SourceFile {
        rel: "main.tf".into(),
        abs: PathBuf::from("main.tf"),
        text: tf.into(),
    }];
    let module = load_module(Path::new("."), &sources, &TerraformOptions::default());
    assert!(module.diagnostics.is_empty(), "{:?}", module.diagnostics);
    let set = ResourceSet::new(module.resources);
    let eval = engine::run(
        std::slice::from_ref(&rule),
        std::slice::from_ref(&set),
        &Default::default(),
    );
    (
        eval.findings
            .iter()
            .map(|f| f.resource.address.clone())
            .collect(),
        eval.unknown
            .iter()
            .map(|u| u.resource.address.clone())
            .collect(),
    )
}

const NETWORK: &str = r#"
variable "unknown_vpc" {}
resource "aws_vpc" "with_endpoint" {}
resource "aws_vpc" "bare" {}
resource "aws_subnet" "a" { vpc_id = aws_vpc.with_endpoint.id }
resource "aws_subnet" "b" { vpc_id = aws_vpc.bare.id }
resource "aws_vpc_endpoint" "api" {
  vpc_id       = aws_vpc.with_endpoint.id
  service_name = "com.amazonaws.us-east-1.sagemaker.api"
}
resource "aws_sagemaker_notebook_instance" "in_a" { subnet_id = aws_subnet.a.id }
resource "aws_sagemaker_notebook_instance" "in_b" { subnet_id = aws_subnet.b.id }
resource "aws_sagemaker_notebook_instance" "nowhere" {}
"#;

#[test]
fn chained_relations_reach_the_vpc_a_resource_lives_in() {
    // "The VPC this notebook lives in has no endpoint whose service name ends in sagemaker.api."
    let text = rule(
        "AIP-TST-001",
        "aws_sagemaker_notebook_instance",
        r#"        references:
          attr: subnet_id
          types: [aws_subnet]
          where:
            references:
              attr: vpc_id
              types: [aws_vpc]
              where:
                no_referrer:
                  types: [aws_vpc_endpoint]
                  attr: vpc_id
                  where: {attr: service_name, matches: '\.sagemaker\.api$'}"#,
    );
    let (found, unknown) = run(&text, NETWORK);
    assert_eq!(found, vec!["aws_sagemaker_notebook_instance.in_b"]);
    assert!(unknown.is_empty(), "{unknown:?}");
}

#[test]
fn referrer_with_unknown_attribute_is_unknown_not_false() {
    let tf = format!(
        "{NETWORK}\nresource \"aws_vpc_endpoint\" \"maybe\" {{\n  vpc_id = var.unknown_vpc\n  service_name = \"com.amazonaws.us-east-1.sagemaker.api\"\n}}\n"
    );
    let text = rule(
        "AIP-TST-002",
        "aws_vpc",
        r#"        no_referrer:
          types: [aws_vpc_endpoint]
          attr: vpc_id"#,
    );
    let (found, unknown) = run(&text, &tf);
    // aws_vpc.bare might be the one var.unknown_vpc names: not decidable.
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(unknown, vec!["aws_vpc.bare"]);
}

#[test]
fn any_of_and_all_of_walk_repeated_blocks() {
    let tf = r#"
resource "aws_security_group" "open" {
  ingress {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "closed" {
  ingress {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group" "none" {}
"#;
    let any = rule(
        "AIP-TST-003",
        "aws_security_group",
        r#"        any_of:
          path: ingress
          where: {attr: cidr_blocks, equals: 0.0.0.0/0}"#,
    );
    assert_eq!(run(&any, tf).0, vec!["aws_security_group.open"]);
    let all = rule(
        "AIP-TST-004",
        "aws_security_group",
        r#"        all_of:
          path: ingress
          where: {attr: from_port, lt: 1024}"#,
    );
    // all_of is vacuously true for the group without ingress blocks.
    let mut found = run(&all, tf).0;
    found.sort();
    assert_eq!(
        found,
        vec![
            "aws_security_group.closed",
            "aws_security_group.none",
            "aws_security_group.open"
        ]
    );
}

#[test]
fn defaults_numbers_and_sets() {
    let tf = r#"
resource "aws_x" "absent" {}
resource "aws_x" "small" {
  size = 10
  tier = "gold"
}
resource "aws_x" "big" {
  size = "200"
  tier = "bronze"
}
"#;
    let gt = rule(
        "AIP-TST-005",
        "aws_x",
        "        {attr: size, default: 500, gt: 100}",
    );
    let mut found = run(&gt, tf).0;
    found.sort();
    assert_eq!(found, vec!["aws_x.absent", "aws_x.big"]);
    let not_in = rule(
        "AIP-TST-006",
        "aws_x",
        "        {attr: tier, not_in: [gold, silver]}",
    );
    // Absent without a default: only `absent` can be true.
    assert_eq!(run(&not_in, tf).0, vec!["aws_x.big"]);
}

#[test]
fn conditions_with_two_tests_are_rejected() {
    let text = rule(
        "AIP-TST-007",
        "aws_x",
        "        {attr: a, equals: 1, absent: true}",
    );
    let err = parse_rule("t.yaml", &text)
        .expect_err("rejected")
        .to_string();
    assert!(err.contains("one test"), "{err}");
    let text = rule("AIP-TST-008", "aws_x", "        {native: no-such-check}");
    let err = parse_rule("t.yaml", &text)
        .expect_err("rejected")
        .to_string();
    assert!(err.contains("unknown native check"), "{err}");
}
