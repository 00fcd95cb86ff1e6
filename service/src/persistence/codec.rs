//! A secret as one database row holds it: a JSON document of everything the emulator keeps about
//! the secret, values included (binary values in base64). These types are the on-disk format
//! of schema version 1: changing what they write means a new schema version.
//!
//! Encoding destructures every in-memory type completely, so a field added to `Secret` (or to
//! one of its parts) fails to compile here until it is given a place on disk.

use crate::rotation_record::LastRotation;
use crate::secret::{
    AccessDay, CrossAccountLink, Deletion, Replica, Rotation, Secret, SecretValue, Version,
};
use crate::stage_history::StageMove;
use generated::{ExternalSecretRotationMetadataItem, RotationRulesType, StatusType, Tag};
use runtime::{Blob, ModelEnum, Timestamp};
use serde::{Deserialize, Serialize};

/// Why a stored document could not be turned back into a secret.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("not a valid secret document: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown replication status {0:?}")]
    UnknownStatus(String),
}

/// The document stored for `secret` (its name is the row's key, not part of the document).
pub(super) fn encode(secret: &Secret) -> String {
    let document = StoredSecret::from(secret);
    serde_json::to_string(&document).expect("a stored secret always serializes to JSON")
}

/// The secret named `name` that `document` describes.
pub(super) fn decode(name: &str, document: &str) -> Result<Secret, DecodeError> {
    let stored: StoredSecret = serde_json::from_str(document)?;
    stored.into_secret(name.to_owned())
}

type Millis = i64;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSecret {
    arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kms_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret_type: Option<String>,
    /// Absent until tags are first set; an empty list once every tag is removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<StoredPair>>,
    created: Millis,
    /// Absent in files written before creation order was kept: such secrets are numbered as
    /// they load.
    #[serde(default, skip_serializing_if = "is_zero")]
    creation_seq: u64,
    last_changed: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_accessed: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deletion: Option<StoredDeletion>,
    rotation: StoredRotation,
    versions: Vec<StoredVersion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owning_service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    primary_region: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    replicas: Vec<StoredReplica>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cross_account_primary: Option<StoredLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cross_account_replicas: Vec<StoredLink>,
    /// Added within schema version 1: documents written before it have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stage_history: Vec<StoredStageMove>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredStageMove {
    at: Millis,
    stage: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
}

/// A tag, or an item of external rotation metadata: both are an optional key and value.
#[derive(Serialize, Deserialize)]
struct StoredPair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredDeletion {
    deleted_at: Millis,
    purge_at: Millis,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct StoredRotation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lambda_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rules: Option<StoredRules>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_rotated: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_rotation: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    external_metadata: Option<Vec<StoredPair>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    external_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_run: Option<Box<LastRotation>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    automatically_after_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schedule_expression: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredVersion {
    id: String,
    value: StoredValue,
    created: Millis,
    stages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_accessed: Option<Millis>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum StoredValue {
    Text(String),
    /// Base64, as `Blob` serializes.
    Binary(Blob),
    /// A rotation's version the rotation function has not filled yet.
    Awaited,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredReplica {
    region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kms_key_id: Option<String>,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_message: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredLink {
    arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role_arn: Option<String>,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_message: Option<String>,
}

// ----- Encoding ---------------------------------------------------------------------------------

impl From<&Secret> for StoredSecret {
    fn from(secret: &Secret) -> Self {
        let Secret {
            name: _,
            arn,
            description,
            kms_key_id,
            secret_type,
            tags,
            created,
            creation_seq,
            last_changed,
            last_accessed,
            deletion,
            rotation,
            versions,
            policy,
            owning_service,
            primary_region,
            replicas,
            cross_account_primary,
            cross_account_replicas,
            stage_history,
        } = secret;
        Self {
            arn: arn.clone(),
            description: description.clone(),
            kms_key_id: kms_key_id.clone(),
            secret_type: secret_type.clone(),
            tags: tags
                .as_ref()
                .map(|tags| tags.iter().map(StoredPair::from).collect()),
            created: created.epoch_millis(),
            creation_seq: *creation_seq,
            last_changed: last_changed.epoch_millis(),
            last_accessed: day_millis(last_accessed),
            deletion: deletion.map(
                |Deletion {
                     deleted_at,
                     purge_at,
                 }| StoredDeletion {
                    deleted_at: deleted_at.epoch_millis(),
                    purge_at: purge_at.epoch_millis(),
                },
            ),
            rotation: StoredRotation::from(rotation),
            versions: versions.iter().map(StoredVersion::from).collect(),
            policy: policy.clone(),
            owning_service: owning_service.clone(),
            primary_region: primary_region.clone(),
            replicas: replicas.iter().map(StoredReplica::from).collect(),
            cross_account_primary: cross_account_primary.as_ref().map(StoredLink::from),
            cross_account_replicas: cross_account_replicas
                .iter()
                .map(StoredLink::from)
                .collect(),
            stage_history: stage_history
                .moves()
                .map(
                    |StageMove {
                         at,
                         stage,
                         from,
                         to,
                     }| StoredStageMove {
                        at: at.epoch_millis(),
                        stage: stage.clone(),
                        from: from.clone(),
                        to: to.clone(),
                    },
                )
                .collect(),
        }
    }
}

fn day_millis(day: &AccessDay) -> Option<Millis> {
    day.get().map(Timestamp::epoch_millis)
}

impl From<&Tag> for StoredPair {
    fn from(Tag { key, value }: &Tag) -> Self {
        Self {
            key: key.clone(),
            value: value.clone(),
        }
    }
}

impl From<&ExternalSecretRotationMetadataItem> for StoredPair {
    fn from(
        ExternalSecretRotationMetadataItem { key, value }: &ExternalSecretRotationMetadataItem,
    ) -> Self {
        Self {
            key: key.clone(),
            value: value.clone(),
        }
    }
}

impl From<&Rotation> for StoredRotation {
    fn from(rotation: &Rotation) -> Self {
        let Rotation {
            enabled,
            lambda_arn,
            rules,
            last_rotated,
            next_rotation,
            external_metadata,
            external_role_arn,
            last_run,
        } = rotation;
        Self {
            enabled: *enabled,
            lambda_arn: lambda_arn.clone(),
            rules: rules.as_ref().map(
                |RotationRulesType {
                     automatically_after_days,
                     duration,
                     schedule_expression,
                 }| StoredRules {
                    automatically_after_days: *automatically_after_days,
                    duration: duration.clone(),
                    schedule_expression: schedule_expression.clone(),
                },
            ),
            last_rotated: last_rotated.map(Timestamp::epoch_millis),
            next_rotation: next_rotation.map(Timestamp::epoch_millis),
            external_metadata: external_metadata
                .as_ref()
                .map(|items| items.iter().map(StoredPair::from).collect()),
            external_role_arn: external_role_arn.clone(),
            last_run: last_run.clone(),
        }
    }
}

impl From<&Version> for StoredVersion {
    fn from(version: &Version) -> Self {
        let Version {
            id,
            value,
            created,
            stages,
            last_accessed,
        } = version;
        Self {
            id: id.clone(),
            value: match value {
                SecretValue::Text(text) => StoredValue::Text(text.clone()),
                SecretValue::Binary(bytes) => StoredValue::Binary(bytes.clone()),
                SecretValue::Awaited => StoredValue::Awaited,
            },
            created: created.epoch_millis(),
            stages: stages.clone(),
            last_accessed: day_millis(last_accessed),
        }
    }
}

impl From<&Replica> for StoredReplica {
    fn from(replica: &Replica) -> Self {
        let Replica {
            region,
            kms_key_id,
            status,
            status_message,
        } = replica;
        Self {
            region: region.clone(),
            kms_key_id: kms_key_id.clone(),
            status: status.as_str().to_owned(),
            status_message: status_message.clone(),
        }
    }
}

impl From<&CrossAccountLink> for StoredLink {
    fn from(link: &CrossAccountLink) -> Self {
        let CrossAccountLink {
            arn,
            role_arn,
            status,
            status_message,
        } = link;
        Self {
            arn: arn.clone(),
            role_arn: role_arn.clone(),
            status: status.as_str().to_owned(),
            status_message: status_message.clone(),
        }
    }
}

// ----- Decoding ---------------------------------------------------------------------------------

impl StoredSecret {
    fn into_secret(self, name: String) -> Result<Secret, DecodeError> {
        let mut secret = Secret::new(name, self.arn, at(self.created));
        secret.description = self.description;
        secret.kms_key_id = self.kms_key_id;
        secret.secret_type = self.secret_type;
        secret.tags = self
            .tags
            .map(|tags| tags.into_iter().map(StoredPair::into_tag).collect());
        secret.creation_seq = self.creation_seq;
        secret.last_changed = at(self.last_changed);
        secret.last_accessed = access_day(self.last_accessed);
        secret.deletion = self.deletion.map(|deletion| Deletion {
            deleted_at: at(deletion.deleted_at),
            purge_at: at(deletion.purge_at),
        });
        secret.rotation = self.rotation.into_rotation();
        secret.versions = self
            .versions
            .into_iter()
            .map(StoredVersion::into_version)
            .collect();
        secret.policy = self.policy;
        secret.owning_service = self.owning_service;
        secret.primary_region = self.primary_region;
        secret.replicas = self
            .replicas
            .into_iter()
            .map(StoredReplica::into_replica)
            .collect::<Result<_, _>>()?;
        secret.cross_account_primary = self
            .cross_account_primary
            .map(StoredLink::into_link)
            .transpose()?;
        secret.cross_account_replicas = self
            .cross_account_replicas
            .into_iter()
            .map(StoredLink::into_link)
            .collect::<Result<_, _>>()?;
        secret.stage_history = self
            .stage_history
            .into_iter()
            .map(|stored| StageMove {
                at: at(stored.at),
                stage: stored.stage,
                from: stored.from,
                to: stored.to,
            })
            .collect();
        Ok(secret)
    }
}

fn is_zero(number: &u64) -> bool {
    *number == 0
}

fn at(millis: Millis) -> Timestamp {
    Timestamp::from_epoch_millis(millis)
}

fn access_day(millis: Option<Millis>) -> AccessDay {
    let day = AccessDay::never();
    if let Some(millis) = millis {
        day.touch(at(millis));
    }
    day
}

fn status(text: String) -> Result<StatusType, DecodeError> {
    StatusType::from_value(&text).ok_or(DecodeError::UnknownStatus(text))
}

impl StoredPair {
    fn into_tag(self) -> Tag {
        Tag {
            key: self.key,
            value: self.value,
        }
    }

    fn into_metadata_item(self) -> ExternalSecretRotationMetadataItem {
        ExternalSecretRotationMetadataItem {
            key: self.key,
            value: self.value,
        }
    }
}

impl StoredRotation {
    fn into_rotation(self) -> Rotation {
        Rotation {
            enabled: self.enabled,
            lambda_arn: self.lambda_arn,
            rules: self.rules.map(|rules| RotationRulesType {
                automatically_after_days: rules.automatically_after_days,
                duration: rules.duration,
                schedule_expression: rules.schedule_expression,
            }),
            last_rotated: self.last_rotated.map(at),
            next_rotation: self.next_rotation.map(at),
            external_metadata: self.external_metadata.map(|items| {
                items
                    .into_iter()
                    .map(StoredPair::into_metadata_item)
                    .collect()
            }),
            external_role_arn: self.external_role_arn,
            last_run: self.last_run,
        }
    }
}

impl StoredVersion {
    fn into_version(self) -> Version {
        Version {
            id: self.id,
            value: match self.value {
                StoredValue::Text(text) => SecretValue::Text(text),
                StoredValue::Binary(bytes) => SecretValue::Binary(bytes),
                StoredValue::Awaited => SecretValue::Awaited,
            },
            created: at(self.created),
            stages: self.stages,
            last_accessed: access_day(self.last_accessed),
        }
    }
}

impl StoredReplica {
    fn into_replica(self) -> Result<Replica, DecodeError> {
        Ok(Replica {
            region: self.region,
            kms_key_id: self.kms_key_id,
            status: status(self.status)?,
            status_message: self.status_message,
        })
    }
}

impl StoredLink {
    fn into_link(self) -> Result<CrossAccountLink, DecodeError> {
        Ok(CrossAccountLink {
            arn: self.arn,
            role_arn: self.role_arn,
            status: status(self.status)?,
            status_message: self.status_message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rotation_record::{RotationOutcome, StepRecord};
    use crate::secret::AWSCURRENT;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_764_093_600_123);

    /// A secret with something in every field.
    fn full_secret() -> Secret {
        let mut secret = Secret::new(
            "app/db".into(),
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf".into(),
            NOW,
        );
        secret.description = Some("the database".into());
        secret.kms_key_id = Some("alias/mine".into());
        secret.secret_type = Some("custom".into());
        secret.tags = Some(vec![Tag {
            key: Some("team".into()),
            value: Some("core".into()),
        }]);
        secret.last_changed = NOW.plus_millis(5);
        secret.last_accessed.touch(NOW);
        secret.deletion = Some(Deletion {
            deleted_at: NOW.plus_millis(7),
            purge_at: NOW.plus_millis(9),
        });
        secret.rotation = Rotation {
            enabled: Some(true),
            lambda_arn: Some("arn:aws:lambda:us-east-1:000000000000:function:rotate".into()),
            rules: Some(RotationRulesType {
                automatically_after_days: Some(3),
                duration: Some("2h".into()),
                schedule_expression: Some("rate(3 days)".into()),
            }),
            last_rotated: Some(NOW),
            next_rotation: Some(NOW.plus_millis(1)),
            external_metadata: Some(vec![ExternalSecretRotationMetadataItem {
                key: Some("k".into()),
                value: None,
            }]),
            external_role_arn: Some("arn:aws:iam::000000000000:role/r".into()),
            last_run: Some(Box::new(LastRotation {
                version_id: "v3".into(),
                function: "rotate".into(),
                trigger: "schedule".into(),
                started: NOW,
                outcome: RotationOutcome::Failed,
                reason: Some("setSecret failed".into()),
                steps: vec![StepRecord {
                    step: "setSecret".into(),
                    succeeded: false,
                    duration_millis: 12,
                    error: Some("function error (Unhandled)".into()),
                }],
            })),
        };
        secret.add_version("v1".into(), SecretValue::Text("one".into()), vec![], NOW);
        secret.add_version(
            "v3".into(),
            SecretValue::Awaited,
            vec!["AWSPENDING".into()],
            NOW,
        );
        secret.add_version(
            "v2".into(),
            SecretValue::Binary(Blob::new(vec![0, 159, 255])),
            vec![AWSCURRENT.into(), "custom".into()],
            NOW,
        );
        secret.versions[1].last_accessed.touch(NOW);
        secret.policy = Some("{\"Version\":\"2012-10-17\"}".into());
        secret.owning_service = Some("rds".into());
        secret.primary_region = Some("eu-west-1".into());
        secret.replicas = vec![Replica {
            region: "ap-south-1".into(),
            kms_key_id: None,
            status: StatusType::Failed,
            status_message: Some("Replication failed".into()),
        }];
        let link = CrossAccountLink {
            arn: "arn:aws:secretsmanager:us-east-1:111111111111:secret:x-AbCdEf".into(),
            role_arn: Some("arn:aws:iam::111111111111:role/r".into()),
            status: StatusType::Detached,
            status_message: None,
        };
        secret.cross_account_primary = Some(link.clone());
        secret.cross_account_replicas = vec![link];
        secret
    }

    #[test]
    fn every_field_survives_a_round_trip() {
        let secret = full_secret();
        let document = encode(&secret);
        let decoded = decode("app/db", &document).unwrap();
        // Debug shows every field (values redacted), so compare the documents for values too.
        assert_eq!(format!("{decoded:?}"), format!("{secret:?}"));
        assert_eq!(encode(&decoded), document);
    }

    #[test]
    fn unset_tags_and_emptied_tags_stay_distinct() {
        let mut secret = full_secret();
        secret.tags = None;
        assert_eq!(decode("app/db", &encode(&secret)).unwrap().tags, None);
        secret.tags = Some(vec![]);
        assert_eq!(
            decode("app/db", &encode(&secret)).unwrap().tags,
            Some(vec![])
        );
    }

    #[test]
    fn a_damaged_document_is_an_error() {
        assert!(matches!(
            decode("x", "{\"arn\": 5}"),
            Err(DecodeError::Json(_))
        ));
        let document = encode(&full_secret()).replace("\"Failed\"", "\"Lost\"");
        assert!(matches!(
            decode("x", &document),
            Err(DecodeError::UnknownStatus(status)) if status == "Lost"
        ));
    }
}
