//! What the last rotation of a secret did, step by step: kept with the secret's rotation state
//! (and persisted with it) so that the admin API can show why a rotation failed. It holds
//! step names, outcomes, durations and error kinds, never a secret value.

use runtime::Timestamp;
use serde::{Deserialize, Serialize};

/// The last rotation that invoked a rotation function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastRotation {
    /// The version the rotation made (its ClientRequestToken).
    pub version_id: String,
    /// The `RotationLambdaARN` invoked.
    pub function: String,
    /// `RotateSecret`, `RotateSecret (RotateImmediately=false)` or `schedule`.
    pub trigger: String,
    pub started: Timestamp,
    pub outcome: RotationOutcome,
    /// Why it did not succeed, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub steps: Vec<StepRecord>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RotationOutcome {
    /// The steps are running.
    InProgress,
    /// Every step succeeded and AWSCURRENT is on the new version (or, with
    /// RotateImmediately=false, testSecret succeeded).
    Succeeded,
    /// A step failed: AWSPENDING stays on the new version.
    Failed,
    /// Every step succeeded, but finishSecret did not move AWSCURRENT: AWSPENDING stays.
    NotFinished,
}

/// One invocation of the function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    /// createSecret, setSecret, testSecret or finishSecret.
    pub step: String,
    pub succeeded: bool,
    pub duration_millis: u64,
    /// The failure: an error kind, an HTTP status, a timeout; never a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A secret's last rotation, as `GET /_emulator/rotations` lists it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretRotationRecord {
    pub account_id: String,
    pub region: String,
    pub name: String,
    #[serde(rename = "ARN")]
    pub arn: String,
    pub last_rotation: LastRotation,
}

impl crate::Emulator {
    /// The last rotation through a rotation function of every secret that had one, by account,
    /// region and name.
    pub fn last_rotations(&self) -> Vec<SecretRotationRecord> {
        let partitions = self.store.read();
        let mut records: Vec<SecretRotationRecord> = partitions
            .iter()
            .flat_map(|(key, partition)| {
                partition.secrets().filter_map(move |secret| {
                    Some(SecretRotationRecord {
                        account_id: key.account_id.clone(),
                        region: key.region.clone(),
                        name: secret.name.clone(),
                        arn: secret.arn.clone(),
                        last_rotation: secret.rotation.last_run.as_deref().cloned()?,
                    })
                })
            })
            .collect();
        records.sort_by(|a, b| {
            (&a.account_id, &a.region, &a.name).cmp(&(&b.account_id, &b.region, &b.name))
        });
        records
    }
}

/// `GET /_emulator/rotations`: every secret's last rotation, with its steps.
pub async fn list_route(
    axum::extract::State(emulator): axum::extract::State<std::sync::Arc<crate::Emulator>>,
) -> axum::Json<Vec<SecretRotationRecord>> {
    axum::Json(emulator.last_rotations())
}
