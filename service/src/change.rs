//! The one way an operation changes a secret that exists: find it under the write lock with the
//! rules every write shares (a replica changes only through its primary; a secret scheduled for
//! deletion takes no changes), let the operation change it, then bring its replicas up to date.
//! Recording the change for persistence is the store's own doing (see [`crate::store`]). A write
//! that goes through here cannot forget any of this: requests come in through
//! [`Emulator::change_secret`], and the changes the emulator makes on its own (a rotation that came
//! due, the end of a rotation function's run) through [`Emulator::change_stored_secret`].

use crate::access::{self, Lookup};
use crate::errors;
use crate::replicas;
use crate::secret::Secret;
use crate::state::Emulator;
use crate::store::{PartitionKey, Partitions};
use generated::{InvalidParameterException, InvalidRequestException};
use runtime::{RequestContext, Timestamp};

/// Which secrets an operation may change. Most take only a live primary; the exceptions are
/// AWS's own.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Admits {
    deleted: bool,
    replicas: bool,
}

impl Admits {
    /// A primary that is not scheduled for deletion: every write but the three below.
    pub(crate) const LIVE_PRIMARY: Self = Self {
        deleted: false,
        replicas: false,
    };
    /// DeleteSecret: a primary, even one already scheduled for deletion (a forced delete of it
    /// succeeds).
    pub(crate) const PRIMARY: Self = Self {
        deleted: true,
        replicas: false,
    };
    /// StopReplicationToReplica: a live secret, replica or not (it refuses a non-replica itself).
    pub(crate) const LIVE_SECRET: Self = Self {
        deleted: false,
        replicas: true,
    };
    /// RestoreSecret: any secret that still exists.
    pub(crate) const ANY_SECRET: Self = Self {
        deleted: true,
        replicas: true,
    };
}

/// What an operation's change works on.
pub(crate) struct Change<'a> {
    /// The secret, taken out of its partition for the change, so that the change may also reach
    /// other secrets (replicas, cross-account links) through `partitions`.
    pub secret: &'a mut Secret,
    /// Every partition, without `secret`.
    pub partitions: &'a mut Partitions,
    /// The partition the secret lives in.
    pub key: &'a PartitionKey,
    /// The time of the write.
    pub now: Timestamp,
    /// Whether the caller is another account than the secret's, reaching it through the
    /// secret's resource policy.
    pub from_other_account: bool,
    remove: bool,
}

impl Change<'_> {
    /// Deletes the secret for good (a forced DeleteSecret) instead of putting it back.
    pub(crate) fn remove(&mut self) {
        self.remove = true;
    }
}

impl Emulator {
    /// Runs `change` on the secret `secret_id` names for the caller of `ctx` (found as
    /// [`access::find`] finds it, so another account's secret only by full ARN and as its
    /// resource policy allows), under the write lock: refuses what `admits` does not admit, and
    /// after a successful change refreshes the secret's replicas. On an error the change must
    /// have left the secret as it was (every operation validates before it changes anything); it
    /// is put back either way.
    pub(crate) fn change_secret<T, E>(
        &self,
        ctx: &RequestContext,
        secret_id: &str,
        admits: Admits,
        change: impl FnOnce(&mut Change<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: Lookup + From<InvalidRequestException> + From<InvalidParameterException>,
    {
        let caller = PartitionKey::of(ctx);
        let now = self.clock.now();
        let mut partitions = self.store.write();
        let (found, owner) = access::locate::<E>(&partitions, &caller, secret_id, now)?;
        if !admits.deleted {
            access::not_deleted::<E>(found)?;
        }
        if !admits.replicas {
            access::not_replica::<E>(found)?;
        }
        let name = found.name.clone();
        let from_other_account = owner.is_some();
        let key = owner.unwrap_or(caller);
        change_stored(
            &mut partitions,
            &key,
            &name,
            now,
            from_other_account,
            change,
        )
        // Found above under the same lock, so this does not happen.
        .unwrap_or_else(|| Err(errors::secret_not_found().into()))
    }

    /// Runs `change` on the secret stored under `name` in partition `key` (even one scheduled
    /// for deletion, or a replica), under the write lock, with the same epilogue as
    /// [`Self::change_secret`]: for the changes the emulator makes on its own, a rotation that
    /// came due or the end of a rotation function's run, which name the secret they started on.
    /// `None` when no such secret is stored.
    pub(crate) fn change_stored_secret<T, E>(
        &self,
        key: &PartitionKey,
        name: &str,
        change: impl FnOnce(&mut Change<'_>) -> Result<T, E>,
    ) -> Option<Result<T, E>> {
        let now = self.clock.now();
        change_stored(&mut self.store.write(), key, name, now, false, change)
    }
}

/// Takes the secret `name` out of partition `key`, runs `change` on it, and after a successful
/// change refreshes its replicas; puts it back unless the change removed it. `None` when no such
/// secret is stored.
pub(crate) fn change_stored<T, E>(
    partitions: &mut Partitions,
    key: &PartitionKey,
    name: &str,
    now: Timestamp,
    from_other_account: bool,
    change: impl FnOnce(&mut Change<'_>) -> Result<T, E>,
) -> Option<Result<T, E>> {
    let mut secret = partitions.get_mut(key)?.remove(name)?;
    let mut work = Change {
        secret: &mut secret,
        partitions,
        key,
        now,
        from_other_account,
        remove: false,
    };
    let result = change(&mut work);
    let remove = work.remove;
    if result.is_ok() {
        if remove {
            return Some(result);
        }
        replicas::refresh_replicas(partitions, key, &secret, now);
    }
    partitions.entry(key).insert(secret);
    Some(result)
}
