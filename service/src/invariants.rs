//! The rules the store and the responses must obey whatever the input: the property test, the
//! fuzz target and the concurrency test check them after driving the emulator.

use crate::arn::SecretArn;
use crate::secret::{AWSCURRENT, Secret, SecretValue};
use crate::state::Emulator;
use crate::store::PartitionKey;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

impl Emulator {
    /// Runs one request through the generated dispatch path (decoding, validation, the
    /// operation, encoding) as `account_id` in `region`, answering the status and the body: what
    /// the property test and the fuzz target drive.
    pub async fn dispatch_raw(
        &self,
        operation: generated::Operation,
        account_id: &str,
        region: &str,
        body: &[u8],
    ) -> (u16, Vec<u8>) {
        let context = runtime::RequestContext::new("dispatch-raw", region, account_id);
        let response = generated::dispatch(self, operation, context, body).await;
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map(|bytes| bytes.to_vec())
            .unwrap_or_default();
        (status, body)
    }

    /// Checks every invariant of the stored data and describes the first one broken:
    /// - a secret with any version has exactly one AWSCURRENT version;
    /// - a staging label is on at most one version of a secret, and version ids are unique;
    /// - a secret is stored under its own name, in the partition its ARN names;
    /// - no two secrets anywhere share an ARN;
    /// - the name and CreatedDate indexes list exactly the stored secrets.
    pub fn check_invariants(&self) -> Result<(), String> {
        let partitions = self.store.read();
        let mut owner_of_arn: HashMap<&str, (&PartitionKey, &str)> = HashMap::new();
        for (key, partition) in partitions.iter() {
            if !partition.indexes_are_consistent() {
                return Err(format!("the indexes of {key:?} are out of step"));
            }
            for secret in partition.secrets() {
                check_secret(key, secret)?;
                if let Some((other_key, other_name)) =
                    owner_of_arn.insert(&secret.arn, (key, &secret.name))
                {
                    return Err(format!(
                        "ARN {} belongs to both {other_name} in {other_key:?} and {} in {key:?}",
                        secret.arn, secret.name
                    ));
                }
            }
        }
        Ok(())
    }

    /// Everything stored that a client could observe now, as text: for tests that check a
    /// rejected request left the store as it was. Values appear as digests, never as text;
    /// secrets past their recovery window are left out (they are gone, purged or not).
    pub fn observable_state(&self) -> String {
        let now = self.clock.now();
        let partitions = self.store.read();
        let mut keys: Vec<&PartitionKey> = partitions.iter().map(|(key, _)| key).collect();
        keys.sort();
        let mut state = String::new();
        for key in keys {
            let Some(partition) = partitions.get(key) else {
                continue;
            };
            for secret in partition.secrets_at(now) {
                let digests: Vec<u64> = secret
                    .versions
                    .iter()
                    .map(|version| value_digest(&version.value))
                    .collect();
                state.push_str(&format!("{key:?} {secret:?} values {digests:?}\n"));
            }
        }
        state
    }
}

fn value_digest(value: &SecretValue) -> u64 {
    let mut hasher = DefaultHasher::new();
    match value {
        SecretValue::Text(text) => (0u8, text.as_bytes()).hash(&mut hasher),
        SecretValue::Binary(blob) => (1u8, blob.as_bytes()).hash(&mut hasher),
        SecretValue::Awaited => 2u8.hash(&mut hasher),
    }
    hasher.finish()
}

/// Checks that a response is one a client may get: a success (HTTP 200 with an empty body, as
/// for TagResource, or a JSON object) or an AWS-shaped client error (HTTP 400 with a JSON object
/// whose `__type` is a non-empty string and whose `Message`, if any, is a string).
pub fn check_response(status: u16, body: &[u8]) -> Result<(), String> {
    let shown = || {
        String::from_utf8_lossy(body)
            .chars()
            .take(300)
            .collect::<String>()
    };
    if status == 200 && body.is_empty() {
        return Ok(());
    }
    let Ok(serde_json::Value::Object(members)) = serde_json::from_slice(body) else {
        return Err(format!("HTTP {status} without a JSON object: {}", shown()));
    };
    match status {
        200 => Ok(()),
        400 => {
            let has_type = members
                .get("__type")
                .and_then(|value| value.as_str())
                .is_some_and(|type_name| !type_name.is_empty());
            let message_is_text = members.get("Message").is_none_or(|value| value.is_string());
            if has_type && message_is_text {
                Ok(())
            } else {
                Err(format!("HTTP 400 without an AWS error shape: {}", shown()))
            }
        }
        _ => Err(format!("HTTP {status}: {}", shown())),
    }
}

fn check_secret(key: &PartitionKey, secret: &Secret) -> Result<(), String> {
    let name = &secret.name;
    let arn_matches_partition = SecretArn::parse(&secret.arn).is_some_and(|arn| {
        arn.region == key.region
            && arn.account_id == key.account_id
            && arn
                .resource
                .strip_prefix(name.as_str())
                .is_some_and(|suffix| suffix.len() == 7 && suffix.starts_with('-'))
    });
    if !arn_matches_partition {
        return Err(format!(
            "secret {name} in {key:?} has the ARN {}",
            secret.arn
        ));
    }
    let mut version_ids = BTreeSet::new();
    let mut labelled = BTreeSet::new();
    for version in &secret.versions {
        if !version_ids.insert(version.id.as_str()) {
            return Err(format!("secret {name} has two versions {}", version.id));
        }
        for stage in &version.stages {
            if !labelled.insert(stage.as_str()) {
                return Err(format!(
                    "secret {name}: label {stage} is on more than one version"
                ));
            }
        }
    }
    if !secret.versions.is_empty() && !labelled.contains(AWSCURRENT) {
        return Err(format!(
            "secret {name} has {} versions and none is AWSCURRENT",
            secret.versions.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use runtime::Timestamp;

    const NOW: Timestamp = Timestamp::from_epoch_millis(0);

    fn key() -> PartitionKey {
        PartitionKey::new("000000000000", "us-east-1")
    }

    fn secret(name: &str) -> Secret {
        let arn = format!("arn:aws:secretsmanager:us-east-1:000000000000:secret:{name}-AbCdEf");
        Secret::new(name.to_owned(), arn, NOW)
    }

    fn value() -> SecretValue {
        SecretValue::Text("v".to_owned())
    }

    #[test]
    fn a_secret_built_by_the_stage_rules_is_consistent() {
        let mut secret = secret("app/db");
        secret.add_version("v1".into(), value(), vec![AWSCURRENT.into()], NOW);
        secret.add_version("v2".into(), value(), vec![AWSCURRENT.into()], NOW);
        assert_eq!(check_secret(&key(), &secret), Ok(()));
        assert_eq!(check_secret(&key(), &self::secret("empty")), Ok(()));
    }

    #[test]
    fn reports_a_label_on_two_versions_and_a_missing_current() {
        let mut secret = secret("s");
        secret.add_version("v1".into(), value(), vec!["custom".into()], NOW);
        assert!(
            check_secret(&key(), &secret)
                .unwrap_err()
                .contains("none is AWSCURRENT")
        );
        secret.add_version("v2".into(), value(), vec![AWSCURRENT.into()], NOW);
        secret.versions[0].stages.push(AWSCURRENT.into());
        assert!(
            check_secret(&key(), &secret)
                .unwrap_err()
                .contains("label AWSCURRENT is on more than one version")
        );
    }

    #[test]
    fn accepts_successes_and_aws_errors_only() {
        assert_eq!(check_response(200, b""), Ok(()));
        assert_eq!(check_response(200, br#"{"Name":"x"}"#), Ok(()));
        let error = br#"{"__type":"ValidationException","Message":"m"}"#;
        assert_eq!(check_response(400, error), Ok(()));
        assert!(check_response(500, error).is_err());
        assert!(check_response(400, br#"{"Message":"m"}"#).is_err());
        assert!(check_response(400, br#"{"__type":"X","Message":5}"#).is_err());
        assert!(check_response(200, b"[]").is_err());
        assert!(check_response(400, b"oops").is_err());
    }

    #[test]
    fn reports_an_arn_of_another_partition_or_name() {
        let secret = secret("s");
        let other_region = PartitionKey::new("000000000000", "eu-west-1");
        assert!(check_secret(&other_region, &secret).is_err());
        let mut renamed = secret.clone();
        renamed.name = "t".to_owned();
        assert!(check_secret(&key(), &renamed).is_err());
    }
}
