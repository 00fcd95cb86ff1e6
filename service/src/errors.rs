//! The AWS error texts the service returns, each written once.

use generated::{
    InvalidParameterException, InvalidRequestException, ResourceExistsException,
    ResourceNotFoundException, ValidationException,
};

pub fn secret_not_found() -> ResourceNotFoundException {
    ResourceNotFoundException::new("Secrets Manager can't find the specified secret.")
}

pub fn stage_not_found(stage: &str) -> ResourceNotFoundException {
    ResourceNotFoundException::new(format!(
        "Secrets Manager can't find the specified secret value for staging label: {stage}"
    ))
}

pub fn version_not_found(version_id: &str) -> ResourceNotFoundException {
    ResourceNotFoundException::new(format!(
        "Secrets Manager can't find the specified secret value for VersionId: {version_id}"
    ))
}

pub fn marked_for_deletion() -> InvalidRequestException {
    InvalidRequestException::new(
        "You can't perform this operation on the secret because it was marked for deletion.",
    )
}

pub fn already_scheduled_for_deletion() -> InvalidRequestException {
    InvalidRequestException::new(
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )
}

pub fn already_exists(name: &str) -> ResourceExistsException {
    ResourceExistsException::new(format!(
        "The operation failed because the secret {name} already exists."
    ))
}

pub fn token_in_use(token: &str, arn: &str) -> ResourceExistsException {
    ResourceExistsException::new(format!(
        "You can't use ClientRequestToken {token} because that value is already in use for a version of secret {arn}."
    ))
}

pub fn string_and_binary() -> InvalidParameterException {
    InvalidParameterException::new(
        "You can't specify both a binary secret value and a string secret value in the same secret.",
    )
}

pub fn invalid_name() -> ValidationException {
    ValidationException::new(
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    )
}

pub fn recovery_window_out_of_range() -> InvalidParameterException {
    InvalidParameterException::new(
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    )
}
