//! Another account's secret, reached by its full ARN in the caller's region when the secret's
//! resource policy allows the operation, as AWS allows it. By name or partial ARN a caller only
//! ever reaches its own account's secrets. The owner's own calls are not checked against the
//! policy: the emulator has no IAM identities, so the owner account may do everything.

use crate::arn::SecretArn;
use crate::errors;
use crate::policy_document::PolicyDocument;
use crate::policy_evaluation::{Decision, PolicyRequest, evaluate};
use crate::secret::Secret;
use crate::store::{PartitionKey, Partitions};
use generated::{AccessDeniedException, InvalidRequestException, Operation};
use runtime::Timestamp;

/// An operation's error type names the action a resource policy is asked about when another
/// account calls the operation: the operation itself, except that BatchGetSecretValue reads each
/// secret as GetSecretValue (AWS documents that it needs that permission for each secret).
pub(crate) trait SecretOperation: Sized {
    const ACTION: Operation;

    /// The refusal of another account's call on a secret under the default key, for the
    /// operations that encrypt or decrypt the value (the default key serves its own account
    /// only); `None` for the rest.
    fn default_key_refusal() -> Option<Self> {
        None
    }
}

macro_rules! secret_operations {
    ($($action:ident: $error:ident $(=> $refusal:expr)?;)*) => {$(
        impl SecretOperation for generated::$error {
            const ACTION: Operation = Operation::$action;
            $(
                fn default_key_refusal() -> Option<Self> {
                    Some($refusal.into())
                }
            )?
        }
    )*};
}

// Every operation that names a secret. Those that encrypt or decrypt the value name their
// refusal; UpdateSecret touches the value only when it carries one, so it checks the key itself
// (see `refuse_default_key`).
secret_operations! {
    AssociateCrossAccountReplica: AssociateCrossAccountReplicaError;
    GetSecretValue: BatchGetSecretValueError => errors::default_key_from_other_account();
    CancelRotateSecret: CancelRotateSecretError;
    DeleteResourcePolicy: DeleteResourcePolicyError;
    DeleteSecret: DeleteSecretError;
    DescribeSecret: DescribeSecretError;
    DisassociateCrossAccountReplica: DisassociateCrossAccountReplicaError;
    GetResourcePolicy: GetResourcePolicyError;
    GetSecretValue: GetSecretValueError => errors::default_key_from_other_account();
    ListResourcePolicies: ListResourcePoliciesError;
    ListSecretVersionIds: ListSecretVersionIdsError;
    PutResourcePolicy: PutResourcePolicyError;
    PutSecretValue: PutSecretValueError => errors::default_key_from_other_account();
    RemoveRegionsFromReplication: RemoveRegionsFromReplicationError;
    ReplicateSecretToRegions: ReplicateSecretToRegionsError;
    RestoreSecret: RestoreSecretError;
    RotateSecret: RotateSecretError => errors::default_key_from_other_account();
    StopReplicationToReplica: StopReplicationToReplicaError;
    TagResource: TagResourceError;
    UntagResource: UntagResourceError;
    UpdateSecret: UpdateSecretError;
    UpdateSecretVersionStage: UpdateSecretVersionStageError;
    ValidateResourcePolicy: ValidateResourcePolicyError;
}

/// The secret of another account that `secret_id` names by its full ARN, in the caller's
/// region, with the partition it lives in.
pub(crate) fn find_by_arn<'a>(
    partitions: &'a Partitions,
    caller: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Option<(&'a Secret, PartitionKey)> {
    let arn = SecretArn::parse(secret_id)?;
    if arn.region != caller.region || arn.account_id == caller.account_id {
        return None;
    }
    let owner = PartitionKey::new(arn.account_id, arn.region);
    let secret = partitions
        .get(&owner)?
        .find(&owner, secret_id, now)
        .filter(|secret| secret.arn == secret_id)?;
    Some((secret, owner))
}

/// Lets the account `caller_account` perform `E`'s action on another account's `secret` only
/// if the secret's resource policy allows it, and never on a value under the default key.
pub(crate) fn authorize<E>(secret: &Secret, caller_account: &str) -> Result<(), E>
where
    E: SecretOperation + From<AccessDeniedException>,
{
    let action = format!("secretsmanager:{}", E::ACTION.name());
    let request = PolicyRequest {
        account_id: caller_account,
        action: &action,
        resource: &secret.arn,
    };
    let decision = secret
        .policy
        .as_deref()
        .and_then(PolicyDocument::parse)
        .map_or(Decision::NotAllowed, |policy| evaluate(&policy, &request));
    let reason = match decision {
        Decision::Allowed => {
            return match E::default_key_refusal() {
                Some(refusal) if secret.uses_default_key() => Err(refusal),
                _ => Ok(()),
            };
        }
        Decision::NotAllowed => {
            format!("because no resource-based policy allows the {action} action")
        }
        Decision::Denied => "with an explicit deny in a resource-based policy".to_owned(),
    };
    Err(AccessDeniedException::new(format!(
        "User: arn:aws:iam::{caller_account}:root is not authorized to perform: {action} on \
         resource: {} {reason}",
        secret.arn
    ))
    .into())
}

/// For an operation that touches the value only sometimes (UpdateSecret with a new value):
/// refuses a caller from another account on a secret under the default key.
pub(crate) fn refuse_default_key<E: From<InvalidRequestException>>(
    secret: &Secret,
    from_other_account: bool,
) -> Result<(), E> {
    if from_other_account && secret.uses_default_key() {
        Err(errors::default_key_from_other_account().into())
    } else {
        Ok(())
    }
}
