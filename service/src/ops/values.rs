//! values operations.

use crate::emulator::Emulator;
use generated::{
    BatchGetSecretValueError, BatchGetSecretValueRequest, BatchGetSecretValueResponse,
    GetSecretValueError, GetSecretValueRequest, GetSecretValueResponse, InvalidParameterException,
    ListSecretVersionIdsError, ListSecretVersionIdsRequest, ListSecretVersionIdsResponse,
    PutSecretValueError, PutSecretValueRequest, PutSecretValueResponse,
    UpdateSecretVersionStageError, UpdateSecretVersionStageRequest,
    UpdateSecretVersionStageResponse,
};
use runtime::RequestContext;

pub fn get_secret_value(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: GetSecretValueRequest,
) -> Result<GetSecretValueResponse, GetSecretValueError> {
    Err(InvalidParameterException::new("GetSecretValue is not served yet.").into())
}

pub fn put_secret_value(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: PutSecretValueRequest,
) -> Result<PutSecretValueResponse, PutSecretValueError> {
    Err(InvalidParameterException::new("PutSecretValue is not served yet.").into())
}

pub fn batch_get_secret_value(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: BatchGetSecretValueRequest,
) -> Result<BatchGetSecretValueResponse, BatchGetSecretValueError> {
    Err(InvalidParameterException::new("BatchGetSecretValue is not served yet.").into())
}

pub fn list_secret_version_ids(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: ListSecretVersionIdsRequest,
) -> Result<ListSecretVersionIdsResponse, ListSecretVersionIdsError> {
    Err(InvalidParameterException::new("ListSecretVersionIds is not served yet.").into())
}

pub fn update_secret_version_stage(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: UpdateSecretVersionStageRequest,
) -> Result<UpdateSecretVersionStageResponse, UpdateSecretVersionStageError> {
    Err(InvalidParameterException::new("UpdateSecretVersionStage is not served yet.").into())
}
