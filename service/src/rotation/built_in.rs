//! Rotation without a rotation function (no `--lambda-endpoint`): as the original spec does, the
//! emulator makes the new value itself and stores it as a new AWSCURRENT version (passing through
//! AWSPENDING, which it leaves on no version, as a finished AWS rotation does). Unlike AWS, a
//! rotation then works without a `RotationLambdaARN`; one given is stored and shown. The new
//! value keeps the shape of the old: a JSON object gets a new `password` field (if it has one),
//! anything else becomes a new random password of 32 characters.

use super::{RotationPlan, due_secrets, reschedule};
use crate::change::change_stored;
use crate::password::{self, PasswordRules};
use crate::secret::{AWSCURRENT, AWSPENDING, Secret, SecretValue};
use crate::state::Emulator;
use crate::store::Partitions;
use generated::RotateSecretRequest;
use runtime::{Blob, Timestamp};
use std::convert::Infallible;

/// Stores the settings `plan` checked, rotates if it plans to, and returns the VersionId to
/// report.
pub(crate) fn rotate(
    plan: RotationPlan,
    secret: &mut Secret,
    input: RotateSecretRequest,
    now: Timestamp,
) -> Option<String> {
    plan.store_settings(secret, input);
    if let Some(version_id) = &plan.new_version_id {
        rotate_now(secret, version_id.clone(), now);
    }
    reschedule(secret, now);
    plan.new_version_id.or(plan.reported_version_id)
}

impl Emulator {
    /// Performs every rotation whose `NextRotationDate` has passed, in every account and region,
    /// and returns how many it performed. A background tick (or a test that moved the clock)
    /// calls it.
    pub fn rotate_due_secrets(&self) -> usize {
        let now = self.clock.now();
        rotate_due_secrets(&mut self.store.write(), now)
    }
}

/// Rotates every primary secret whose rotation is on and due at `now`; returns how many.
pub(crate) fn rotate_due_secrets(partitions: &mut Partitions, now: Timestamp) -> usize {
    let due = due_secrets(partitions, now);
    for (key, name) in &due {
        change_stored(partitions, key, name, now, false, |change| {
            rotate_now(change.secret, uuid::Uuid::new_v4().to_string(), now);
            reschedule(change.secret, now);
            Ok::<_, Infallible>(())
        });
    }
    due.len()
}

/// Stores a freshly made value as the new AWSCURRENT version `version_id`.
fn rotate_now(secret: &mut Secret, version_id: String, now: Timestamp) {
    let value = rotated_value(secret.current().map(|version| &version.value));
    // The new version passes through AWSPENDING; a finished rotation leaves that label nowhere.
    secret.add_version(version_id.clone(), value, vec![AWSPENDING.to_owned()], now);
    secret.move_stage(AWSCURRENT, Some(&version_id), now);
    secret.move_stage(AWSPENDING, None, now);
    secret.rotation.last_rotated = Some(now);
    secret.last_changed = now;
}

/// The value a rotation stores, shaped like the current one.
fn rotated_value(current: Option<&SecretValue>) -> SecretValue {
    match current {
        Some(SecretValue::Text(text)) => {
            SecretValue::Text(with_new_password_field(text).unwrap_or_else(new_password))
        }
        Some(SecretValue::Binary(_)) => SecretValue::Binary(Blob::new(new_password())),
        Some(SecretValue::Awaited) | None => SecretValue::Text(new_password()),
    }
}

/// `text` with its `password` field replaced, if it is a JSON object with a string `password`.
fn with_new_password_field(text: &str) -> Option<String> {
    let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    let password = object.get_mut("password")?;
    if !password.is_string() {
        return None;
    }
    *password = serde_json::Value::String(new_password());
    serde_json::to_string(&object).ok()
}

/// A password as GetRandomPassword makes one by default: 32 characters of every class.
fn new_password() -> String {
    password::generate(&PasswordRules::default(), &mut rand::rng())
        .expect("the default password rules always leave characters to choose from")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AWSPREVIOUS;
    use crate::store::PartitionKey;
    use crate::test_fixtures::{NOW, rotating_daily, secret_holding};

    fn secret_with(value: SecretValue) -> Secret {
        secret_holding("s", "arn", value)
    }

    fn text(secret: &Secret) -> &str {
        match &secret.current().unwrap().value {
            SecretValue::Text(text) => text,
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn a_rotation_makes_a_new_current_version_and_leaves_no_pending_label() {
        let mut secret = secret_with(SecretValue::Text("old".into()));
        rotate_now(&mut secret, "v2".into(), NOW);
        assert_eq!(secret.current().unwrap().id, "v2");
        assert_eq!(secret.version_with_stage(AWSPREVIOUS).unwrap().id, "v1");
        assert!(secret.version_with_stage(AWSPENDING).is_none());
        assert_eq!(secret.rotation.last_rotated, Some(NOW));
        assert_eq!(text(&secret).len(), 32);
        assert_ne!(text(&secret), "old");
    }

    #[test]
    fn json_values_keep_their_shape_with_a_new_password() {
        let mut secret = secret_with(SecretValue::Text(
            r#"{"username":"app","password":"old","port":5432}"#.into(),
        ));
        rotate_now(&mut secret, "v2".into(), NOW);
        let value: serde_json::Value = serde_json::from_str(text(&secret)).unwrap();
        assert_eq!(value["username"], "app");
        assert_eq!(value["port"], 5432);
        assert_eq!(value["password"].as_str().unwrap().len(), 32);
        assert_ne!(value["password"], "old");
    }

    #[test]
    fn values_without_a_password_field_become_a_password() {
        for old in [r#"{"user":"app"}"#, r#"{"password":7}"#, "[1,2]", "plain"] {
            let mut secret = secret_with(SecretValue::Text(old.into()));
            rotate_now(&mut secret, "v2".into(), NOW);
            assert_eq!(text(&secret).len(), 32, "{old}");
        }
        let mut binary = secret_with(SecretValue::Binary(Blob::new(vec![1, 2, 3])));
        rotate_now(&mut binary, "v2".into(), NOW);
        assert!(
            matches!(&binary.current().unwrap().value, SecretValue::Binary(bytes) if bytes.len() == 32)
        );
    }

    #[test]
    fn due_rotations_happen_once_and_are_rescheduled() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let mut partitions = Partitions::default();
        let mut secret = rotating_daily(secret_with(SecretValue::Text("a".into())));
        reschedule(&mut secret, NOW);
        let due_at = secret.rotation.next_rotation.unwrap();
        partitions.entry(&key).insert(secret);

        assert_eq!(rotate_due_secrets(&mut partitions, NOW), 0);
        assert_eq!(rotate_due_secrets(&mut partitions, due_at), 1);
        let rotated = partitions.get(&key).unwrap().get("s").unwrap();
        assert_ne!(rotated.current().unwrap().id, "v1");
        assert_eq!(rotated.rotation.last_rotated, Some(due_at));
        assert!(rotated.rotation.next_rotation.unwrap() > due_at);
        assert_eq!(rotate_due_secrets(&mut partitions, due_at), 0);
    }
}
