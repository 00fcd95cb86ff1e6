//! The AWS error texts the service returns, each written once.

use generated::{
    InvalidNextTokenException, InvalidParameterException, InvalidRequestException,
    ResourceExistsException, ResourceNotFoundException, ValidationException,
};

pub(crate) fn secret_not_found() -> ResourceNotFoundException {
    ResourceNotFoundException::new("Secrets Manager can't find the specified secret.")
}

pub(crate) fn stage_not_found(stage: &str) -> ResourceNotFoundException {
    ResourceNotFoundException::new(format!(
        "Secrets Manager can't find the specified secret value for staging label: {stage}"
    ))
}

pub(crate) fn version_not_found(version_id: &str) -> ResourceNotFoundException {
    ResourceNotFoundException::new(format!(
        "Secrets Manager can't find the specified secret value for VersionId: {version_id}"
    ))
}

/// Recorded in LocalStack's AWS-validated `test_cross_account_access`.
pub(crate) fn default_key_from_other_account() -> InvalidRequestException {
    InvalidRequestException::new(
        "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    )
}

pub(crate) fn marked_for_deletion() -> InvalidRequestException {
    InvalidRequestException::new(
        "You can't perform this operation on the secret because it was marked for deletion.",
    )
}

pub(crate) fn already_scheduled_for_deletion() -> InvalidRequestException {
    InvalidRequestException::new(
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )
}

pub(crate) fn already_exists(name: &str) -> ResourceExistsException {
    ResourceExistsException::new(format!(
        "The operation failed because the secret {name} already exists."
    ))
}

pub(crate) fn token_in_use(token: &str, arn: &str) -> ResourceExistsException {
    ResourceExistsException::new(format!(
        "You can't use ClientRequestToken {token} because that value is already in use for a version of secret {arn}."
    ))
}

pub(crate) fn string_and_binary() -> InvalidParameterException {
    InvalidParameterException::new(
        "You can't specify both a binary secret value and a string secret value in the same secret.",
    )
}

pub(crate) fn invalid_name() -> ValidationException {
    ValidationException::new(
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    )
}

pub(crate) fn recovery_window_out_of_range() -> InvalidParameterException {
    InvalidParameterException::new(
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    )
}

pub(crate) fn force_delete_with_recovery_window() -> InvalidParameterException {
    InvalidParameterException::new(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    )
}

/// PutSecretValue without a value (AWS's text as Terraform users report it).
pub(crate) fn value_required() -> InvalidRequestException {
    InvalidRequestException::new("You must provide either SecretString or SecretBinary.")
}

pub(crate) fn stage_not_on_version() -> InvalidRequestException {
    InvalidRequestException::new(
        "You provided a VersionStage that is not associated to the provided VersionId.",
    )
}

/// A write to a replica; AWS's text as reported from PutResourcePolicy and DeleteSecret.
pub(crate) fn not_permitted_on_replica() -> InvalidParameterException {
    InvalidParameterException::new(
        "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
    )
}

/// DeleteSecret on a primary that still has replicas; `regions` as AWS lists them, `[a, b]`.
pub(crate) fn still_has_replica_regions(arn: &str, regions: &[&str]) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "You can't delete secret {arn} that still has replica regions [{}].",
        regions.join(", ")
    ))
}

/// DeleteSecret on a primary that still has cross-account replicas (our wording, after the
/// regional one: no AWS capture).
pub(crate) fn still_has_cross_account_replicas(
    arn: &str,
    replicas: &[&str],
) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "You can't delete secret {arn} that still has cross-account replicas [{}].",
        replicas.join(", ")
    ))
}

/// UpdateSecretVersionStage moving a label that another version holds.
pub(crate) fn remove_from_version_id_required(
    stage: &str,
    holder: &str,
) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "The parameter RemoveFromVersionId can't be empty. Staging label {stage} is currently attached to version {holder}, so you must explicitly reference that version in RemoveFromVersionId."
    ))
}

/// A NextToken this server did not issue for this listing (our wording: no AWS capture).
pub(crate) fn invalid_next_token() -> InvalidNextTokenException {
    InvalidNextTokenException::new("The NextToken value is invalid.")
}

/// UpdateSecretVersionStage with a RemoveFromVersionId that does not hold the label (our wording:
/// no AWS capture).
pub(crate) fn stage_not_attached(stage: &str, version_id: &str) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "Staging label {stage} is not attached to version {version_id}, so it can't be removed from that version."
    ))
}

/// UpdateSecretVersionStage removing AWSCURRENT without moving it (our wording: no AWS capture).
pub(crate) fn current_stage_must_move() -> InvalidParameterException {
    InvalidParameterException::new(
        "You can't remove the staging label AWSCURRENT from a version without moving it to another version with MoveToVersionId.",
    )
}

/// UpdateSecretVersionStage naming no version at all (our wording: no AWS capture).
pub(crate) fn stage_update_names_no_version() -> InvalidParameterException {
    InvalidParameterException::new(
        "You must specify MoveToVersionId, RemoveFromVersionId, or both.",
    )
}

/// BatchGetSecretValue with both or neither of SecretIdList and Filters (moto's wording: no AWS
/// capture).
pub(crate) fn ids_or_filters() -> InvalidParameterException {
    InvalidParameterException::new(
        "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
    )
}

/// BatchGetSecretValue with MaxResults but no Filters. The model's documentation says MaxResults
/// needs Filters; no capture of AWS's text exists, so the wording is ours.
pub(crate) fn max_results_without_filters() -> InvalidParameterException {
    InvalidParameterException::new("MaxResults can be used only together with Filters.")
}
