//! secrets operations.

use crate::emulator::Emulator;
use generated::{
    CreateSecretError, CreateSecretRequest, CreateSecretResponse, DeleteSecretError,
    DeleteSecretRequest, DeleteSecretResponse, DescribeSecretError, DescribeSecretRequest,
    DescribeSecretResponse, InvalidParameterException, RestoreSecretError, RestoreSecretRequest,
    RestoreSecretResponse, UpdateSecretError, UpdateSecretRequest, UpdateSecretResponse,
};
use runtime::RequestContext;

pub fn create_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: CreateSecretRequest,
) -> Result<CreateSecretResponse, CreateSecretError> {
    Err(InvalidParameterException::new("CreateSecret is not served yet.").into())
}

pub fn describe_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: DescribeSecretRequest,
) -> Result<DescribeSecretResponse, DescribeSecretError> {
    Err(InvalidParameterException::new("DescribeSecret is not served yet.").into())
}

pub fn update_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: UpdateSecretRequest,
) -> Result<UpdateSecretResponse, UpdateSecretError> {
    Err(InvalidParameterException::new("UpdateSecret is not served yet.").into())
}

pub fn delete_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: DeleteSecretRequest,
) -> Result<DeleteSecretResponse, DeleteSecretError> {
    Err(InvalidParameterException::new("DeleteSecret is not served yet.").into())
}

pub fn restore_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: RestoreSecretRequest,
) -> Result<RestoreSecretResponse, RestoreSecretError> {
    Err(InvalidParameterException::new("RestoreSecret is not served yet.").into())
}
