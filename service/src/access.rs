//! Finding the secret an operation names, with AWS's errors for a bad id, an unknown secret and
//! a secret scheduled for deletion. The error type is the operation's own: the bounds say which
//! modelled errors each step may return.

use crate::errors;
use crate::names::is_valid_secret_id;
use crate::not_found_hint;
use crate::secret::Secret;
use crate::store::{PartitionKey, Partitions};
use generated::{
    InvalidParameterException, InvalidRequestException, ResourceNotFoundException,
    ValidationException,
};
use runtime::Timestamp;

/// Refuses an id with characters no name or ARN can hold.
pub fn check_secret_id<E: From<ValidationException>>(secret_id: &str) -> Result<(), E> {
    if is_valid_secret_id(secret_id) {
        Ok(())
    } else {
        Err(errors::invalid_name().into())
    }
}

/// The secret `secret_id` names in `key`'s partition, even if scheduled for deletion.
pub fn find<'a, E>(
    partitions: &'a Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a Secret, E>
where
    E: From<ValidationException> + From<ResourceNotFoundException>,
{
    check_secret_id::<E>(secret_id)?;
    partitions
        .get(key)
        .and_then(|partition| partition.find(key, secret_id, now))
        .ok_or_else(|| {
            not_found_hint::note(key, secret_id);
            errors::secret_not_found().into()
        })
}

pub fn find_mut<'a, E>(
    partitions: &'a mut Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a mut Secret, E>
where
    E: From<ValidationException> + From<ResourceNotFoundException>,
{
    check_secret_id::<E>(secret_id)?;
    partitions
        .get_mut(key)
        .and_then(|partition| partition.find_mut(key, secret_id, now))
        .ok_or_else(|| {
            not_found_hint::note(key, secret_id);
            errors::secret_not_found().into()
        })
}

/// Refuses a secret scheduled for deletion, as every operation but Describe, Delete and Restore do.
pub fn not_deleted<E: From<InvalidRequestException>>(secret: &Secret) -> Result<(), E> {
    if secret.is_scheduled_for_deletion() {
        Err(errors::marked_for_deletion().into())
    } else {
        Ok(())
    }
}

/// Refuses a write to a replica: a replica changes only through its primary.
pub fn not_replica<E: From<InvalidParameterException>>(secret: &Secret) -> Result<(), E> {
    if secret.is_replica() {
        Err(errors::not_permitted_on_replica().into())
    } else {
        Ok(())
    }
}

/// [`find`] for operations that refuse secrets scheduled for deletion.
pub fn find_live<'a, E>(
    partitions: &'a Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a Secret, E>
where
    E: From<ValidationException> + From<ResourceNotFoundException> + From<InvalidRequestException>,
{
    let secret = find::<E>(partitions, key, secret_id, now)?;
    not_deleted::<E>(secret)?;
    Ok(secret)
}

/// [`find_mut`] for operations that refuse secrets scheduled for deletion.
pub fn find_live_mut<'a, E>(
    partitions: &'a mut Partitions,
    key: &PartitionKey,
    secret_id: &str,
    now: Timestamp,
) -> Result<&'a mut Secret, E>
where
    E: From<ValidationException> + From<ResourceNotFoundException> + From<InvalidRequestException>,
{
    let secret = find_mut::<E>(partitions, key, secret_id, now)?;
    not_deleted::<E>(secret)?;
    Ok(secret)
}
