//! Rotation: RotateSecret stores the rotation settings and (unless told to wait) rotates at once;
//! CancelRotateSecret turns automatic rotation off; [`rotate_due_secrets`] performs the rotations
//! whose `NextRotationDate` has passed.
//!
//! With `--lambda-endpoint`, RotateSecret and due schedules run the secret's rotation function
//! (see `rotation_function`). Without it, no function is invoked: as the original spec does, a
//! rotation makes the new value itself and stores it as a new AWSCURRENT version (passing through
//! AWSPENDING, which it leaves on no version, as a finished AWS rotation does). Unlike AWS, a
//! rotation then works without a `RotationLambdaARN`; one given is stored and shown. The new value keeps the shape of
//! the old: a JSON object gets a new `password` field (if it has one), anything else becomes a
//! new random password of 32 characters.

use crate::access;
use crate::emulator::Emulator;
use crate::errors;
use crate::ops::rotation_function;
use crate::password::{self, PasswordRules};
use crate::replicas::sync_replicas;
use crate::schedule::{RotationSchedule, ScheduleError};
use crate::secret::{AWSCURRENT, AWSPENDING, Rotation, Secret, SecretValue};
use crate::store::{PartitionKey, Partitions};
use generated::{
    CancelRotateSecretError, CancelRotateSecretRequest, CancelRotateSecretResponse,
    InvalidParameterException, InvalidRequestException, RotateSecretError, RotateSecretRequest,
    RotateSecretResponse, RotationRulesType,
};
use runtime::{Blob, RequestContext, Timestamp};

pub async fn rotate_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RotateSecretRequest,
) -> Result<RotateSecretResponse, RotateSecretError> {
    match &emulator.lambda {
        Some(config) => rotation_function::rotate_secret(emulator, config, ctx, input).await,
        None => rotate_secret_here(emulator, ctx, input),
    }
}

/// RotateSecret without a rotation function: the emulator makes the new value itself.
fn rotate_secret_here(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RotateSecretRequest,
) -> Result<RotateSecretResponse, RotateSecretError> {
    let key = PartitionKey::of(ctx);
    let now = emulator.clock.now();
    let mut partitions = emulator.store.write();
    let secret =
        access::find_live_mut::<RotateSecretError>(&mut partitions, &key, &input.secret_id, now)?;
    access::not_replica::<RotateSecretError>(secret)?;
    let plan = RotationPlan::check(secret, &input, now)?;

    let version_id = plan.apply(secret, input, now);
    let response = RotateSecretResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        version_id,
    };
    let name = secret.name.clone();
    sync_replicas(&mut partitions, &key, &name, now);
    Ok(response)
}

pub fn cancel_rotate_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: CancelRotateSecretRequest,
) -> Result<CancelRotateSecretResponse, CancelRotateSecretError> {
    let key = PartitionKey::of(ctx);
    let now = emulator.clock.now();
    let mut partitions = emulator.store.write();
    let secret = access::find_live_mut::<CancelRotateSecretError>(
        &mut partitions,
        &key,
        &input.secret_id,
        now,
    )?;
    access::not_replica::<CancelRotateSecretError>(secret)?;

    // The schedule and the rotation function stay, for DescribeSecret to show and a later
    // RotateSecret to reuse; the dates go, as AWS shows none while rotation is off. An
    // unfinished rotation's AWSPENDING version stays for the caller to clean up, as AWS says.
    let rotation = &mut secret.rotation;
    rotation.enabled = Some(false);
    rotation.next_rotation = None;
    rotation.last_rotated = None;
    let response = CancelRotateSecretResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        version_id: unfinished_rotation(secret).map(str::to_owned),
    };
    let name = secret.name.clone();
    sync_replicas(&mut partitions, &key, &name, now);
    Ok(response)
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
pub fn rotate_due_secrets(partitions: &mut Partitions, now: Timestamp) -> usize {
    let due = due_secrets(partitions, now);
    for (key, name) in &due {
        if let Some(secret) = partitions
            .get_mut(key)
            .and_then(|partition| partition.get_mut(name))
        {
            rotate_now(secret, uuid::Uuid::new_v4().to_string(), now);
            reschedule(secret, now);
        }
        sync_replicas(partitions, key, name, now);
    }
    due.len()
}

/// Where and which secrets are due for rotation at `now`.
pub fn due_secrets(partitions: &Partitions, now: Timestamp) -> Vec<(PartitionKey, String)> {
    partitions
        .iter()
        .flat_map(|(key, partition)| {
            partition
                .secrets()
                .filter(move |secret| is_due(secret, now))
                .map(move |secret| (key.clone(), secret.name.clone()))
        })
        .collect()
}

/// Recomputes `NextRotationDate` from the stored schedule. A schedule in days counts from the
/// current value's creation: AWS counts a new value from PutSecretValue or UpdateSecret as a
/// rotation, so those operations call this too. A `cron()` schedule counts from `now`.
pub fn reschedule(secret: &mut Secret, now: Timestamp) {
    if secret.rotation.enabled != Some(true) {
        return;
    }
    let Some(schedule) = stored_schedule(&secret.rotation) else {
        secret.rotation.next_rotation = None;
        return;
    };
    let counted_from = if schedule.counts_from_last_rotation() {
        secret.current().map_or(now, |version| version.created)
    } else {
        now
    };
    secret.rotation.next_rotation = schedule.next_rotation(counted_from);
}

/// Everything RotateSecret checks before it changes anything.
pub(crate) struct RotationPlan {
    /// The schedule the request sets, if it sets one.
    schedule: Option<(RotationSchedule, RotationRulesType)>,
    /// The version the rotation creates, or `None` when it waits for the schedule or repeats a
    /// rotation already done with this token.
    pub new_version_id: Option<String>,
    /// The VersionId to report when no version is created: the token of a repeated rotation
    /// (the current version), or of a RotateImmediately=false request.
    pub reported_version_id: Option<String>,
}

impl RotationPlan {
    pub fn check(
        secret: &Secret,
        input: &RotateSecretRequest,
        now: Timestamp,
    ) -> Result<Self, RotateSecretError> {
        if unfinished_rotation(secret).is_some() {
            return Err(rotation_in_progress().into());
        }
        let schedule = match &input.rotation_rules {
            Some(rules) => Some((
                RotationSchedule::parse(rules).map_err(invalid_schedule)?,
                rules.clone(),
            )),
            None => None,
        };
        if let Some((schedule, _)) = &schedule
            && schedule.next_rotation(now).is_none()
        {
            // A cron() for a date that never comes (31 February).
            return Err(invalid_schedule(ScheduleError::InvalidExpression).into());
        }
        let rotate_immediately = input.rotate_immediately.unwrap_or(true);
        // A raw request without a token still rotates (AWS would refuse it).
        let token = || {
            input
                .client_request_token
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
        };
        let (new_version_id, reported_version_id) = match input.client_request_token.as_deref() {
            _ if !rotate_immediately => (None, Some(token())),
            None => (Some(token()), None),
            Some(token) => match secret.version(token) {
                None => (Some(token.to_owned()), None),
                Some(version) if version.has_stage(AWSCURRENT) => (None, Some(token.to_owned())),
                Some(_) => return Err(token_in_use(token, &secret.arn).into()),
            },
        };
        Ok(Self {
            schedule,
            new_version_id,
            reported_version_id,
        })
    }

    /// Stores the settings, rotates if planned, and returns the VersionId to report.
    fn apply(
        self,
        secret: &mut Secret,
        input: RotateSecretRequest,
        now: Timestamp,
    ) -> Option<String> {
        self.store_settings(secret, input);
        if let Some(version_id) = &self.new_version_id {
            rotate_now(secret, version_id.clone(), now);
        }
        reschedule(secret, now);
        self.new_version_id.or(self.reported_version_id)
    }

    /// Stores the rotation settings the request gives, and turns rotation on.
    pub fn store_settings(&self, secret: &mut Secret, input: RotateSecretRequest) {
        let rotation = &mut secret.rotation;
        rotation.enabled = Some(true);
        if let Some(lambda_arn) = input.rotation_lambda_arn {
            rotation.lambda_arn = Some(lambda_arn);
        }
        if let Some((schedule, given)) = &self.schedule {
            rotation.rules = Some(schedule.described_rules(given));
        }
        if let Some(metadata) = input.external_secret_rotation_metadata {
            rotation.external_metadata = Some(metadata);
        }
        if let Some(role_arn) = input.external_secret_rotation_role_arn {
            rotation.external_role_arn = Some(role_arn);
        }
    }
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

/// Whether `secret`'s automatic rotation should happen at `now`.
pub(crate) fn is_due(secret: &Secret, now: Timestamp) -> bool {
    secret.rotation.enabled == Some(true)
        && secret
            .rotation
            .next_rotation
            .is_some_and(|next| next <= now)
        && !secret.is_scheduled_for_deletion()
        && !secret.is_replica()
        && unfinished_rotation(secret).is_none()
}

/// The version of a rotation still in progress: it holds AWSPENDING without AWSCURRENT.
pub(crate) fn unfinished_rotation(secret: &Secret) -> Option<&str> {
    secret
        .version_with_stage(AWSPENDING)
        .filter(|version| !version.has_stage(AWSCURRENT))
        .map(|version| version.id.as_str())
}

/// The stored schedule, as it was given: DescribeSecret's derived `AutomaticallyAfterDays`
/// beside an expression is dropped again.
fn stored_schedule(rotation: &Rotation) -> Option<RotationSchedule> {
    let mut rules = rotation.rules.clone()?;
    if rules.schedule_expression.is_some() {
        rules.automatically_after_days = None;
    }
    RotationSchedule::parse(&rules).ok()
}

/// AWS's text, as Terraform users report it.
pub(crate) fn rotation_in_progress() -> InvalidRequestException {
    InvalidRequestException::new(
        "A previous rotation isn't complete. That rotation will be reattempted.",
    )
}

fn invalid_schedule(error: ScheduleError) -> InvalidParameterException {
    InvalidParameterException::new(error.to_string())
}

/// RotateSecret with the token of an existing version other than the current one. AWS's text for
/// a reused token; RotateSecret may not return ResourceExistsException, so the code differs.
fn token_in_use(token: &str, arn: &str) -> InvalidParameterException {
    InvalidParameterException {
        message: errors::token_in_use(token, arn).message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AWSPREVIOUS;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

    fn secret_with(value: SecretValue) -> Secret {
        let mut secret = Secret::new("s".into(), "arn".into(), NOW);
        secret.add_version("v1".into(), value, vec![AWSCURRENT.into()], NOW);
        secret
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
    fn a_pending_version_that_is_not_current_is_an_unfinished_rotation() {
        let mut secret = secret_with(SecretValue::Text("a".into()));
        assert_eq!(unfinished_rotation(&secret), None);
        secret.move_stage(AWSPENDING, Some("v1"), NOW);
        assert_eq!(
            unfinished_rotation(&secret),
            None,
            "pending on current is done"
        );
        secret.add_version(
            "v2".into(),
            SecretValue::Text("b".into()),
            vec![AWSPENDING.into()],
            NOW,
        );
        assert_eq!(unfinished_rotation(&secret), Some("v2"));
    }

    #[test]
    fn rescheduling_counts_days_from_the_current_value() {
        let mut secret = secret_with(SecretValue::Text("a".into()));
        secret.rotation.enabled = Some(true);
        secret.rotation.rules = Some(RotationRulesType {
            automatically_after_days: Some(1),
            ..Default::default()
        });
        reschedule(&mut secret, NOW);
        // NOW is 2024-03-15T10:30Z: the window is 16 March, closing at its last second.
        let end_of_16_march = NOW.start_of_day().plus_millis(2 * 86_400_000 - 1_000);
        assert_eq!(secret.rotation.next_rotation, Some(end_of_16_march));
    }

    #[test]
    fn stored_rules_with_a_derived_day_count_still_parse() {
        let rotation = Rotation {
            rules: Some(RotationRulesType {
                automatically_after_days: Some(10),
                schedule_expression: Some("rate(10 days)".into()),
                duration: None,
            }),
            ..Default::default()
        };
        assert!(stored_schedule(&rotation).is_some());
    }

    #[test]
    fn due_rotations_happen_once_and_are_rescheduled() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let mut partitions = Partitions::default();
        let mut secret = secret_with(SecretValue::Text("a".into()));
        secret.rotation.enabled = Some(true);
        secret.rotation.rules = Some(RotationRulesType {
            automatically_after_days: Some(1),
            ..Default::default()
        });
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
