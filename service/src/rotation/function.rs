//! Rotation through the user's rotation function (`--lambda-endpoint`), as AWS does it: the new
//! version first exists with only AWSPENDING and no value, then the function is invoked for
//! createSecret, setSecret, testSecret and finishSecret in turn, and finishSecret (the function)
//! moves AWSCURRENT. With RotateImmediately=false only testSecret runs, against a temporary
//! AWSPENDING version holding the current value, removed afterwards.
//!
//! The store lock is taken to start and to finish a rotation, never across an invocation: the
//! function calls back into the emulator (GetSecretValue, PutSecretValue, ...) while it runs.
//! Unlike AWS, which answers RotateSecret first and rotates in the background, RotateSecret
//! answers after the steps have run, and a failed step makes it answer AccessDeniedException.

use super::{RotationPlan, is_due, reschedule};
use crate::change::Change;
use crate::errors;
use crate::lambda::{self, LambdaConfig, Outcome};
use crate::rotation_record::{LastRotation, RotationOutcome, StepRecord};
use crate::secret::{AWSCURRENT, AWSPENDING, Rotation, Secret, SecretValue};
use crate::state::Emulator;
use crate::store::PartitionKey;
use generated::{
    AccessDeniedException, InvalidRequestException, RotateSecretError, RotateSecretRequest,
    RotateSecretResponse,
};
use runtime::Timestamp;

const CREATE: &str = "createSecret";
const SET: &str = "setSecret";
const TEST: &str = "testSecret";
const FINISH: &str = "finishSecret";

/// What starting a RotateSecret found to do.
pub(crate) enum Started {
    /// Run the function's steps.
    Job(Box<RotationJob>),
    /// A repeat of a rotation already done with this token: nothing to run.
    Repeated(RotateSecretResponse),
}

/// Starts RotateSecret's rotation on the secret `change` holds: checks the request, stores its
/// settings, and puts the new version in place. The steps run afterwards, without the lock
/// ([`RotationJob::run`]).
pub(crate) fn start(
    change: &mut Change<'_>,
    input: RotateSecretRequest,
) -> Result<Started, RotateSecretError> {
    let test_only = input.rotate_immediately == Some(false);
    let Some(function) = input
        .rotation_lambda_arn
        .clone()
        .or_else(|| change.secret.rotation.lambda_arn.clone())
    else {
        return Err(no_function().into());
    };
    let plan = RotationPlan::check(change.secret, &input, change.now)?;
    let trigger = if test_only {
        "RotateSecret (RotateImmediately=false)"
    } else {
        "RotateSecret"
    };
    let start = Start::on(change, function, trigger);
    let (secret, now) = (&mut *change.secret, change.now);
    plan.store_settings(secret, input);
    reschedule(secret, now);
    Ok(match (&plan.new_version_id, &plan.reported_version_id) {
        (Some(version_id), _) => Started::Job(Box::new(start.rotation(secret, version_id))),
        (None, Some(version_id)) if test_only => {
            Started::Job(Box::new(start.test(secret, version_id)))
        }
        _ => Started::Repeated(RotateSecretResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            version_id: plan.reported_version_id.clone(),
        }),
    })
}

/// Rotates the secret `name` whose schedule came due; returns whether a rotation ran.
pub(crate) async fn rotate_on_schedule(
    emulator: &Emulator,
    config: &LambdaConfig,
    key: &PartitionKey,
    name: &str,
) -> bool {
    /// The secret is no longer due (rotated or changed since it was found due).
    struct NotDue;
    let started = emulator.change_stored_secret(key, name, |change| {
        let (secret, now) = (&mut *change.secret, change.now);
        if !is_due(secret, now) {
            return Err(NotDue);
        }
        let Some(function) = secret.rotation.lambda_arn.clone() else {
            tracing::warn!(secret = name, "due rotation skipped: {NO_FUNCTION}");
            wait_for_next_window(secret, now);
            return Ok(None);
        };
        let start = Start::on(change, function, SCHEDULE);
        Ok(Some(start.rotation(
            change.secret,
            &uuid::Uuid::new_v4().to_string(),
        )))
    });
    let Some(Ok(Some(job))) = started else {
        return false;
    };
    // A schedule has no caller to answer: the outcome is in the log and the admin API.
    let _ = job.run(emulator, config).await;
    true
}

const SCHEDULE: &str = "schedule";

/// Counts the next window from now, for a due rotation that cannot run, so that it is not
/// retried at every tick.
fn wait_for_next_window(secret: &mut Secret, now: Timestamp) {
    reschedule(secret, now);
    if secret
        .rotation
        .next_rotation
        .is_some_and(|next| next <= now)
    {
        secret.rotation.next_rotation = None;
    }
}

/// What starting a rotation needs besides the secret.
struct Start {
    /// The partition of the secret.
    key: PartitionKey,
    function: String,
    trigger: &'static str,
    /// The rotation settings before the request.
    saved: Rotation,
    now: Timestamp,
}

impl Start {
    /// A start on the secret `change` holds, with its rotation settings as they are before the
    /// request changes them.
    fn on(change: &Change<'_>, function: String, trigger: &'static str) -> Self {
        Self {
            key: change.key.clone(),
            function,
            trigger,
            saved: change.secret.rotation.clone(),
            now: change.now,
        }
    }

    /// Puts the new version in place (AWSPENDING, no value) and records the rotation as running.
    fn rotation(self, secret: &mut Secret, version_id: &str) -> RotationJob {
        secret.add_version(
            version_id.to_owned(),
            SecretValue::Awaited,
            vec![AWSPENDING.to_owned()],
            self.now,
        );
        self.job(secret, version_id, false, true)
    }

    /// Puts a temporary AWSPENDING version holding the current value in place for testSecret.
    fn test(self, secret: &mut Secret, version_id: &str) -> RotationJob {
        let added = secret.version(version_id).is_none();
        if added {
            let value = secret
                .current()
                .map_or(SecretValue::Awaited, |version| version.value.clone());
            secret.add_version(
                version_id.to_owned(),
                value,
                vec![AWSPENDING.to_owned()],
                self.now,
            );
        }
        self.job(secret, version_id, true, added)
    }

    fn job(
        self,
        secret: &mut Secret,
        version_id: &str,
        test_only: bool,
        added_version: bool,
    ) -> RotationJob {
        let job = RotationJob {
            key: self.key,
            name: secret.name.clone(),
            arn: secret.arn.clone(),
            version_id: version_id.to_owned(),
            function: self.function,
            rotation_token: uuid::Uuid::new_v4().to_string(),
            trigger: self.trigger,
            started: self.now,
            test_only,
            added_version,
            saved: self.saved,
        };
        secret.last_changed = self.now;
        secret.rotation.last_run = Some(Box::new(job.record(
            RotationOutcome::InProgress,
            None,
            Vec::new(),
        )));
        job
    }
}

/// A rotation whose version is in place and whose steps are to run.
pub(crate) struct RotationJob {
    key: PartitionKey,
    name: String,
    arn: String,
    version_id: String,
    function: String,
    /// AWS's RotationToken: one per rotation, sent with every step.
    rotation_token: String,
    trigger: &'static str,
    started: Timestamp,
    /// Only testSecret, against a temporary version this job removes again.
    test_only: bool,
    /// Whether this job added the version it names (and so may remove it).
    added_version: bool,
    /// The rotation settings before the request, restored when the function cannot be reached.
    saved: Rotation,
}

/// The steps that ran, and how the last one ended.
struct StepsRun {
    records: Vec<StepRecord>,
    /// The outcome of the failed step, if one failed.
    failure: Option<Outcome>,
}

impl RotationJob {
    fn record(
        &self,
        outcome: RotationOutcome,
        reason: Option<String>,
        steps: Vec<StepRecord>,
    ) -> LastRotation {
        LastRotation {
            version_id: self.version_id.clone(),
            function: self.function.clone(),
            trigger: self.trigger.to_owned(),
            started: self.started,
            outcome,
            reason,
            steps,
        }
    }

    fn steps(&self) -> &'static [&'static str] {
        if self.test_only {
            &[TEST]
        } else {
            &[CREATE, SET, TEST, FINISH]
        }
    }

    /// AWS's event for `step`.
    fn event(&self, step: &str) -> Vec<u8> {
        serde_json::json!({
            "Step": step,
            "SecretId": self.arn,
            "ClientRequestToken": self.version_id,
            "RotationToken": self.rotation_token,
        })
        .to_string()
        .into_bytes()
    }

    /// Runs the steps, then settles the rotation (see [`Self::finish`]).
    pub(crate) async fn run(
        self,
        emulator: &Emulator,
        config: &LambdaConfig,
    ) -> Result<RotateSecretResponse, RotateSecretError> {
        let steps = self.run_steps(config).await;
        self.finish(emulator, steps)
    }

    /// Invokes the function for each step in turn, stopping at the first failure. No lock is held.
    async fn run_steps(&self, config: &LambdaConfig) -> StepsRun {
        let mut records = Vec::new();
        for step in self.steps() {
            let invocation = lambda::invoke(config, &self.function, self.event(step)).await;
            let duration_millis =
                u64::try_from(invocation.duration.as_millis()).unwrap_or(u64::MAX);
            let error = match &invocation.outcome {
                Outcome::Succeeded => None,
                Outcome::Failed(why) | Outcome::Unreachable(why) => Some(why.clone()),
            };
            tracing::info!(
                secret = %self.name,
                step,
                function = %self.function,
                outcome = error.as_deref().unwrap_or("succeeded"),
                duration_ms = duration_millis,
                "rotation function invoked"
            );
            records.push(StepRecord {
                step: (*step).to_owned(),
                succeeded: error.is_none(),
                duration_millis,
                error,
            });
            if invocation.outcome != Outcome::Succeeded {
                return StepsRun {
                    records,
                    failure: Some(invocation.outcome),
                };
            }
        }
        StepsRun {
            records,
            failure: None,
        }
    }

    /// Records what the steps did and settles the versions: on success the new version keeps
    /// AWSCURRENT alone; a failed step leaves AWSPENDING; a function that could not be reached at
    /// all leaves the secret as it was before the request.
    fn finish(
        self,
        emulator: &Emulator,
        steps: StepsRun,
    ) -> Result<RotateSecretResponse, RotateSecretError> {
        let settled = emulator.change_stored_secret(&self.key, &self.name, |change| {
            if change.secret.arn != self.arn {
                // Deleted and created again while the function ran: not this rotation's secret.
                return Err(errors::secret_not_found());
            }
            Ok(self.settle(change.secret, change.now, steps))
        });
        match settled {
            Some(Ok(outcome)) => outcome,
            // Deleted (even purged) while the function ran: nothing left to settle.
            Some(Err(not_found)) => Err(not_found.into()),
            None => Err(errors::secret_not_found().into()),
        }
    }

    /// Records the outcome on `secret` and settles its versions; the answer to RotateSecret.
    fn settle(
        &self,
        secret: &mut Secret,
        now: Timestamp,
        steps: StepsRun,
    ) -> Result<RotateSecretResponse, RotateSecretError> {
        let never_reached =
            steps.records.len() == 1 && matches!(steps.failure, Some(Outcome::Unreachable(_)));
        let (outcome, reason) = match &steps.failure {
            Some(_) => {
                let step = steps
                    .records
                    .last()
                    .map_or("", |record| record.step.as_str());
                (RotationOutcome::Failed, Some(format!("{step} failed")))
            }
            None if self.test_only => (RotationOutcome::Succeeded, None),
            None if secret
                .version(&self.version_id)
                .is_some_and(|version| version.has_stage(AWSCURRENT)) =>
            {
                (RotationOutcome::Succeeded, None)
            }
            None => (
                RotationOutcome::NotFinished,
                Some(format!(
                    "finishSecret succeeded without moving AWSCURRENT to version {}",
                    self.version_id
                )),
            ),
        };
        if self.test_only && self.added_version {
            remove_version_unless_current(secret, &self.version_id);
        }
        if never_reached {
            // As AWS: a function it cannot invoke leaves no rotation behind.
            if self.added_version {
                remove_version_unless_current(secret, &self.version_id);
            }
            secret.rotation = self.saved.clone();
            if self.trigger == SCHEDULE {
                wait_for_next_window(secret, now);
            }
        }
        if !self.test_only && outcome == RotationOutcome::Succeeded {
            // The function moved AWSCURRENT; a finished rotation leaves AWSPENDING on no version.
            secret.move_stage(AWSPENDING, None, now);
            secret.rotation.last_rotated = Some(now);
            reschedule(secret, now);
        }
        secret.last_changed = now;
        secret.rotation.last_run = Some(Box::new(self.record(outcome, reason, steps.records)));
        let response = RotateSecretResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            version_id: Some(self.version_id.clone()),
        };
        match outcome {
            RotationOutcome::Failed => Err(cannot_invoke().into()),
            _ => Ok(response),
        }
    }
}

fn remove_version_unless_current(secret: &mut Secret, version_id: &str) {
    secret
        .versions
        .retain(|version| version.id != version_id || version.has_stage(AWSCURRENT));
}

const NO_FUNCTION: &str = "No Lambda rotation function ARN is associated with this secret.";

/// AWS's refusal to rotate a secret that has no rotation function.
fn no_function() -> InvalidRequestException {
    InvalidRequestException::new(NO_FUNCTION)
}

/// AWS's answer when it cannot invoke the rotation function.
fn cannot_invoke() -> AccessDeniedException {
    AccessDeniedException::new(
        "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function \
         policy grants access to the principal secretsmanager.amazonaws.com.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AWSPREVIOUS;

    const KEY: (&str, &str) = ("000000000000", "us-east-1");

    /// An emulator holding secret `s` (value "old", version v1) and a job started on it.
    fn started(test_only: bool) -> (Emulator, PartitionKey, RotationJob) {
        let emulator = Emulator::new();
        let key = PartitionKey::new(KEY.0, KEY.1);
        let now = emulator.clock.now();
        let mut partitions = emulator.store.write();
        let mut secret = Secret::new("s".into(), "arn:s".into(), now);
        secret.add_version(
            "v1".into(),
            SecretValue::Text("old".into()),
            vec![AWSCURRENT.into()],
            now,
        );
        let start = Start {
            key: key.clone(),
            function: "f".into(),
            trigger: "RotateSecret",
            saved: secret.rotation.clone(),
            now,
        };
        secret.rotation.enabled = Some(true);
        let job = if test_only {
            start.test(&mut secret, "v2")
        } else {
            start.rotation(&mut secret, "v2")
        };
        partitions.entry(&key).insert(secret);
        drop(partitions);
        (emulator, key, job)
    }

    fn secret(emulator: &Emulator, key: &PartitionKey) -> Secret {
        emulator
            .store
            .read()
            .get(key)
            .unwrap()
            .get("s")
            .unwrap()
            .clone()
    }

    fn ran(steps: &[&str], failure: Option<Outcome>) -> StepsRun {
        let records = steps
            .iter()
            .enumerate()
            .map(|(index, step)| StepRecord {
                step: (*step).into(),
                succeeded: failure.is_none() || index + 1 < steps.len(),
                duration_millis: 1,
                error: None,
            })
            .collect();
        StepsRun { records, failure }
    }

    #[test]
    fn a_rotation_starts_with_an_awaited_pending_version() {
        let (emulator, key, job) = started(false);
        let secret = secret(&emulator, &key);
        let new = secret.version("v2").unwrap();
        assert_eq!(new.value, SecretValue::Awaited);
        assert_eq!(new.stages, [AWSPENDING]);
        let event: serde_json::Value = serde_json::from_slice(&job.event(CREATE)).unwrap();
        assert_eq!(
            event,
            serde_json::json!({"Step": "createSecret", "SecretId": "arn:s",
                "ClientRequestToken": "v2", "RotationToken": job.rotation_token})
        );
        assert_eq!(
            secret.rotation.last_run.unwrap().outcome,
            RotationOutcome::InProgress
        );
    }

    #[test]
    fn success_leaves_awscurrent_alone_on_the_new_version() {
        let (emulator, key, job) = started(false);
        {
            // What the function's finishSecret does.
            let mut partitions = emulator.store.write();
            let secret = partitions.get_mut(&key).unwrap().get_mut("s").unwrap();
            secret.add_version(
                "v2".into(),
                SecretValue::Text("new".into()),
                vec![AWSPENDING.into()],
                emulator.clock.now(),
            );
            secret.move_stage(AWSCURRENT, Some("v2"), emulator.clock.now());
        }
        let response = job.finish(&emulator, ran(&[CREATE, SET, TEST, FINISH], None));
        assert_eq!(response.unwrap().version_id.as_deref(), Some("v2"));
        let secret = secret(&emulator, &key);
        assert_eq!(secret.version("v2").unwrap().stages, [AWSCURRENT]);
        assert_eq!(secret.version("v1").unwrap().stages, [AWSPREVIOUS]);
        assert!(secret.rotation.last_rotated.is_some());
    }

    #[test]
    fn an_unreachable_function_leaves_no_rotation_behind() {
        let (emulator, key, job) = started(false);
        let unreachable = Some(Outcome::Unreachable("refused".into()));
        let refused = job.finish(&emulator, ran(&[CREATE], unreachable));
        assert!(matches!(
            refused,
            Err(RotateSecretError::AccessDeniedException(_))
        ));
        let secret = secret(&emulator, &key);
        assert!(secret.version("v2").is_none());
        assert_eq!(secret.rotation.enabled, None);
        assert_eq!(
            secret.rotation.last_run.unwrap().outcome,
            RotationOutcome::Failed
        );
    }

    #[test]
    fn a_failed_step_leaves_awspending() {
        let (emulator, key, job) = started(false);
        let failed = Some(Outcome::Failed("function error (Unhandled)".into()));
        assert!(job.finish(&emulator, ran(&[CREATE, SET], failed)).is_err());
        let secret = secret(&emulator, &key);
        assert_eq!(secret.version("v2").unwrap().stages, [AWSPENDING]);
        assert_eq!(secret.rotation.enabled, Some(true));
        assert_eq!(secret.rotation.last_rotated, None);
    }

    #[test]
    fn a_test_only_rotation_removes_its_temporary_version() {
        let (emulator, key, job) = started(true);
        let temporary = secret(&emulator, &key);
        assert_eq!(
            temporary.version("v2").unwrap().value,
            SecretValue::Text("old".into())
        );
        assert!(job.finish(&emulator, ran(&[TEST], None)).is_ok());
        let secret = secret(&emulator, &key);
        assert!(secret.version("v2").is_none());
        assert_eq!(secret.current().unwrap().id, "v1");
    }
}
