//! Replica upkeep, the domain side of replication: placing read-only copies of a primary in other
//! regions of its account, refreshing them (and linked cross-account replicas) after every change
//! to the primary, and removing or detaching them. The replication operations and the one write
//! path ([`crate::change`]) use it; it knows no operation. Regional replicas are in [`regional`],
//! cross-account ones in [`cross_account`].
//!
//! A regional replica has the primary's name and ARN suffix in its own region, and holds the
//! primary's versions, labels, description, tags, policy and rotation settings, with a KMS key of
//! its own. A cross-account replica is a secret of its own (created by CreateSecret with
//! `CrossAccountPrimaryARN`) that receives the primary's versions, description and type once the
//! primary's account associates it. Nothing of one partition is visible from another except
//! through these links.

mod cross_account;
mod regional;

use crate::secret::Secret;
use crate::store::{PartitionKey, Partitions};
pub(crate) use cross_account::{
    copy_to_cross_account_replica, find_mut_by_arn, mark_detached_at_primary,
};
pub(crate) use regional::{
    add_replicas, forget_regional_replica, remove_replica, replication_status, replication_statuses,
};
use runtime::Timestamp;

/// Refreshes every replica of `primary` (of `primary_key`'s partition, and taken out of it)
/// from its current state; does nothing for a secret without replicas. The write path calls it
/// after every change to a primary.
pub(crate) fn refresh_replicas(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    primary: &Secret,
    now: Timestamp,
) {
    regional::refresh_regional_replicas(partitions, primary_key, primary, now);
    cross_account::refresh_cross_account_replicas(partitions, primary, now);
}
