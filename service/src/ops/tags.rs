//! tags operations.

use crate::emulator::Emulator;
use generated::{
    InvalidParameterException, TagResourceError, TagResourceRequest, UntagResourceError,
    UntagResourceRequest,
};
use runtime::RequestContext;

pub fn tag_resource(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: TagResourceRequest,
) -> Result<(), TagResourceError> {
    Err(InvalidParameterException::new("TagResource is not served yet.").into())
}

pub fn untag_resource(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: UntagResourceRequest,
) -> Result<(), UntagResourceError> {
    Err(InvalidParameterException::new("UntagResource is not served yet.").into())
}
