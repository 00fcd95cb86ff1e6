//! policies operations.

use crate::emulator::Emulator;
use generated::{
    DeleteResourcePolicyError, DeleteResourcePolicyRequest, DeleteResourcePolicyResponse,
    GetResourcePolicyError, GetResourcePolicyRequest, GetResourcePolicyResponse,
    InvalidParameterException, ListResourcePoliciesError, ListResourcePoliciesRequest,
    ListResourcePoliciesResponse, PutResourcePolicyError, PutResourcePolicyRequest,
    PutResourcePolicyResponse, ValidateResourcePolicyError, ValidateResourcePolicyRequest,
    ValidateResourcePolicyResponse,
};
use runtime::RequestContext;

pub fn get_resource_policy(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: GetResourcePolicyRequest,
) -> Result<GetResourcePolicyResponse, GetResourcePolicyError> {
    Err(InvalidParameterException::new("GetResourcePolicy is not served yet.").into())
}

pub fn put_resource_policy(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: PutResourcePolicyRequest,
) -> Result<PutResourcePolicyResponse, PutResourcePolicyError> {
    Err(InvalidParameterException::new("PutResourcePolicy is not served yet.").into())
}

pub fn delete_resource_policy(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: DeleteResourcePolicyRequest,
) -> Result<DeleteResourcePolicyResponse, DeleteResourcePolicyError> {
    Err(InvalidParameterException::new("DeleteResourcePolicy is not served yet.").into())
}

pub fn list_resource_policies(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: ListResourcePoliciesRequest,
) -> Result<ListResourcePoliciesResponse, ListResourcePoliciesError> {
    Err(InvalidParameterException::new("ListResourcePolicies is not served yet.").into())
}

pub fn validate_resource_policy(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: ValidateResourcePolicyRequest,
) -> Result<ValidateResourcePolicyResponse, ValidateResourcePolicyError> {
    Err(InvalidParameterException::new("ValidateResourcePolicy is not served yet.").into())
}
