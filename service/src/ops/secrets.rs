//! The secret lifecycle: CreateSecret, DescribeSecret, UpdateSecret, DeleteSecret, RestoreSecret.
//! Every write validates the whole request before it changes anything.

use crate::access;
use crate::arn::{self, SecretArn};
use crate::change::Admits;
use crate::clock::DAY_MILLIS;
use crate::cross_account;
use crate::describe::describe;
use crate::errors;
use crate::names::is_valid_name;
use crate::new_version::{VersionToken, new_version_id, requested_value, version_token};
use crate::replicas::add_replicas;
use crate::secret::{AWSCURRENT, CrossAccountLink, Deletion, Secret, SecretValue};
use crate::state::Emulator;
use crate::store::PartitionKey;
use crate::tag_rules::merge_tags;
use generated::{
    CreateSecretError, CreateSecretRequest, CreateSecretResponse, DeleteSecretError,
    DeleteSecretRequest, DeleteSecretResponse, DescribeSecretError, DescribeSecretRequest,
    DescribeSecretResponse, InvalidParameterException, RestoreSecretError, RestoreSecretRequest,
    RestoreSecretResponse, StatusType, Tag, UpdateSecretError, UpdateSecretRequest,
    UpdateSecretResponse,
};
use runtime::{RequestContext, Timestamp};

/// RecoveryWindowInDays when the request gives none.
const DEFAULT_RECOVERY_WINDOW_DAYS: i64 = 30;
const RECOVERY_WINDOW_DAYS: std::ops::RangeInclusive<i64> = 7..=30;

pub(crate) fn create_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    mut input: CreateSecretRequest,
) -> Result<CreateSecretResponse, CreateSecretError> {
    if !is_valid_name(&input.name) {
        return Err(errors::invalid_name().into());
    }
    let value = requested_value::<CreateSecretError>(
        input.secret_string.take(),
        input.secret_binary.take(),
    )?;
    check_cross_account_replica_request(&input, value.is_some())?;
    let tags = match input.tags.take() {
        Some(tags) if !tags.is_empty() => Some(merge_tags(None, &tags)?),
        _ => None,
    };

    let key = PartitionKey::of(ctx);
    let now = emulator.clock.now();
    let mut partitions = emulator.store.write();
    let partition = partitions.entry(&key);
    partition.purge_if_expired(&input.name, now);
    if let Some(existing) = partition.get(&input.name) {
        return repeated_create(existing, input.client_request_token.as_deref(), value);
    }

    let mut secret = new_secret(&key, &mut input, value, tags, now);
    // Replicas are placed before the primary is stored: a refused region leaves nothing behind.
    let replication_status = match input.add_replica_regions.take() {
        Some(regions) => Some(add_replicas::<CreateSecretError>(
            &mut partitions,
            &key,
            &mut secret,
            &regions,
            input.force_overwrite_replica_secret,
            now,
        )?),
        None => None,
    };
    let response = CreateSecretResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        version_id: secret.current().map(|version| version.id.clone()),
        replication_status,
    };
    partitions.entry(&key).insert(secret);
    Ok(response)
}

/// A cross-account replica receives everything from its primary, and AWS requires a customer
/// managed key for it (CreateSecretRequest.CrossAccountPrimaryARN documentation). Our wording:
/// no AWS capture of these messages.
fn check_cross_account_replica_request(
    input: &CreateSecretRequest,
    has_value: bool,
) -> Result<(), InvalidParameterException> {
    if input.cross_account_primary_arn.is_none() {
        return Ok(());
    }
    let carries_own_content = has_value
        || input.description.is_some()
        || input.add_replica_regions.is_some()
        || input.r#type.is_some();
    if carries_own_content {
        return Err(InvalidParameterException::new(
            "You can't include SecretString, SecretBinary, Description, AddReplicaRegions, or Type \
             when you create a cross-account replica secret.",
        ));
    }
    if input.kms_key_id.as_deref().is_none_or(str::is_empty) {
        return Err(InvalidParameterException::new(
            "You must specify a customer managed KMS key in KmsKeyId to create a cross-account \
             replica secret.",
        ));
    }
    Ok(())
}

/// CreateSecret for a name that exists: a retry of the request that created it (same token, same
/// value) answers as the first call did; anything else is refused.
fn repeated_create(
    existing: &Secret,
    token: Option<&str>,
    value: Option<SecretValue>,
) -> Result<CreateSecretResponse, CreateSecretError> {
    if existing.is_scheduled_for_deletion() {
        return Err(errors::already_scheduled_for_deletion().into());
    }
    let already_exists = || errors::already_exists(&existing.name).into();
    let (Some(token), Some(value)) = (token, value) else {
        return Err(already_exists());
    };
    match version_token::<CreateSecretError>(existing, Some(token), &value)? {
        VersionToken::Repeat(version_id) => Ok(CreateSecretResponse {
            arn: Some(existing.arn.clone()),
            name: Some(existing.name.clone()),
            version_id: Some(version_id),
            replication_status: None,
        }),
        VersionToken::New(_) => Err(already_exists()),
    }
}

/// The secret a validated CreateSecret describes, with its first version if it carries a value.
fn new_secret(
    key: &PartitionKey,
    input: &mut CreateSecretRequest,
    value: Option<SecretValue>,
    tags: Option<Vec<Tag>>,
    now: Timestamp,
) -> Secret {
    let arn = arn::secret_arn(&key.region, &key.account_id, &input.name);
    let mut secret = Secret::new(input.name.clone(), arn, now);
    secret.description = input.description.take();
    secret.kms_key_id = input.kms_key_id.take().filter(|key_id| !key_id.is_empty());
    secret.secret_type = input.r#type.take();
    secret.tags = tags;
    secret.cross_account_primary =
        input
            .cross_account_primary_arn
            .take()
            .map(|primary_arn| CrossAccountLink {
                arn: primary_arn,
                role_arn: None,
                status: StatusType::Pending,
                status_message: None,
            });
    if let Some(value) = value {
        let version_id = new_version_id(input.client_request_token.as_deref());
        secret.add_version(version_id, value, vec![AWSCURRENT.to_owned()], now);
    }
    secret
}

pub(crate) fn describe_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: DescribeSecretRequest,
) -> Result<DescribeSecretResponse, DescribeSecretError> {
    let key = PartitionKey::of(ctx);
    let partitions = emulator.store.read();
    let secret = access::find::<DescribeSecretError>(
        &partitions,
        &key,
        &input.secret_id,
        emulator.clock.now(),
    )?;
    Ok(describe(secret))
}

pub(crate) fn update_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: UpdateSecretRequest,
) -> Result<UpdateSecretResponse, UpdateSecretError> {
    let value = requested_value::<UpdateSecretError>(input.secret_string, input.secret_binary)?;
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let (secret, now) = (&mut *change.secret, change.now);
        let new_value = match value {
            Some(value) => {
                cross_account::refuse_default_key::<UpdateSecretError>(
                    secret,
                    change.from_other_account,
                )?;
                let token = input.client_request_token.as_deref();
                let version = version_token::<UpdateSecretError>(secret, token, &value)?;
                Some((version, value))
            }
            None => None,
        };

        let metadata_changed =
            update_metadata(secret, input.description, input.kms_key_id, input.r#type);
        let mut version_id = None;
        if let Some((version, value)) = new_value {
            version_id = Some(match version {
                VersionToken::New(id) => {
                    secret.add_version(id.clone(), value, vec![AWSCURRENT.to_owned()], now);
                    secret.last_changed = now;
                    id
                }
                VersionToken::Repeat(id) => id,
            });
        }
        if metadata_changed {
            secret.last_changed = now;
        }
        Ok(UpdateSecretResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            version_id,
        })
    })
}

/// Applies the metadata members UpdateSecret was given; says whether there were any. An empty
/// KmsKeyId goes back to the default key, as AWS documents.
fn update_metadata(
    secret: &mut Secret,
    description: Option<String>,
    kms_key_id: Option<String>,
    secret_type: Option<String>,
) -> bool {
    let given = description.is_some() || kms_key_id.is_some() || secret_type.is_some();
    if let Some(description) = description {
        secret.description = Some(description);
    }
    if let Some(kms_key_id) = kms_key_id {
        secret.kms_key_id = Some(kms_key_id).filter(|key_id| !key_id.is_empty());
    }
    if let Some(secret_type) = secret_type {
        secret.secret_type = Some(secret_type);
    }
    given
}

pub(crate) fn delete_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: DeleteSecretRequest,
) -> Result<DeleteSecretResponse, DeleteSecretError> {
    access::check_secret_id::<DeleteSecretError>(&input.secret_id)?;
    let window_days = recovery_window_days(&input)?;
    let deleted = emulator.change_secret(ctx, &input.secret_id, Admits::PRIMARY, |change| {
        check_deletable(change.secret)?;
        match window_days {
            Some(_) if change.secret.is_scheduled_for_deletion() => {
                Err(errors::marked_for_deletion().into())
            }
            Some(days) => Ok(schedule_deletion(change.secret, days, change.now)),
            None => {
                change.remove();
                Ok(DeleteSecretResponse {
                    arn: Some(change.secret.arn.clone()),
                    name: Some(change.secret.name.clone()),
                    deletion_date: Some(change.now),
                })
            }
        }
    });
    match deleted {
        // A forced delete of a secret that does not exist succeeds, as AWS documents.
        Err(DeleteSecretError::ResourceNotFoundException(_)) if window_days.is_none() => {
            Ok(force_deleted_unknown(
                &PartitionKey::of(ctx),
                &input.secret_id,
                emulator.clock.now(),
            ))
        }
        deleted => deleted,
    }
}

/// The recovery window the request asks for, `None` for ForceDeleteWithoutRecovery. AWS checks
/// the range first, even for a forced delete.
fn recovery_window_days(
    input: &DeleteSecretRequest,
) -> Result<Option<i64>, InvalidParameterException> {
    if let Some(days) = input.recovery_window_in_days
        && !RECOVERY_WINDOW_DAYS.contains(&days)
    {
        return Err(errors::recovery_window_out_of_range());
    }
    let force = input.force_delete_without_recovery.unwrap_or(false);
    match (force, input.recovery_window_in_days) {
        (true, Some(_)) => Err(errors::force_delete_with_recovery_window()),
        (true, None) => Ok(None),
        (false, days) => Ok(Some(days.unwrap_or(DEFAULT_RECOVERY_WINDOW_DAYS))),
    }
}

/// A primary is deleted only once its replicas are gone (a replica only through its primary,
/// which the write path sees to).
fn check_deletable(secret: &Secret) -> Result<(), DeleteSecretError> {
    if !secret.replicas.is_empty() {
        let mut regions: Vec<&str> = secret
            .replicas
            .iter()
            .map(|replica| replica.region.as_str())
            .collect();
        regions.sort_unstable();
        return Err(errors::still_has_replica_regions(&secret.arn, &regions).into());
    }
    if !secret.cross_account_replicas.is_empty() {
        let replicas: Vec<&str> = secret
            .cross_account_replicas
            .iter()
            .map(|link| link.arn.as_str())
            .collect();
        return Err(errors::still_has_cross_account_replicas(&secret.arn, &replicas).into());
    }
    Ok(())
}

fn schedule_deletion(secret: &mut Secret, days: i64, now: Timestamp) -> DeleteSecretResponse {
    let purge_at = now.plus_millis(days * DAY_MILLIS);
    secret.deletion = Some(Deletion {
        deleted_at: now,
        purge_at,
    });
    secret.last_changed = now;
    DeleteSecretResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        deletion_date: Some(purge_at),
    }
}

/// The answer to a forced delete of a secret that does not exist. With no secret to take them
/// from, the ARN is the one given (or a fresh one for a name), the name the id's.
fn force_deleted_unknown(
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> DeleteSecretResponse {
    let (arn, name) = match SecretArn::parse(secret_id) {
        Some(parsed) => (secret_id.to_owned(), parsed.resource.to_owned()),
        None => (
            arn::secret_arn(&key.region, &key.account_id, secret_id),
            secret_id.to_owned(),
        ),
    };
    DeleteSecretResponse {
        arn: Some(arn),
        name: Some(name),
        deletion_date: Some(now),
    }
}

pub(crate) fn restore_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RestoreSecretRequest,
) -> Result<RestoreSecretResponse, RestoreSecretError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::ANY_SECRET, |change| {
        let secret = &mut *change.secret;
        // Restoring a secret that is not scheduled for deletion changes nothing.
        if secret.deletion.take().is_some() {
            secret.last_changed = change.now;
        }
        Ok(RestoreSecretResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delete_request(days: Option<i64>, force: Option<bool>) -> DeleteSecretRequest {
        DeleteSecretRequest {
            secret_id: "s".into(),
            recovery_window_in_days: days,
            force_delete_without_recovery: force,
        }
    }

    fn window(days: Option<i64>, force: Option<bool>) -> Result<Option<i64>, String> {
        recovery_window_days(&delete_request(days, force))
            .map_err(|error| error.message.unwrap_or_default())
    }

    #[test]
    fn the_window_defaults_to_30_days_and_force_has_none() {
        assert_eq!(window(None, None), Ok(Some(30)));
        assert_eq!(window(Some(7), Some(false)), Ok(Some(7)));
        assert_eq!(window(None, Some(true)), Ok(None));
    }

    #[test]
    fn the_range_is_checked_before_the_conflict_with_force() {
        let out_of_range =
            "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).";
        for days in [0, 6, 31] {
            assert_eq!(window(Some(days), None), Err(out_of_range.into()));
            assert_eq!(window(Some(days), Some(true)), Err(out_of_range.into()));
        }
        assert_eq!(
            window(Some(30), Some(true)),
            Err("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
                .into())
        );
    }
}
