//! S3 buckets that hold AI data: training data, model artifacts, data capture, monitoring
//! reports, feature store offline stores, knowledge base sources, invocation logs. A bucket is
//! such a bucket when a SageMaker or Bedrock resource of the same resource set (or a state
//! machine that runs SageMaker or Bedrock tasks) refers to it: by reference in Terraform or
//! CloudFormation (`aws_s3_bucket.x.id`, `!Ref`, `!GetAtt`, `!Sub`), or by its name in a
//! literal `s3://NAME/...` URI, a bucket ARN, or an attribute named after a bucket. AWS Config
//! items have no references, so there the name is all there is.
//!
//! This module owns that scoping, and the three checks of coverage row 37 on such a bucket:
//! default encryption with KMS, Block Public Access, and a bucket policy that refuses requests
//! not sent over TLS. The bucket's settings are read wherever its format keeps them: on the
//! bucket (CloudFormation properties, Config's `supplementaryConfiguration`, Terraform's
//! legacy inline blocks) or on the Terraform resources that configure it
//! (`aws_s3_bucket_server_side_encryption_configuration`, `aws_s3_bucket_public_access_block`,
//! `aws_s3_bucket_policy`, and `AWS::S3::BucketPolicy`), found as referrers of the bucket or by
//! its name.
//!
//! A bucket some AI resource might refer to through a value that is not known (a variable, an
//! `s3://${var.bucket}/` URI) is unknown unless another resource surely refers to it.

use super::found;
use super::policy::{statements, wildcard_match, Effect, Field, Statement, Text};
use crate::model::{lookup, refers_to, Format, Node, Resource, ResourceSet, Segment, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// The names each format gives the bucket and the resources around it.
struct Vocab {
    /// The attribute holding the bucket's name (absent: a generated name).
    name: &'static str,
    /// Resource type prefixes that make a referrer an AI resource.
    ai_prefixes: &'static [&'static str],
    /// State machines, which count when their definition calls SageMaker or Bedrock.
    workflows: &'static [&'static str],
    /// (type, key naming the bucket) of objects in a bucket: an AI resource that refers to
    /// one (`s3://${aws_s3_object.m.bucket}/${aws_s3_object.m.key}`) uses the bucket.
    objects: &'static [(&'static str, &'static str)],
    /// Paths on the bucket to the default encryption algorithm.
    sse_inline: &'static [&'static str],
    /// (type, key naming the bucket, path to the algorithm) of a separate encryption resource.
    sse_resource: Option<(&'static str, &'static str, &'static str)>,
    /// Path on the bucket to its public access block (the four settings inside).
    pab_inline: Option<&'static str>,
    /// (type, key naming the bucket) of a separate public access block resource.
    pab_resource: Option<(&'static str, &'static str)>,
    /// The four settings' names, in the order of [`PAB_LABELS`].
    pab_keys: [&'static str; 4],
    /// The account-level block's type and the path to its four settings ("" = top level).
    account_pab: Option<(&'static str, &'static str)>,
    /// Whether a bucket without a bucket-level block gets the S3 default for new buckets (all
    /// four settings on, since April 2023): true for templates, which create buckets; false
    /// for AWS Config, which records what a bucket has, and records no block when there is
    /// none.
    pab_default_on: bool,
    /// Paths on the bucket to a policy document.
    policy_inline: &'static [&'static str],
    /// (type, key naming the bucket, path to the document) of a separate bucket policy.
    policy_resource: Option<(&'static str, &'static str, &'static str)>,
}

const TERRAFORM: Vocab = Vocab {
    name: "bucket",
    ai_prefixes: &["aws_sagemaker_", "aws_bedrock"],
    workflows: &["aws_sfn_state_machine"],
    objects: &[("aws_s3_object", "bucket"), ("aws_s3_bucket_object", "bucket")],
    sse_inline: &["server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm"],
    sse_resource: Some((
        "aws_s3_bucket_server_side_encryption_configuration",
        "bucket",
        "rule.apply_server_side_encryption_by_default.sse_algorithm",
    )),
    pab_inline: None,
    pab_resource: Some(("aws_s3_bucket_public_access_block", "bucket")),
    pab_keys: [
        "block_public_acls",
        "ignore_public_acls",
        "block_public_policy",
        "restrict_public_buckets",
    ],
    account_pab: Some(("aws_s3_account_public_access_block", "")),
    pab_default_on: true,
    policy_inline: &["policy"],
    policy_resource: Some(("aws_s3_bucket_policy", "bucket", "policy")),
};

const CLOUDFORMATION: Vocab = Vocab {
    name: "BucketName",
    ai_prefixes: &["AWS::SageMaker::", "AWS::Bedrock::"],
    workflows: &[
        "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::StateMachine",
    ],
    objects: &[],
    sse_inline: &[
        "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault.SSEAlgorithm",
    ],
    sse_resource: None,
    pab_inline: Some("PublicAccessBlockConfiguration"),
    pab_resource: None,
    pab_keys: [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ],
    account_pab: None,
    pab_default_on: true,
    policy_inline: &[],
    policy_resource: Some(("AWS::S3::BucketPolicy", "Bucket", "PolicyDocument")),
};

const AWSCONFIG: Vocab = Vocab {
    name: "name",
    ai_prefixes: &["AWS::SageMaker::", "AWS::Bedrock::"],
    workflows: &["AWS::StepFunctions::StateMachine"],
    objects: &[],
    sse_inline: &[
        "supplementaryConfiguration.serverSideEncryptionConfiguration.rules.applyServerSideEncryptionByDefault.sseAlgorithm",
    ],
    sse_resource: None,
    pab_inline: Some("supplementaryConfiguration.publicAccessBlockConfiguration"),
    pab_resource: None,
    pab_keys: [
        "blockPublicAcls",
        "ignorePublicAcls",
        "blockPublicPolicy",
        "restrictPublicBuckets",
    ],
    account_pab: Some(("AWS::S3::AccountPublicAccessBlock", "")),
    pab_default_on: false,
    policy_inline: &["supplementaryConfiguration.bucketPolicy.policyText"],
    policy_resource: None,
};

fn vocab(format: Format) -> Option<&'static Vocab> {
    match format {
        Format::Terraform => Some(&TERRAFORM),
        Format::CloudFormation => Some(&CLOUDFORMATION),
        Format::AwsConfig => Some(&AWSCONFIG),
        Format::Aiposture => None,
    }
}

/// AWS Config types the checks read besides the bucket, so a live audit fetches them: the AI
/// resources that may name a bucket, and the account-level public access block.
pub const CONTEXT_TYPES: &[&str] = &[
    "AWS::S3::AccountPublicAccessBlock",
    "AWS::SageMaker::DataQualityJobDefinition",
    "AWS::SageMaker::Domain",
    "AWS::SageMaker::EndpointConfig",
    "AWS::SageMaker::FeatureGroup",
    "AWS::SageMaker::Model",
    "AWS::SageMaker::ModelQualityJobDefinition",
    "AWS::StepFunctions::StateMachine",
];

// ---------------------------------------------------------------------------------------------
// Which buckets hold AI data

/// The bucket's name as far as it is known.
enum Name {
    Known(String),
    /// Not set: S3 gets a generated name no template spells out.
    Generated,
    Unknown,
}

fn bucket_name(bucket: &Resource, v: &Vocab) -> Name {
    match bucket.attr(v.name).map(|n| &n.value) {
        Some(Value::String(s)) if !s.is_empty() => Name::Known(s.clone()),
        None | Some(Value::Null) if bucket.format == Format::AwsConfig => {
            // The item's ARN is `arn:aws:s3:::NAME`.
            match bucket.address.split_once(":::") {
                Some((_, name)) if !name.is_empty() && !name.contains('/') => {
                    Name::Known(name.to_string())
                }
                _ => Name::Unknown,
            }
        }
        None | Some(Value::Null) => Name::Generated,
        Some(_) => Name::Unknown,
    }
}

/// Who uses a bucket for AI data.
struct Scope {
    /// Addresses of the AI resources that surely refer to it.
    users: Vec<String>,
    /// Why it might be used though no resource surely refers to it.
    maybe: Option<String>,
}

/// The AI resources of a set (by type, so a template of many buckets stays linear).
fn ai_resources<'a>(set: &'a ResourceSet, v: &'a Vocab) -> impl Iterator<Item = &'a Resource> + 'a {
    let mut types: Vec<&str> = set
        .types()
        .filter(|t| v.ai_prefixes.iter().any(|p| t.starts_with(p)) || v.workflows.contains(t))
        .collect();
    // Sorted, so which resource an unknown result names does not depend on hashing.
    types.sort_unstable();
    types
        .into_iter()
        .flat_map(move |t| set.of_type(t))
        .filter(move |r| is_ai(r, v))
}

fn is_ai(r: &Resource, v: &Vocab) -> bool {
    if v.ai_prefixes.iter().any(|p| r.resource_type.starts_with(p)) {
        return true;
    }
    v.workflows.contains(&r.resource_type.as_str()) && calls_ai_service(&r.attributes)
}

/// Whether a state machine definition has tasks calling SageMaker or Bedrock (optimized or
/// AWS SDK integrations).
fn calls_ai_service(v: &Value) -> bool {
    let mut found = false;
    strings(v, &mut |text| {
        found |= [
            ":states:::sagemaker:",
            ":states:::aws-sdk:sagemaker:",
            ":states:::bedrock:",
            ":states:::aws-sdk:bedrock",
        ]
        .iter()
        .any(|p| text.contains(p));
    });
    found
}

/// Calls `f` with every literal text inside a value: strings and the literal pieces of
/// partial strings.
fn strings(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Partial(segs) => {
            for s in segs {
                if let Segment::Lit(l) = s {
                    f(l);
                }
            }
        }
        Value::List(items) => items.iter().for_each(|n| strings(&n.value, f)),
        Value::Map(entries) => entries.iter().for_each(|(_, n)| strings(&n.value, f)),
        _ => {}
    }
}

/// The bucket a literal S3 location names: `s3://NAME/key`, `arn:aws:s3:::NAME/key`.
fn named_bucket(text: &str) -> Option<&str> {
    let rest = if let Some(i) = text.find("s3://") {
        &text[i + "s3://".len()..]
    } else if let Some(i) = text.find(":s3:::") {
        &text[i + ":s3:::".len()..]
    } else {
        return None;
    };
    let end = rest
        .find(|c: char| c == '/' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    (!name.is_empty()).then_some(name)
}

/// Keys whose values hold S3 locations or bucket names.
fn location_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["s3", "uri", "url", "bucket", "location", "path"]
        .iter()
        .any(|w| k.contains(w))
}

/// What the AI resource `r` says about the bucket named `name` (`None` when the name is not
/// known): whether it names it, and whether it has a location that might be it.
fn mentions(v: &Value, key: &str, name: Option<&str>, out: &mut (bool, bool)) {
    match v {
        Value::String(s) => {
            if let Some(name) = name {
                if named_bucket(s) == Some(name)
                    || (key.to_ascii_lowercase().contains("bucket") && s == name)
                {
                    out.0 = true;
                }
            } else if named_bucket(s).is_some() || key.to_ascii_lowercase().contains("bucket") {
                out.1 = true;
            }
        }
        Value::Partial(segs) => {
            let text: String = segs
                .iter()
                .map(|s| match s {
                    Segment::Lit(l) => l.as_str(),
                    Segment::Ref(_) => "\u{1}",
                    Segment::Unknown => "\u{2}",
                })
                .collect();
            match (named_bucket(&text), name) {
                (Some(b), Some(name)) if b == name => out.0 = true,
                // `s3://${var.bucket}/...`: might be any bucket.
                (Some(b), _) if b.contains('\u{2}') => out.1 = true,
                (Some(b), None) if !b.contains('\u{1}') => out.1 = true,
                _ => {}
            }
        }
        Value::Unknown(_) if location_key(key) => out.1 = true,
        Value::List(items) => items
            .iter()
            .for_each(|n| mentions(&n.value, key, name, out)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|(k, n)| mentions(&n.value, k, name, out)),
        _ => {}
    }
}

fn scope(bucket: &Resource, set: &ResourceSet, v: &Vocab) -> Scope {
    let mut users: Vec<String> = Vec::new();
    for (r, key) in set.referrers(&bucket.address) {
        if is_ai(r, v) {
            users.push(r.address.clone());
        } else if v.objects.contains(&(r.resource_type.as_str(), key)) {
            users.extend(
                set.referrers(&r.address)
                    .filter(|(user, _)| is_ai(user, v))
                    .map(|(user, _)| user.address.clone()),
            );
        }
    }
    let name = bucket_name(bucket, v);
    let mut maybe = None;
    if !matches!(name, Name::Generated) {
        let known = match &name {
            Name::Known(n) => Some(n.as_str()),
            _ => None,
        };
        for r in ai_resources(set, v) {
            if users.contains(&r.address) {
                continue;
            }
            let mut seen = (false, false);
            mentions(&r.attributes, "", known, &mut seen);
            if seen.0 {
                users.push(r.address.clone());
            } else if seen.1 && maybe.is_none() {
                maybe = Some(format!(
                    "{} has an S3 location that is not known and might be this bucket",
                    r.address
                ));
            }
        }
    }
    users.sort();
    users.dedup();
    Scope { users, maybe }
}

/// "holds AI data for aws_sagemaker_model.llm and 2 more".
fn used_by(users: &[String]) -> String {
    match users {
        [] => String::new(),
        [one] => format!("AI data bucket used by {one}"),
        [one, rest @ ..] => format!("AI data bucket used by {one} and {} more", rest.len()),
    }
}

/// Runs a check on a bucket that holds AI data; buckets that surely do not are passed, and
/// those that might are unknown.
fn on_ai_bucket(s: &Subject, check: fn(&Subject, &Vocab) -> Outcome) -> Outcome {
    let Some(v) = vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no S3 buckets");
    };
    let scope = scope(s.resource, s.set, v);
    if scope.users.is_empty() {
        return match scope.maybe {
            Some(why) => {
                // Only worth saying when the bucket would fail.
                let o = check(s, v);
                if o.truth == Tri::False {
                    o
                } else {
                    Outcome::unknown(why)
                }
            }
            None => Outcome::new(Tri::False),
        };
    }
    let mut o = check(s, v);
    if o.truth == Tri::True {
        o.evidence.detail = format!("{}; {}", o.evidence.detail, used_by(&scope.users));
    }
    o
}

// ---------------------------------------------------------------------------------------------
// Settings kept on the bucket or on resources that name it

/// Resources of `rtype` whose `key` names the bucket, by reference or by its known name; the
/// flag says some other resource of that type might name it (its `key` is not known).
fn companions<'a>(
    bucket: &Resource,
    set: &'a ResourceSet,
    rtype: &'a str,
    key: &str,
    v: &Vocab,
) -> (Vec<&'a Resource>, bool) {
    let name = match bucket_name(bucket, v) {
        Name::Known(n) => Some(n),
        _ => None,
    };
    let mut out = Vec::new();
    let mut maybe = false;
    for r in set.of_type(rtype) {
        let Some(node) = r.attr(key) else { continue };
        let mut refs = Vec::new();
        node.value.references(&mut refs);
        if refs.iter().any(|x| refers_to(&x.address, &bucket.address)) {
            out.push(r);
            continue;
        }
        match &node.value {
            Value::String(s) if name.as_deref() == Some(s.as_str()) => out.push(r),
            Value::String(_) | Value::Ref(_) => {}
            // A name computed from other resources' attributes names one of them.
            Value::Partial(_) if !node.value.has_unknown() => {}
            _ => maybe = true,
        }
    }
    (out, maybe)
}

/// The line to point at for a setting kept on `holder`: its own line when the holder is the
/// bucket or sits in the bucket's file, else the bucket's first line.
fn line_in(bucket: &Resource, holder: &Resource, line: u32) -> Option<u32> {
    (holder.location.file == bucket.location.file).then_some(line)
}

// ---------------------------------------------------------------------------------------------
// AIP-S3-001: default encryption without KMS

const KMS_ALGORITHMS: [&str; 2] = ["aws:kms", "aws:kms:dsse"];

pub fn kms_missing(s: &Subject) -> Outcome {
    on_ai_bucket(s, kms_check)
}

fn kms_check(s: &Subject, v: &Vocab) -> Outcome {
    let bucket = s.resource;
    // (holder, node) of each default encryption algorithm that applies to the bucket.
    let mut algorithms: Vec<(&Resource, &Node)> = Vec::new();
    let mut unknown = None;
    for path in v.sse_inline {
        let found = lookup(s.value, path);
        if found.unknown {
            unknown = Some("the bucket's default encryption is not known".to_string());
        }
        algorithms.extend(found.nodes.into_iter().map(|n| (bucket, n)));
    }
    if let Some((rtype, key, path)) = v.sse_resource {
        let (configs, maybe) = companions(bucket, s.set, rtype, key, v);
        if maybe {
            unknown = Some(format!(
                "whether a {rtype} configures this bucket is not known"
            ));
        }
        for c in configs {
            let found = lookup(&c.attributes, path);
            if found.unknown || found.nodes.is_empty() {
                unknown = Some(format!(
                    "the default encryption of {} is not known",
                    c.address
                ));
            }
            algorithms.extend(found.nodes.into_iter().map(|n| (c, n)));
        }
    }
    let mut weak: Option<(String, Option<u32>)> = None;
    for (holder, node) in &algorithms {
        match &node.value {
            Value::String(a) if KMS_ALGORITHMS.contains(&a.as_str()) => {
                return Outcome::new(Tri::False);
            }
            Value::String(a) => {
                weak.get_or_insert((
                    format!("default encryption is {a}, not SSE-KMS"),
                    line_in(bucket, holder, node.line),
                ));
            }
            _ => unknown = Some("the default encryption algorithm is not known".to_string()),
        }
    }
    if let Some(why) = unknown {
        return Outcome::unknown(why);
    }
    let (detail, line) = weak.unwrap_or_else(|| {
        (
            "no default encryption is configured, so S3 uses SSE-S3 (AES256), not SSE-KMS"
                .to_string(),
            None,
        )
    });
    found(detail, line)
}

// ---------------------------------------------------------------------------------------------
// AIP-S3-002: Block Public Access not fully on

/// How S3 names the four settings (the API's names) in messages.
const PAB_LABELS: [&str; 4] = [
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
];

/// One of the four settings of a block.
#[derive(Clone, Copy, PartialEq)]
enum Setting {
    On,
    /// Off, with the line that says so (absent inside a block means false).
    Off(Option<u32>),
    Unknown,
}

/// The four settings of a block held in `value` (absent ones are false, as in
/// `PutPublicAccessBlock`).
fn block_settings(value: &Value, keys: &[&str; 4], line: u32) -> [Setting; 4] {
    keys.map(|k| match value.get(k).map(|n| (&n.value, n.line)) {
        None | Some((Value::Null, _)) => Setting::Off(Some(line)),
        Some((Value::Bool(true), _)) => Setting::On,
        Some((Value::String(t), _)) if t == "true" => Setting::On,
        Some((Value::Bool(false), l)) => Setting::Off(Some(l)),
        Some((Value::String(t), l)) if t == "false" => Setting::Off(Some(l)),
        _ => Setting::Unknown,
    })
}

pub fn public_access_unblocked(s: &Subject) -> Outcome {
    on_ai_bucket(s, public_access_check)
}

fn public_access_check(s: &Subject, v: &Vocab) -> Outcome {
    let bucket = s.resource;
    let mut blocks: Vec<(&Resource, [Setting; 4])> = Vec::new();
    let mut unknown = None;
    if let Some(path) = v.pab_inline {
        let found = lookup(s.value, path);
        if found.unknown {
            unknown = Some("the bucket's public access block is not known".to_string());
        }
        for n in found.nodes {
            match &n.value {
                Value::Map(_) => {
                    blocks.push((bucket, block_settings(&n.value, &v.pab_keys, n.line)))
                }
                Value::Null => {}
                _ => unknown = Some("the bucket's public access block is not known".to_string()),
            }
        }
    }
    if let Some((rtype, key)) = v.pab_resource {
        let (found, maybe) = companions(bucket, s.set, rtype, key, v);
        if maybe {
            unknown = Some(format!(
                "whether a {rtype} applies to this bucket is not known"
            ));
        }
        for r in found {
            blocks.push((
                r,
                block_settings(&r.attributes, &v.pab_keys, r.location.start_line),
            ));
        }
    }
    // The bucket's own settings: the block's (several blocks: the strictest), else the default.
    let mut own = [Setting::Unknown; 4];
    if blocks.is_empty() {
        own = if v.pab_default_on {
            [Setting::On; 4]
        } else {
            [Setting::Off(None); 4]
        };
    } else {
        for (i, slot) in own.iter_mut().enumerate() {
            let values: Vec<(Setting, &Resource)> = blocks
                .iter()
                .filter_map(|(r, b)| b.get(i).map(|x| (*x, *r)))
                .collect();
            *slot = if values.iter().any(|(x, _)| *x == Setting::On) {
                Setting::On
            } else if values.iter().any(|(x, _)| *x == Setting::Unknown) {
                Setting::Unknown
            } else {
                values
                    .first()
                    .map(|(x, r)| match x {
                        Setting::Off(Some(l)) => Setting::Off(line_in(bucket, r, *l)),
                        other => *other,
                    })
                    .unwrap_or(Setting::Off(None))
            };
        }
    }
    // The account-level block turns settings on for every bucket of the account.
    let mut account = [Setting::Off(None); 4];
    if let Some((atype, path)) = v.account_pab {
        for a in s.set.of_type(atype) {
            let value = if path.is_empty() {
                &a.attributes
            } else {
                match lookup(&a.attributes, path).nodes.first() {
                    Some(n) => &n.value,
                    None => continue,
                }
            };
            let settings = block_settings(value, &v.pab_keys, a.location.start_line);
            for (slot, x) in account.iter_mut().zip(settings) {
                match (*slot, x) {
                    (_, Setting::On) => *slot = Setting::On,
                    (Setting::Off(_), Setting::Unknown) => *slot = Setting::Unknown,
                    _ => {}
                }
            }
        }
    }
    let mut off = Vec::new();
    let mut line = None;
    for (i, label) in PAB_LABELS.iter().enumerate() {
        match (own.get(i), account.get(i)) {
            (Some(Setting::On), _) | (_, Some(Setting::On)) => {}
            (Some(Setting::Unknown), _) | (_, Some(Setting::Unknown)) => {
                unknown.get_or_insert(format!("{label} is not known"));
            }
            (Some(Setting::Off(l)), _) => {
                off.push(*label);
                line = line.or(*l);
            }
            _ => {}
        }
    }
    if off.is_empty() {
        return match unknown {
            Some(why) => Outcome::unknown(why),
            None => Outcome::new(Tri::False),
        };
    }
    if let Some(why) = unknown {
        return Outcome::unknown(why);
    }
    let detail = if blocks.is_empty() {
        "no public access block applies to the bucket or the account".to_string()
    } else {
        format!("public access block leaves {} off", off.join(", "))
    };
    found(detail, line)
}

// ---------------------------------------------------------------------------------------------
// AIP-S3-003: no bucket policy refusing requests without TLS

pub fn tls_not_enforced(s: &Subject) -> Outcome {
    on_ai_bucket(s, tls_check)
}

/// Whether a statement denies object reads and writes to everyone when the request is not
/// sent over TLS (`"Bool": {"aws:SecureTransport": "false"}`).
fn denies_plain_http(st: &Statement) -> Option<bool> {
    match st.effect {
        Effect::Deny => {}
        Effect::Allow => return Some(false),
        Effect::Unknown => return None,
    }
    let covers = |action: &str| -> Option<bool> {
        match &st.actions {
            Field::Known(items) => {
                let mut maybe = false;
                for t in items {
                    match t {
                        Text::Lit(p) if wildcard_match(p, action) => return Some(true),
                        Text::Lit(_) => {}
                        _ => maybe = true,
                    }
                }
                (!maybe).then_some(false)
            }
            Field::Absent => Some(false),
            Field::Unknown => None,
        }
    };
    let actions = match (covers("s3:GetObject"), covers("s3:PutObject")) {
        (Some(true), Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        _ => None,
    };
    // Objects: `*`, `arn:...:s3:::NAME/*` or `.../*`-like patterns; a computed ARN is the
    // bucket's own (a bucket policy can only name its bucket) and is taken as covering them.
    let objects = match &st.resources {
        Field::Known(items) => {
            let mut maybe = false;
            let mut hit = false;
            for t in items {
                match t {
                    Text::Lit(r) if r.ends_with('*') => hit = true,
                    Text::Lit(_) => {}
                    Text::Opaque => hit = true,
                    Text::Unknown => maybe = true,
                }
            }
            if hit {
                Some(true)
            } else if maybe {
                None
            } else {
                Some(false)
            }
        }
        Field::Absent => Some(false),
        Field::Unknown => None,
    };
    let condition = match &st.conditions {
        Some(entries) => {
            let mut maybe = false;
            let mut hit = false;
            for e in entries {
                let op = e.operator.to_ascii_lowercase();
                if (op == "bool" || op == "boolifexists")
                    && e.key.eq_ignore_ascii_case("aws:SecureTransport")
                {
                    match &e.values {
                        Field::Known(values) => {
                            for val in values {
                                match val {
                                    Text::Lit(x) if x.eq_ignore_ascii_case("false") => hit = true,
                                    Text::Lit(_) => {}
                                    _ => maybe = true,
                                }
                            }
                        }
                        Field::Absent => {}
                        Field::Unknown => maybe = true,
                    }
                }
            }
            if hit {
                Some(true)
            } else if maybe {
                None
            } else {
                Some(false)
            }
        }
        None if st.has_condition => None,
        None => Some(false),
    };
    let parts = [actions, objects, condition, st.everyone()];
    if parts.contains(&Some(false)) {
        Some(false)
    } else if parts.contains(&None) {
        None
    } else {
        Some(true)
    }
}

fn tls_check(s: &Subject, v: &Vocab) -> Outcome {
    let bucket = s.resource;
    let mut documents: Vec<(&Resource, &Node)> = Vec::new();
    let mut unknown = None;
    for path in v.policy_inline {
        let found = lookup(s.value, path);
        if found.unknown {
            unknown = Some("the bucket policy is not known".to_string());
        }
        documents.extend(
            found
                .nodes
                .into_iter()
                .filter(|n| !matches!(n.value, Value::Null))
                .map(|n| (bucket, n)),
        );
    }
    if let Some((rtype, key, path)) = v.policy_resource {
        let (policies, maybe) = companions(bucket, s.set, rtype, key, v);
        if maybe {
            unknown = Some(format!(
                "whether a {rtype} applies to this bucket is not known"
            ));
        }
        for p in policies {
            let found = lookup(&p.attributes, path);
            if found.unknown || found.nodes.is_empty() {
                unknown = Some(format!("the policy of {} is not known", p.address));
            }
            documents.extend(found.nodes.into_iter().map(|n| (p, n)));
        }
    }
    let mut line = None;
    for (holder, node) in &documents {
        let Some(stmts) = statements(&node.value, node.line, s.set) else {
            unknown = Some(format!(
                "the policy document of {} is not known",
                holder.address
            ));
            continue;
        };
        for st in &stmts {
            match denies_plain_http(st) {
                Some(true) => return Outcome::new(Tri::False),
                Some(false) => {}
                None => unknown = Some("a bucket policy statement is not known".to_string()),
            }
        }
        line = line.or(line_in(bucket, holder, node.line));
    }
    if let Some(why) = unknown {
        return Outcome::unknown(why);
    }
    let detail = if documents.is_empty() {
        "no bucket policy denies requests without TLS (aws:SecureTransport false)"
    } else {
        "the bucket policy does not deny object requests without TLS (aws:SecureTransport false)"
    };
    found(detail.to_string(), line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_in_locations() {
        assert_eq!(named_bucket("s3://models/llm/model.tar.gz"), Some("models"));
        assert_eq!(named_bucket("s3://models"), Some("models"));
        assert_eq!(named_bucket("arn:aws:s3:::kb-docs"), Some("kb-docs"));
        assert_eq!(named_bucket("arn:aws-cn:s3:::kb-docs/*"), Some("kb-docs"));
        assert_eq!(named_bucket("https://example.com/x"), None);
        assert_eq!(named_bucket("s3://"), None);
    }

    #[test]
    fn unknown_locations_might_be_any_bucket() {
        let mut seen = (false, false);
        let v = Value::Partial(vec![
            Segment::Lit("s3://".into()),
            Segment::Unknown,
            Segment::Lit("/models".into()),
        ]);
        mentions(&v, "model_data_url", Some("models"), &mut seen);
        assert_eq!(seen, (false, true));
        let mut seen = (false, false);
        mentions(
            &Value::unknown("var.url"),
            "model_data_url",
            Some("models"),
            &mut seen,
        );
        assert_eq!(seen, (false, true));
        let mut seen = (false, false);
        mentions(
            &Value::unknown("var.tags"),
            "tags",
            Some("models"),
            &mut seen,
        );
        assert_eq!(seen, (false, false));
        let mut seen = (false, false);
        mentions(
            &Value::String("s3://models/x".into()),
            "s3_uri",
            Some("models"),
            &mut seen,
        );
        assert_eq!(seen, (true, false));
    }

    #[test]
    fn plain_http_deny() {
        let doc = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",
            "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let stmts = statements(&Value::String(doc.into()), 1, &ResourceSet::new(Vec::new()))
            .unwrap_or_default();
        assert_eq!(stmts.first().and_then(denies_plain_http), Some(true));
        let narrow = doc.replace(
            "\"Principal\":\"*\"",
            "\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"}",
        );
        let stmts = statements(&Value::String(narrow), 1, &ResourceSet::new(Vec::new()))
            .unwrap_or_default();
        assert_eq!(stmts.first().and_then(denies_plain_http), Some(false));
        let bucket_only = doc.replace(",\"arn:aws:s3:::b/*\"", "");
        let stmts = statements(
            &Value::String(bucket_only),
            1,
            &ResourceSet::new(Vec::new()),
        )
        .unwrap_or_default();
        assert_eq!(stmts.first().and_then(denies_plain_http), Some(false));
    }
}
