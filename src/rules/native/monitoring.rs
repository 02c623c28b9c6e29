//! SageMaker model monitoring job definitions (data quality, model quality, model bias, model
//! explainability) and monitoring schedules that define their job inline: whether the job's S3
//! output and its instances' storage volume are encrypted with a KMS key the definition names.
//!
//! This module owns where each format keeps those two keys (the Terraform data quality
//! definition, the four CloudFormation definition types and a schedule's
//! `MonitoringJobDefinition`, the AWS Config items of the four types) and the rule that a
//! volume on an instance type with local NVMe storage needs no key: such instances encrypt it
//! in hardware and SageMaker rejects a `VolumeKmsKeyId` for them, the same judgement as the
//! workflow job checks (`jobs.rs`, whose instance-type table this reuses).
//!
//! One finding per definition: its message names the part (output, volume or both) that has
//! no key. A key that cannot be resolved, or an instance type that is not known or not
//! recognised, leaves that part unknown; unknown never fails the check.

use super::found;
use super::jobs::{storage, Storage};
use crate::model::{lookup, Format, Node, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// Where one resource type keeps the job and its two keys. Paths are relative to the job,
/// which is the resource itself unless `job` names an inline definition inside it.
struct Layout {
    job: Option<&'static str>,
    output_key: &'static str,
    cluster: &'static str,
    volume_key: &'static str,
    instance_type: &'static str,
    /// How the message names the two keys (the format's own spelling).
    output_name: &'static str,
    volume_name: &'static str,
    /// The inline job of a schedule is named as such in the message.
    inline: bool,
}

fn layout(format: Format, resource_type: &str) -> Option<Layout> {
    let definition = |output_key, output_name| Layout {
        job: None,
        output_key,
        cluster: "JobResources.ClusterConfig",
        volume_key: "VolumeKmsKeyId",
        instance_type: "InstanceType",
        output_name,
        volume_name: "JobResources.ClusterConfig.VolumeKmsKeyId",
        inline: false,
    };
    // AWS Config reports these types in CloudFormation's PascalCase; the source lowercases the
    // first letter of every key, and the message keeps the spelling the item shows.
    let recorded = |output_key, output_name| Layout {
        job: None,
        output_key,
        cluster: "jobResources.clusterConfig",
        volume_key: "volumeKmsKeyId",
        instance_type: "instanceType",
        output_name,
        volume_name: "JobResources.ClusterConfig.VolumeKmsKeyId",
        inline: false,
    };
    Some(match (format, resource_type) {
        (Format::Terraform, "aws_sagemaker_data_quality_job_definition") => Layout {
            job: None,
            output_key: "data_quality_job_output_config.kms_key_id",
            cluster: "job_resources.cluster_config",
            volume_key: "volume_kms_key_id",
            instance_type: "instance_type",
            output_name: "data_quality_job_output_config.kms_key_id",
            volume_name: "job_resources.cluster_config.volume_kms_key_id",
            inline: false,
        },
        (Format::CloudFormation, "AWS::SageMaker::DataQualityJobDefinition") => definition(
            "DataQualityJobOutputConfig.KmsKeyId",
            "DataQualityJobOutputConfig.KmsKeyId",
        ),
        (Format::CloudFormation, "AWS::SageMaker::ModelQualityJobDefinition") => definition(
            "ModelQualityJobOutputConfig.KmsKeyId",
            "ModelQualityJobOutputConfig.KmsKeyId",
        ),
        (Format::CloudFormation, "AWS::SageMaker::ModelBiasJobDefinition") => definition(
            "ModelBiasJobOutputConfig.KmsKeyId",
            "ModelBiasJobOutputConfig.KmsKeyId",
        ),
        (Format::CloudFormation, "AWS::SageMaker::ModelExplainabilityJobDefinition") => definition(
            "ModelExplainabilityJobOutputConfig.KmsKeyId",
            "ModelExplainabilityJobOutputConfig.KmsKeyId",
        ),
        (Format::CloudFormation, "AWS::SageMaker::MonitoringSchedule") => Layout {
            job: Some("MonitoringScheduleConfig.MonitoringJobDefinition"),
            output_key: "MonitoringOutputConfig.KmsKeyId",
            cluster: "MonitoringResources.ClusterConfig",
            volume_key: "VolumeKmsKeyId",
            instance_type: "InstanceType",
            output_name: "MonitoringOutputConfig.KmsKeyId",
            volume_name: "MonitoringResources.ClusterConfig.VolumeKmsKeyId",
            inline: true,
        },
        (Format::AwsConfig, "AWS::SageMaker::DataQualityJobDefinition") => recorded(
            "dataQualityJobOutputConfig.kmsKeyId",
            "DataQualityJobOutputConfig.KmsKeyId",
        ),
        (Format::AwsConfig, "AWS::SageMaker::ModelQualityJobDefinition") => recorded(
            "modelQualityJobOutputConfig.kmsKeyId",
            "ModelQualityJobOutputConfig.KmsKeyId",
        ),
        (Format::AwsConfig, "AWS::SageMaker::ModelBiasJobDefinition") => recorded(
            "modelBiasJobOutputConfig.kmsKeyId",
            "ModelBiasJobOutputConfig.KmsKeyId",
        ),
        (Format::AwsConfig, "AWS::SageMaker::ModelExplainabilityJobDefinition") => recorded(
            "modelExplainabilityJobOutputConfig.kmsKeyId",
            "ModelExplainabilityJobOutputConfig.KmsKeyId",
        ),
        _ => return None,
    })
}

/// True when a monitoring job's output or storage volume has no KMS key.
pub fn kms_missing(s: &Subject) -> Outcome {
    let Some(layout) = layout(s.resource.format, &s.resource.resource_type) else {
        return Outcome::new(Tri::False);
    };
    let (job, line): (&Value, Option<u32>) = match layout.job {
        None => (s.value, None),
        Some(path) => {
            let found = lookup(s.value, path);
            match found.nodes.first() {
                // A schedule that only names a definition has no job of its own to judge.
                None if found.unknown => return Outcome::unknown(format!("{path} is not known")),
                None => return Outcome::new(Tri::False),
                Some(Node {
                    value: Value::Unknown(why),
                    ..
                }) => return Outcome::unknown(format!("{path}: {why}")),
                Some(node) => (&node.value, Some(node.line)),
            }
        }
    };
    let output = key(job, layout.output_key);
    let volume = match key(job, &format!("{}.{}", layout.cluster, layout.volume_key)) {
        Part::Missing => volume_by_instance(job, &layout),
        other => other,
    };
    let owner = if layout.inline {
        "the inline monitoring job's"
    } else {
        "the"
    };
    let detail = match (&output, &volume) {
        (Part::Missing, Part::Missing) => Some(format!(
            "neither {owner} output nor its storage volume has a KMS key ({} and {} are not set)",
            layout.output_name, layout.volume_name
        )),
        (Part::Missing, _) => Some(format!(
            "{owner} output has no KMS key ({} is not set)",
            layout.output_name
        )),
        (_, Part::Missing) => Some(format!(
            "{owner} storage volume has no KMS key ({} is not set)",
            layout.volume_name
        )),
        _ => None,
    };
    if let Some(detail) = detail {
        return found(detail, line);
    }
    for part in [output, volume] {
        if let Part::Unknown(why) = part {
            return Outcome::unknown(why);
        }
    }
    Outcome::new(Tri::False)
}

#[derive(Debug, PartialEq)]
enum Part {
    /// A key is named, or none is needed.
    Covered,
    Missing,
    Unknown(String),
}

/// Whether the key at `path` is set. A reference or a partly known string still names a key;
/// an empty string names none.
fn key(job: &Value, path: &str) -> Part {
    let found = lookup(job, path);
    let mut unknown = found.unknown.then(|| format!("{path} is not known"));
    for node in &found.nodes {
        match &node.value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::Unknown(why) => {
                unknown.get_or_insert_with(|| format!("{path}: {why}"));
            }
            _ => return Part::Covered,
        }
    }
    match unknown {
        Some(why) => Part::Unknown(why),
        None => Part::Missing,
    }
}

/// No volume key: fine on instance types with local NVMe storage, missing on EBS-backed
/// ones, unknown when the type is not known or not recognised.
fn volume_by_instance(job: &Value, layout: &Layout) -> Part {
    let path = format!("{}.{}", layout.cluster, layout.instance_type);
    let found = lookup(job, &path);
    let mut unknown = found.unknown;
    let mut ebs = false;
    for node in &found.nodes {
        match &node.value {
            Value::String(name) => match storage(name) {
                Storage::Local => return Part::Covered,
                Storage::Ebs => ebs = true,
                Storage::Unrecognized => unknown = true,
            },
            _ => unknown = true,
        }
    }
    if unknown || !ebs {
        return Part::Unknown(format!(
            "{} is not set and {path} is not known or not recognised",
            layout.volume_name
        ));
    }
    Part::Missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Reference, Resource, ResourceSet};
    use crate::rules::cond::Settings;

    fn resource(format: Format, resource_type: &str, attributes: serde_json::Value) -> Resource {
        Resource {
            format,
            resource_type: resource_type.into(),
            address: "job".into(),
            attributes: Value::from_json(&attributes, 2),
            location: Location {
                file: "main".into(),
                start_line: 1,
                end_line: 40,
            },
            is_data: false,
        }
    }

    fn eval(r: &Resource) -> Outcome {
        let set = ResourceSet::new(vec![r.clone()]);
        let settings = Settings::default();
        let s = Subject {
            resource: r,
            value: &r.attributes,
            set: &set,
            settings: &settings,
        };
        kms_missing(&s)
    }

    fn bias(output: serde_json::Value, cluster: serde_json::Value) -> Resource {
        resource(
            Format::CloudFormation,
            "AWS::SageMaker::ModelBiasJobDefinition",
            serde_json::json!({
                "ModelBiasJobOutputConfig": output,
                "JobResources": {"ClusterConfig": cluster},
            }),
        )
    }

    #[test]
    fn names_the_part_without_a_key() {
        let out = serde_json::json!({"MonitoringOutputs": []});
        let out_key = serde_json::json!({"MonitoringOutputs": [], "KmsKeyId": "alias/ml"});
        let ebs = serde_json::json!({"InstanceType": "ml.m5.xlarge", "InstanceCount": 1});
        let ebs_key = serde_json::json!({"InstanceType": "ml.m5.xlarge", "VolumeKmsKeyId": "k"});

        let o = eval(&bias(out.clone(), ebs.clone()));
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "neither the output nor its storage volume has a KMS key \
             (ModelBiasJobOutputConfig.KmsKeyId and JobResources.ClusterConfig.VolumeKmsKeyId are not set)"
        );
        let o = eval(&bias(out, ebs_key.clone()));
        assert_eq!(
            o.evidence.detail,
            "the output has no KMS key (ModelBiasJobOutputConfig.KmsKeyId is not set)"
        );
        let o = eval(&bias(out_key.clone(), ebs));
        assert_eq!(
            o.evidence.detail,
            "the storage volume has no KMS key (JobResources.ClusterConfig.VolumeKmsKeyId is not set)"
        );
        assert_eq!(eval(&bias(out_key, ebs_key)).truth, Tri::False);
    }

    #[test]
    fn local_storage_needs_no_volume_key_and_unknown_types_stay_unknown() {
        let out_key = serde_json::json!({"KmsKeyId": "alias/ml"});
        let nvme = serde_json::json!({"InstanceType": "ml.g4dn.xlarge"});
        assert_eq!(eval(&bias(out_key.clone(), nvme)).truth, Tri::False);
        let odd = serde_json::json!({"InstanceType": "ml.z9.huge"});
        assert_eq!(eval(&bias(out_key.clone(), odd)).truth, Tri::Unknown);
        let mut r = bias(out_key, serde_json::json!({}));
        // An unresolved instance type (a parameter without a default).
        if let Value::Map(entries) = &mut r.attributes {
            entries.retain(|(k, _)| k != "JobResources");
            entries.push((
                "JobResources".into(),
                Node::new(
                    Value::Map(vec![(
                        "ClusterConfig".into(),
                        Node::new(
                            Value::Map(vec![(
                                "InstanceType".into(),
                                Node::new(Value::unknown("parameter without a default"), 9),
                            )]),
                            8,
                        ),
                    )]),
                    7,
                ),
            ));
        }
        assert_eq!(eval(&r).truth, Tri::Unknown);
    }

    #[test]
    fn a_reference_names_a_key_and_an_empty_string_does_not() {
        let mut r = bias(
            serde_json::json!({"KmsKeyId": ""}),
            serde_json::json!({"InstanceType": "ml.c5.xlarge"}),
        );
        let o = eval(&r);
        assert_eq!(o.truth, Tri::True);
        assert!(o.evidence.detail.starts_with("neither"));
        if let Value::Map(entries) = &mut r.attributes {
            for (k, n) in entries.iter_mut() {
                if k == "JobResources" {
                    n.value = Value::Map(vec![(
                        "ClusterConfig".into(),
                        Node::new(
                            Value::Map(vec![
                                (
                                    "InstanceType".into(),
                                    Node::new(Value::String("ml.c5.xlarge".into()), 4),
                                ),
                                (
                                    "VolumeKmsKeyId".into(),
                                    Node::new(
                                        Value::Ref(Reference {
                                            address: "MlKey".into(),
                                            attribute: "Arn".into(),
                                        }),
                                        5,
                                    ),
                                ),
                            ]),
                            3,
                        ),
                    )]);
                }
            }
        }
        assert_eq!(
            eval(&r).evidence.detail,
            "the output has no KMS key (ModelBiasJobOutputConfig.KmsKeyId is not set)"
        );
    }

    #[test]
    fn a_schedule_is_judged_on_its_inline_job_only() {
        let named = resource(
            Format::CloudFormation,
            "AWS::SageMaker::MonitoringSchedule",
            serde_json::json!({"MonitoringScheduleConfig": {"MonitoringJobDefinitionName": "dq"}}),
        );
        assert_eq!(eval(&named).truth, Tri::False);
        let inline = resource(
            Format::CloudFormation,
            "AWS::SageMaker::MonitoringSchedule",
            serde_json::json!({"MonitoringScheduleConfig": {"MonitoringJobDefinition": {
                "MonitoringOutputConfig": {"KmsKeyId": "alias/ml"},
                "MonitoringResources": {"ClusterConfig": {"InstanceType": "ml.m5.large"}}
            }}}),
        );
        let o = eval(&inline);
        assert_eq!(o.truth, Tri::True);
        assert_eq!(
            o.evidence.detail,
            "the inline monitoring job's storage volume has no KMS key \
             (MonitoringResources.ClusterConfig.VolumeKmsKeyId is not set)"
        );
        assert_eq!(o.evidence.line, Some(2));
    }

    #[test]
    fn terraform_and_config_spellings() {
        let tf = resource(
            Format::Terraform,
            "aws_sagemaker_data_quality_job_definition",
            serde_json::json!({
                "data_quality_job_output_config": [{"kms_key_id": "arn:aws:kms:eu-west-1:1:key/x"}],
                "job_resources": [{"cluster_config": [{"instance_type": "ml.m5.xlarge"}]}],
            }),
        );
        assert_eq!(
            eval(&tf).evidence.detail,
            "the storage volume has no KMS key (job_resources.cluster_config.volume_kms_key_id is not set)"
        );
        let config = resource(
            Format::AwsConfig,
            "AWS::SageMaker::DataQualityJobDefinition",
            serde_json::json!({
                "dataQualityJobOutputConfig": {"monitoringOutputs": []},
                "jobResources": {"clusterConfig": {"instanceType": "ml.m5.xlarge", "volumeKmsKeyId": "k"}},
            }),
        );
        assert_eq!(
            eval(&config).evidence.detail,
            "the output has no KMS key (DataQualityJobOutputConfig.KmsKeyId is not set)"
        );
    }
}
