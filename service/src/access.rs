//! Finding the secret an operation names, with AWS's errors for a bad id, an unknown secret, a
//! secret of another account the caller may not reach, and a secret scheduled for deletion. The
//! error type is the operation's own: the bounds say which modelled errors each step may return,
//! and the type names the operation (see [`SecretOperation`]).

use crate::cross_account::{self, SecretOperation};
use crate::errors;
use crate::names::is_valid_secret_id;
use crate::not_found_hint;
use crate::secret::Secret;
use crate::store::{PartitionKey, Partitions};
use generated::{
    AccessDeniedException, InvalidParameterException, InvalidRequestException,
    ResourceNotFoundException, ValidationException,
};
use runtime::Timestamp;

/// What every lookup may answer: a bad id, no such secret, or another account's secret the
/// caller may not reach; and the operation it looks up for.
pub(crate) trait Lookup:
    SecretOperation
    + From<ValidationException>
    + From<ResourceNotFoundException>
    + From<AccessDeniedException>
{
}

impl<E> Lookup for E where
    E: SecretOperation
        + From<ValidationException>
        + From<ResourceNotFoundException>
        + From<AccessDeniedException>
{
}

/// Refuses an id with characters no name or ARN can hold.
pub(crate) fn check_secret_id<E: From<ValidationException>>(secret_id: &str) -> Result<(), E> {
    if is_valid_secret_id(secret_id) {
        Ok(())
    } else {
        Err(errors::invalid_name().into())
    }
}

/// The secret `secret_id` names for the caller whose partition is `key`, even if scheduled for
/// deletion: by name, full or partial ARN in the caller's own partition, or by full ARN another
/// account's secret in the same region if its resource policy allows the action `E` names.
pub(crate) fn find<'a, E>(
    partitions: &'a Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a Secret, E>
where
    E: Lookup,
{
    locate::<E>(partitions, key, secret_id, now).map(|(secret, _)| secret)
}

/// [`find`], with the partition of the secret when it is another account's.
pub(crate) fn locate<'a, E>(
    partitions: &'a Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<(&'a Secret, Option<PartitionKey>), E>
where
    E: Lookup,
{
    check_secret_id::<E>(secret_id)?;
    if let Some(secret) = partitions
        .get(key)
        .and_then(|partition| partition.find(key, secret_id, now))
    {
        return Ok((secret, None));
    }
    let (secret, owner) =
        cross_account::find_by_arn(partitions, key, secret_id, now).ok_or_else(|| {
            not_found_hint::note(key, secret_id);
            errors::secret_not_found()
        })?;
    cross_account::authorize::<E>(secret, &key.account_id)?;
    Ok((secret, Some(owner)))
}

/// Refuses a secret scheduled for deletion, as every operation but Describe, Delete and Restore do.
pub(crate) fn not_deleted<E: From<InvalidRequestException>>(secret: &Secret) -> Result<(), E> {
    if secret.is_scheduled_for_deletion() {
        Err(errors::marked_for_deletion().into())
    } else {
        Ok(())
    }
}

/// Refuses a write to a replica: a replica changes only through its primary.
pub(crate) fn not_replica<E: From<InvalidParameterException>>(secret: &Secret) -> Result<(), E> {
    if secret.is_replica() {
        Err(errors::not_permitted_on_replica().into())
    } else {
        Ok(())
    }
}

/// [`find`] for operations that refuse secrets scheduled for deletion.
pub(crate) fn find_live<'a, E>(
    partitions: &'a Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a Secret, E>
where
    E: Lookup + From<InvalidRequestException>,
{
    let secret = find::<E>(partitions, key, secret_id, now)?;
    not_deleted::<E>(secret)?;
    Ok(secret)
}
