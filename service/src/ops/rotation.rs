//! rotation operations.

use crate::emulator::Emulator;
use generated::{
    CancelRotateSecretError, CancelRotateSecretRequest, CancelRotateSecretResponse,
    InvalidParameterException, RotateSecretError, RotateSecretRequest, RotateSecretResponse,
};
use runtime::RequestContext;

pub fn rotate_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: RotateSecretRequest,
) -> Result<RotateSecretResponse, RotateSecretError> {
    Err(InvalidParameterException::new("RotateSecret is not served yet.").into())
}

pub fn cancel_rotate_secret(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: CancelRotateSecretRequest,
) -> Result<CancelRotateSecretResponse, CancelRotateSecretError> {
    Err(InvalidParameterException::new("CancelRotateSecret is not served yet.").into())
}
