//! Rotation, the domain side: the rules RotateSecret checks before it changes anything, the
//! schedule a secret's next rotation follows, and which secrets are due. A rotation is performed
//! in one of two ways: by the emulator itself ([`built_in`], without `--lambda-endpoint`), or
//! through the secret's rotation function ([`function`]).

pub(crate) mod built_in;
pub(crate) mod function;

use crate::errors;
use crate::schedule::{RotationSchedule, ScheduleError};
use crate::secret::{AWSCURRENT, AWSPENDING, Rotation, Secret};
use crate::store::{PartitionKey, Partitions};
use generated::{
    InvalidParameterException, InvalidRequestException, RotateSecretError, RotateSecretRequest,
    RotationRulesType,
};
use runtime::Timestamp;

/// Where and which secrets are due for rotation at `now`.
pub(crate) fn due_secrets(partitions: &Partitions, now: Timestamp) -> Vec<(PartitionKey, String)> {
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
pub(crate) fn reschedule(secret: &mut Secret, now: Timestamp) {
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
    pub(crate) fn check(
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

    /// Stores the rotation settings the request gives, and turns rotation on.
    pub(crate) fn store_settings(&self, secret: &mut Secret, input: RotateSecretRequest) {
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
    use crate::secret::SecretValue;
    use crate::test_fixtures::{NOW, rotating_daily, secret_holding};

    fn secret_with(value: SecretValue) -> Secret {
        secret_holding("s", "arn", value)
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
        let mut secret = rotating_daily(secret_with(SecretValue::Text("a".into())));
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
}
