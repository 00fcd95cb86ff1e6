//! listing operations.

use crate::emulator::Emulator;
use generated::{
    InvalidParameterException, ListSecretsError, ListSecretsRequest, ListSecretsResponse,
};
use runtime::RequestContext;

pub fn list_secrets(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: ListSecretsRequest,
) -> Result<ListSecretsResponse, ListSecretsError> {
    Err(InvalidParameterException::new("ListSecrets is not served yet.").into())
}
