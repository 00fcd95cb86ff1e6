//! Resource policies: GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy,
//! ListResourcePolicies and ValidateResourcePolicy. A secret holds at most the `default`
//! policy, the only one AWS lets you attach.

use crate::access;
use crate::change::Admits;
use crate::pagination;
use crate::policy_document::PolicyDocument;
use crate::state::Emulator;
use crate::store::PartitionKey;
use generated::{
    DeleteResourcePolicyError, DeleteResourcePolicyRequest, DeleteResourcePolicyResponse,
    GetResourcePolicyError, GetResourcePolicyRequest, GetResourcePolicyResponse,
    InvalidParameterException, ListResourcePoliciesError, ListResourcePoliciesRequest,
    ListResourcePoliciesResponse, MalformedPolicyDocumentException, PublicPolicyException,
    PutResourcePolicyError, PutResourcePolicyRequest, PutResourcePolicyResponse,
    ResourceNotFoundException, ResourcePolicySummary, ValidateResourcePolicyError,
    ValidateResourcePolicyRequest, ValidateResourcePolicyResponse, ValidationErrorsEntry,
};
use runtime::RequestContext;

/// The policy a request means when it names none, and the only one that can be attached.
const DEFAULT_POLICY: &str = "default";

/// Page size when ListResourcePolicies gives no MaxResults.
const DEFAULT_MAX_RESULTS: usize = 100;

/// ValidationErrors check names (ours: AWS's are not recorded anywhere we trust).
const SYNTAX_CHECK: &str = "POLICY_SYNTAX";
const BROAD_ACCESS_CHECK: &str = "BROAD_ACCESS";

pub(crate) fn get_resource_policy(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: GetResourcePolicyRequest,
) -> Result<GetResourcePolicyResponse, GetResourcePolicyError> {
    let partitions = emulator.store.read();
    let secret = access::find_live::<GetResourcePolicyError>(
        &partitions,
        &PartitionKey::of(ctx),
        &input.secret_id,
        emulator.clock.now(),
    )?;
    // Only `default` can exist, so any other name is a policy that is not there.
    if !is_default(input.policy_name.as_deref()) {
        return Err(policy_not_found().into());
    }
    Ok(GetResourcePolicyResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        resource_policy: secret.policy.clone(),
        policy_name: Some(DEFAULT_POLICY.into()),
    })
}

pub(crate) fn put_resource_policy(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: PutResourcePolicyRequest,
) -> Result<PutResourcePolicyResponse, PutResourcePolicyError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        if !is_default(input.policy_name.as_deref()) {
            return Err(only_default_policy("attach").into());
        }
        let policy = PolicyDocument::parse(&input.resource_policy)
            .filter(|policy| policy.syntax_errors().is_empty())
            .ok_or_else(invalid_syntax)?;
        if input.block_public_policy == Some(true) && policy.grants_broad_access() {
            return Err(PublicPolicyException::new(BROAD_ACCESS_MESSAGE).into());
        }
        secret.policy = Some(input.resource_policy);
        secret.last_changed = change.now;
        Ok(PutResourcePolicyResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            policy_name: Some(DEFAULT_POLICY.into()),
        })
    })
}

pub(crate) fn delete_resource_policy(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: DeleteResourcePolicyRequest,
) -> Result<DeleteResourcePolicyResponse, DeleteResourcePolicyError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        if !is_default(input.policy_name.as_deref()) {
            return Err(only_default_policy("delete").into());
        }
        // Deleting a policy that is not there succeeds and changes nothing.
        if secret.policy.take().is_some() {
            secret.last_changed = change.now;
        }
        Ok(DeleteResourcePolicyResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            policy_name: Some(DEFAULT_POLICY.into()),
        })
    })
}

pub(crate) fn list_resource_policies(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: ListResourcePoliciesRequest,
) -> Result<ListResourcePoliciesResponse, ListResourcePoliciesError> {
    let partitions = emulator.store.read();
    let secret = access::find_live::<ListResourcePoliciesError>(
        &partitions,
        &PartitionKey::of(ctx),
        &input.secret_id,
        emulator.clock.now(),
    )?;
    let policies = secret.policy.as_ref().map(|_| ResourcePolicySummary {
        policy_name: Some(DEFAULT_POLICY.into()),
    });
    let max_results = input
        .max_results
        .and_then(|max| usize::try_from(max).ok())
        .unwrap_or(DEFAULT_MAX_RESULTS);
    let scope = format!("ListResourcePolicies {}", secret.arn);
    let page = pagination::paginate(policies, &scope, input.next_token.as_deref(), max_results)?;
    Ok(ListResourcePoliciesResponse {
        resource_policies: page.items,
        next_token: page.next_token,
    })
}

pub(crate) fn validate_resource_policy(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: ValidateResourcePolicyRequest,
) -> Result<ValidateResourcePolicyResponse, ValidateResourcePolicyError> {
    if let Some(secret_id) = &input.secret_id {
        let partitions = emulator.store.read();
        access::find_live::<ValidateResourcePolicyError>(
            &partitions,
            &PartitionKey::of(ctx),
            secret_id,
            emulator.clock.now(),
        )?;
    }
    // Text that is not even a JSON object has no statements to report on.
    let policy = PolicyDocument::parse(&input.resource_policy).ok_or_else(invalid_syntax)?;
    let validation_errors = validation_errors(&policy);
    Ok(ValidateResourcePolicyResponse {
        policy_validation_passed: validation_errors.is_empty(),
        // AWS sends an empty list for a policy that passes.
        validation_errors: Some(validation_errors),
    })
}

/// What ValidateResourcePolicy reports: each grammar problem, and broad access. Broad access is
/// only judged on a grammatically valid policy.
fn validation_errors(policy: &PolicyDocument) -> Vec<ValidationErrorsEntry> {
    let entry = |check: &str, message: String| ValidationErrorsEntry {
        check_name: Some(check.into()),
        error_message: Some(message),
    };
    let syntax_errors: Vec<ValidationErrorsEntry> = policy
        .syntax_errors()
        .into_iter()
        .map(|message| entry(SYNTAX_CHECK, message))
        .collect();
    if syntax_errors.is_empty() && policy.grants_broad_access() {
        return vec![entry(BROAD_ACCESS_CHECK, BROAD_ACCESS_MESSAGE.into())];
    }
    syntax_errors
}

fn is_default(policy_name: Option<&str>) -> bool {
    policy_name.is_none_or(|name| name == DEFAULT_POLICY)
}

/// AWS's text for a policy it cannot parse, as reported from PutResourcePolicy (2020).
fn invalid_syntax() -> MalformedPolicyDocumentException {
    MalformedPolicyDocumentException::new("This policy has invalid syntax.")
}

// The texts below are ours: no AWS capture of them exists.

const BROAD_ACCESS_MESSAGE: &str = "This resource policy grants broad access to the secret.";

fn only_default_policy(verb: &str) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "You can only {verb} the {DEFAULT_POLICY} resource policy."
    ))
}

fn policy_not_found() -> ResourceNotFoundException {
    ResourceNotFoundException::new("Secrets Manager can't find the specified resource policy.")
}
