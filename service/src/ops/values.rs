//! Values and versions: GetSecretValue, PutSecretValue, BatchGetSecretValue,
//! ListSecretVersionIds and UpdateSecretVersionStage.

use crate::access;
use crate::change::Admits;
use crate::errors;
use crate::filters::{check_filters, matches_filters};
use crate::new_version::{VersionToken, requested_value, version_token};
use crate::pagination;
use crate::secret::{AWSCURRENT, Secret, SecretValue, Version};
use crate::state::Emulator;
use crate::store::{PartitionKey, Partitions};
use generated::{
    APIErrorType, BatchGetSecretValueError, BatchGetSecretValueRequest,
    BatchGetSecretValueResponse, Filter, GetSecretValueError, GetSecretValueRequest,
    GetSecretValueResponse, InvalidNextTokenException, InvalidRequestException,
    ListSecretVersionIdsError, ListSecretVersionIdsRequest, ListSecretVersionIdsResponse,
    PutSecretValueError, PutSecretValueRequest, PutSecretValueResponse, ResourceNotFoundException,
    SecretValueEntry, SecretVersionsListEntry, UpdateSecretVersionStageError,
    UpdateSecretVersionStageRequest, UpdateSecretVersionStageResponse,
};
use runtime::{OperationError, RequestContext, Timestamp};

/// BatchGetSecretValue's page size when filtering without MaxResults (the model's maximum).
const BATCH_MAX_RESULTS: usize = 20;

/// What ListSecretVersionIds reports for versions under the default `aws/secretsmanager` key.
const DEFAULT_KMS_KEY_ID: &str = "DefaultEncryptionKey";

pub(crate) fn get_secret_value(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: GetSecretValueRequest,
) -> Result<GetSecretValueResponse, GetSecretValueError> {
    let key = PartitionKey::of(ctx);
    let now = emulator.clock.now();
    let partitions = emulator.store.read();
    let secret =
        access::find_live::<GetSecretValueError>(&partitions, &key, &input.secret_id, now)?;
    let version = select_version::<GetSecretValueError>(
        secret,
        input.version_id.as_deref(),
        input.version_stage.as_deref(),
    )?;
    let entry = read_value(secret, version, now);
    Ok(GetSecretValueResponse {
        arn: entry.arn,
        name: entry.name,
        version_id: entry.version_id,
        secret_binary: entry.secret_binary,
        secret_string: entry.secret_string,
        version_stages: entry.version_stages,
        created_date: entry.created_date,
    })
}

/// The version a read names: by VersionId, by VersionStage, or both (which must agree), and
/// AWSCURRENT when it names neither.
fn select_version<'a, E>(
    secret: &'a Secret,
    version_id: Option<&str>,
    version_stage: Option<&str>,
) -> Result<&'a Version, E>
where
    E: From<ResourceNotFoundException> + From<InvalidRequestException>,
{
    let Some(version_id) = version_id else {
        let stage = version_stage.unwrap_or(AWSCURRENT);
        // A rotation's version holds no value until its function puts one.
        return secret
            .version_with_stage(stage)
            .filter(|version| version.value != SecretValue::Awaited)
            .ok_or_else(|| errors::stage_not_found(stage).into());
    };
    let version = secret
        .version(version_id)
        .filter(|version| version.value != SecretValue::Awaited)
        .ok_or_else(|| errors::version_not_found(version_id))?;
    match version_stage {
        Some(stage) if !version.has_stage(stage) => Err(errors::stage_not_on_version().into()),
        _ => Ok(version),
    }
}

/// Reads `version` of `secret`, recording the access (at day granularity, as AWS does) on both.
fn read_value(secret: &Secret, version: &Version, now: Timestamp) -> SecretValueEntry {
    secret.last_accessed.touch(now);
    version.last_accessed.touch(now);
    let (secret_string, secret_binary) = match &version.value {
        SecretValue::Text(text) => (Some(text.clone()), None),
        SecretValue::Binary(bytes) => (None, Some(bytes.clone())),
        SecretValue::Awaited => (None, None),
    };
    SecretValueEntry {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        version_id: Some(version.id.clone()),
        secret_binary,
        secret_string,
        version_stages: Some(version.stages.clone()),
        created_date: Some(version.created),
    }
}

pub(crate) fn put_secret_value(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: PutSecretValueRequest,
) -> Result<PutSecretValueResponse, PutSecretValueError> {
    let value = requested_value::<PutSecretValueError>(input.secret_string, input.secret_binary)?
        .ok_or_else(errors::value_required)?;
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        let token = input.client_request_token.as_deref();
        let version_id = match version_token::<PutSecretValueError>(secret, token, &value)? {
            VersionToken::Repeat(version_id) => return Ok(put_response(secret, version_id)),
            VersionToken::New(version_id) => version_id,
        };

        let stages = stages_of_new_version(secret, input.version_stages);
        secret.add_version(version_id.clone(), value, stages, change.now);
        secret.last_changed = change.now;
        Ok(put_response(secret, version_id))
    })
}

/// The labels a put gives its version: AWSCURRENT unless it names others, and AWSCURRENT in any
/// case on a secret's first version.
fn stages_of_new_version(secret: &Secret, requested: Option<Vec<String>>) -> Vec<String> {
    let mut stages = requested.unwrap_or_else(|| vec![AWSCURRENT.to_owned()]);
    if secret.versions.is_empty() && !stages.iter().any(|stage| stage == AWSCURRENT) {
        stages.push(AWSCURRENT.to_owned());
    }
    stages
}

fn put_response(secret: &Secret, version_id: String) -> PutSecretValueResponse {
    let stages = secret
        .version(&version_id)
        .map(|version| version.stages.clone());
    PutSecretValueResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        version_id: Some(version_id),
        version_stages: stages,
    }
}

pub(crate) fn batch_get_secret_value(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: BatchGetSecretValueRequest,
) -> Result<BatchGetSecretValueResponse, BatchGetSecretValueError> {
    let key = PartitionKey::of(ctx);
    let now = emulator.clock.now();
    let partitions = emulator.store.read();
    let (secret_ids, next_token) = match (input.secret_id_list, input.filters) {
        // MaxResults pages filtered results only, and AWS refuses it with a list (the model's
        // documentation). NextToken is ignored with a list.
        (Some(_), None) if input.max_results.is_some() => {
            return Err(errors::max_results_without_filters().into());
        }
        (Some(secret_ids), None) => (secret_ids, None),
        (None, Some(filters)) => {
            check_filters::<BatchGetSecretValueError>(&filters)?;
            let max_results = pagination::page_size(input.max_results, BATCH_MAX_RESULTS);
            let page = filtered_secret_ids(
                &partitions,
                &key,
                &filters,
                input.next_token.as_deref(),
                max_results,
                now,
            )?;
            (page.items, page.next_token)
        }
        _ => return Err(errors::ids_or_filters().into()),
    };

    let mut secret_values = Vec::new();
    let mut errors = Vec::new();
    for secret_id in secret_ids {
        match read_current(&partitions, &key, &secret_id, now) {
            Ok(entry) => secret_values.push(entry),
            Err(error) => errors.push(api_error(secret_id, &error)),
        }
    }
    Ok(BatchGetSecretValueResponse {
        secret_values: Some(secret_values),
        next_token,
        errors: Some(errors),
    })
}

/// The names of one page of the live secrets that pass `filters`, in name order.
fn filtered_secret_ids(
    partitions: &Partitions,
    key: &PartitionKey,
    filters: &[Filter],
    next_token: Option<&str>,
    max_results: usize,
    now: Timestamp,
) -> Result<pagination::Page<String>, InvalidNextTokenException> {
    let matching = partitions
        .get(key)
        .into_iter()
        .flat_map(|partition| partition.secrets_at(now))
        .filter(|secret| !secret.is_scheduled_for_deletion() && matches_filters(secret, filters))
        .map(|secret| secret.name.clone());
    // A token resumes only the listing it was issued for.
    let scope = format!("BatchGetSecretValue {filters:?}");
    pagination::paginate(matching, &scope, next_token, max_results)
}

/// GetSecretValue of one secret of a batch.
fn read_current(
    partitions: &Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<SecretValueEntry, BatchGetSecretValueError> {
    let secret = access::find_live::<BatchGetSecretValueError>(partitions, key, secret_id, now)?;
    let version = select_version::<BatchGetSecretValueError>(secret, None, None)?;
    Ok(read_value(secret, version, now))
}

/// A batch member that failed, reported in `Errors` instead of failing the call.
fn api_error(secret_id: String, error: &BatchGetSecretValueError) -> APIErrorType {
    APIErrorType {
        secret_id: Some(secret_id),
        error_code: Some(error.type_name().to_owned()),
        message: error.message().map(str::to_owned),
    }
}

pub(crate) fn list_secret_version_ids(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: ListSecretVersionIdsRequest,
) -> Result<ListSecretVersionIdsResponse, ListSecretVersionIdsError> {
    let key = PartitionKey::of(ctx);
    let partitions = emulator.store.read();
    // A secret scheduled for deletion still lists its versions (the operation has no
    // InvalidRequestException to refuse it with).
    let secret = access::find::<ListSecretVersionIdsError>(
        &partitions,
        &key,
        &input.secret_id,
        emulator.clock.now(),
    )?;
    let include_deprecated = input.include_deprecated.unwrap_or(false);
    let listed = secret
        .versions
        .iter()
        .filter(|version| include_deprecated || !version.stages.is_empty());
    // A token resumes only the listing it was issued for.
    let scope = format!("ListSecretVersionIds {} {include_deprecated}", secret.arn);
    // Without MaxResults every version fits on one page.
    let max_results = pagination::page_size(input.max_results, usize::MAX);
    let page = pagination::paginate(listed, &scope, input.next_token.as_deref(), max_results)?;
    let kms_key_ids = vec![
        secret
            .kms_key_id
            .clone()
            .unwrap_or_else(|| DEFAULT_KMS_KEY_ID.to_owned()),
    ];
    Ok(ListSecretVersionIdsResponse {
        versions: Some(
            page.items
                .into_iter()
                .map(|version| version_entry(version, &kms_key_ids))
                .collect(),
        ),
        next_token: page.next_token,
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
    })
}

/// A version as ListSecretVersionIds lists it: no `VersionStages` key at all when it has none.
fn version_entry(version: &Version, kms_key_ids: &[String]) -> SecretVersionsListEntry {
    SecretVersionsListEntry {
        version_id: Some(version.id.clone()),
        version_stages: Some(version.stages.clone()).filter(|stages| !stages.is_empty()),
        last_accessed_date: version.last_accessed.get(),
        created_date: Some(version.created),
        kms_key_ids: Some(kms_key_ids.to_vec()),
    }
}

pub(crate) fn update_secret_version_stage(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: UpdateSecretVersionStageRequest,
) -> Result<UpdateSecretVersionStageResponse, UpdateSecretVersionStageError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        let stage = input.version_stage.as_str();
        let move_to = input.move_to_version_id.as_deref();
        check_stage_move(
            secret,
            stage,
            input.remove_from_version_id.as_deref(),
            move_to,
        )?;

        secret.move_stage(stage, move_to, change.now);
        secret.last_changed = change.now;
        Ok(UpdateSecretVersionStageResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
        })
    })
}

/// AWS's rules for moving `stage` off `remove_from` and onto `move_to`: both must be versions of
/// the secret; `remove_from` must be the version holding the label; a label held by another
/// version moves only when `remove_from` names that version; AWSCURRENT is never just removed.
fn check_stage_move(
    secret: &Secret,
    stage: &str,
    remove_from: Option<&str>,
    move_to: Option<&str>,
) -> Result<(), UpdateSecretVersionStageError> {
    for version_id in [remove_from, move_to].into_iter().flatten() {
        if secret.version(version_id).is_none() {
            return Err(errors::version_not_found(version_id).into());
        }
    }
    let holder = secret
        .version_with_stage(stage)
        .map(|version| version.id.as_str());
    if let Some(remove_from) = remove_from
        && holder != Some(remove_from)
    {
        return Err(errors::stage_not_attached(stage, remove_from).into());
    }
    match (move_to, remove_from, holder) {
        (None, None, _) => Err(errors::stage_update_names_no_version().into()),
        (None, Some(_), _) if stage == AWSCURRENT => Err(errors::current_stage_must_move().into()),
        (Some(move_to), None, Some(holder)) if holder != move_to => {
            Err(errors::remove_from_version_id_required(stage, holder).into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AWSPREVIOUS;

    fn secret_with_two_versions() -> Secret {
        let now = Timestamp::from_epoch_millis(0);
        let mut secret = Secret::new("s".into(), "arn:s".into(), now);
        for id in ["v1", "v2"] {
            let value = SecretValue::Text(id.into());
            secret.add_version(id.into(), value, vec![AWSCURRENT.into()], now);
        }
        secret
    }

    fn message(result: Result<(), UpdateSecretVersionStageError>) -> String {
        match result {
            Err(UpdateSecretVersionStageError::InvalidParameterException(error)) => {
                error.message.unwrap_or_default()
            }
            Err(UpdateSecretVersionStageError::ResourceNotFoundException(error)) => {
                error.message.unwrap_or_default()
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn moving_a_held_label_needs_its_holder() {
        let secret = secret_with_two_versions();
        assert_eq!(
            message(check_stage_move(&secret, AWSCURRENT, None, Some("v1"))),
            "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is \
             currently attached to version v2, so you must explicitly reference that version in \
             RemoveFromVersionId."
        );
        assert_eq!(
            message(check_stage_move(
                &secret,
                AWSCURRENT,
                Some("v1"),
                Some("v1")
            )),
            "Staging label AWSCURRENT is not attached to version v1, so it can't be removed from \
             that version."
        );
        assert!(check_stage_move(&secret, AWSCURRENT, Some("v2"), Some("v1")).is_ok());
    }

    #[test]
    fn labels_move_freely_onto_their_holder_or_when_unheld() {
        let secret = secret_with_two_versions();
        assert!(check_stage_move(&secret, AWSCURRENT, None, Some("v2")).is_ok());
        assert!(check_stage_move(&secret, "custom", None, Some("v1")).is_ok());
        assert!(check_stage_move(&secret, AWSPREVIOUS, Some("v1"), None).is_ok());
    }

    #[test]
    fn unknown_versions_and_empty_moves_are_refused() {
        let secret = secret_with_two_versions();
        assert_eq!(
            message(check_stage_move(&secret, "x", None, Some("nope"))),
            "Secrets Manager can't find the specified secret value for VersionId: nope"
        );
        assert!(check_stage_move(&secret, "x", None, None).is_err());
        assert!(check_stage_move(&secret, AWSCURRENT, Some("v2"), None).is_err());
    }

    #[test]
    fn a_first_put_is_current_whatever_its_labels() {
        let now = Timestamp::from_epoch_millis(0);
        let empty = Secret::new("s".into(), "arn:s".into(), now);
        assert_eq!(
            stages_of_new_version(&empty, Some(vec!["AWSPENDING".into()])),
            ["AWSPENDING", AWSCURRENT]
        );
        let secret = secret_with_two_versions();
        assert_eq!(
            stages_of_new_version(&secret, Some(vec!["AWSPENDING".into()])),
            ["AWSPENDING"]
        );
        assert_eq!(stages_of_new_version(&secret, None), [AWSCURRENT]);
    }
}
