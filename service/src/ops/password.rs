//! password operations.

use crate::emulator::Emulator;
use generated::{
    GetRandomPasswordError, GetRandomPasswordRequest, GetRandomPasswordResponse,
    InvalidParameterException,
};
use runtime::RequestContext;

pub fn get_random_password(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: GetRandomPasswordRequest,
) -> Result<GetRandomPasswordResponse, GetRandomPasswordError> {
    Err(InvalidParameterException::new("GetRandomPassword is not served yet.").into())
}
