//! All secrets, partitioned by account and region, behind one lock. Operations hold the lock
//! only for their synchronous work, never across an await.
//!
//! A persistent store also has a [`Journal`]: every secret a write touches is recorded, and when
//! the write lock is released the journal makes those secrets durable before anyone else can see
//! them, so the order on disk is the order in memory. Operations never see any of this.

use crate::arn::SecretArn;
use crate::persistence::PersistenceError;
use crate::secret::Secret;
use runtime::{RequestContext, Timestamp};
use std::collections::{BTreeSet, HashMap};
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartitionKey {
    pub account_id: String,
    pub region: String,
}

impl PartitionKey {
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            region: region.into(),
        }
    }

    pub fn of(ctx: &RequestContext) -> Self {
        Self::new(ctx.account_id.clone(), ctx.region.clone())
    }
}

/// The secrets of one account in one region, by name.
#[derive(Debug, Default)]
pub struct Partition {
    /// By name, hashed: every operation looks a secret up by name. Boxed: a `Secret` is several
    /// hundred bytes and a table keeps spare slots; a pointer per slot keeps that slack small
    /// (the benchmark's memory row).
    secrets: HashMap<String, Box<Secret>>,
    /// The names in order, for listings and every walk over the partition (deterministic order).
    by_name: BTreeSet<String>,
    /// The same secrets in ListSecrets' default order, creation order (CreatedDate, then the
    /// creation sequence), so that a page is a range of this index rather than a sort of the
    /// whole partition. The name keeps entries apart should two ever share a place.
    by_created: BTreeSet<CreatedPosition>,
    /// The last creation sequence number given out (see [`Self::insert`]).
    last_creation_seq: u64,
    /// Names of the secrets written since the journal last took them; `None` when nothing is
    /// journaled, so that an in-memory store pays nothing for it.
    changed: Option<BTreeSet<String>>,
}

impl Partition {
    /// The secret stored under `name`, even one past its recovery window.
    pub fn get(&self, name: &str) -> Option<&Secret> {
        self.secrets.get(name).map(Box::as_ref)
    }

    /// [`Self::get`] for changing the secret.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Secret> {
        let secret = self.secrets.get_mut(name)?;
        record(&mut self.changed, name);
        Some(secret.as_mut())
    }

    /// Stores `secret` under its name, replacing (and returning) any secret of that name.
    ///
    /// A secret without a creation sequence number (a new one) gets the next: secrets created
    /// in the same millisecond keep the order they were created in. One that has a number (put
    /// back after a change, or loaded from disk) keeps it, and later numbers come after it.
    pub fn insert(&mut self, mut secret: Secret) -> Option<Secret> {
        if secret.creation_seq == 0 {
            self.last_creation_seq += 1;
            secret.creation_seq = self.last_creation_seq;
        } else {
            self.last_creation_seq = self.last_creation_seq.max(secret.creation_seq);
        }
        record(&mut self.changed, &secret.name);
        let position = created_position(&secret);
        self.by_created.insert(position.clone());
        self.by_name.insert(secret.name.clone());
        let replaced = self.secrets.insert(secret.name.clone(), Box::new(secret))?;
        let previous = created_position(&replaced);
        if previous != position {
            self.by_created.remove(&previous);
        }
        Some(*replaced)
    }

    pub fn remove(&mut self, name: &str) -> Option<Secret> {
        let removed = self.secrets.remove(name)?;
        self.by_created.remove(&created_position(&removed));
        self.by_name.remove(name);
        record(&mut self.changed, name);
        Some(*removed)
    }

    /// Every stored secret by name, including any past its recovery window that is not purged
    /// yet (see [`Self::secrets_at`]).
    pub fn secrets(&self) -> impl Iterator<Item = &Secret> {
        self.by_name.iter().filter_map(|name| self.get(name))
    }

    /// Finds a secret by name, full ARN or partial ARN (an ARN without the random suffix).
    /// Secrets whose recovery window has passed are gone.
    pub fn find(&self, key: &PartitionKey, secret_id: &str, now: Timestamp) -> Option<&Secret> {
        let name = self.resolve_name(key, secret_id)?;
        self.get(name).filter(|secret| !is_purged(secret, now))
    }

    pub fn find_mut(
        &mut self,
        key: &PartitionKey,
        secret_id: &str,
        now: Timestamp,
    ) -> Option<&mut Secret> {
        let name = self.resolve_name(key, secret_id)?.to_owned();
        let secret = self
            .secrets
            .get_mut(&name)
            .filter(|secret| !is_purged(secret, now))?;
        record(&mut self.changed, &name);
        Some(secret.as_mut())
    }

    fn resolve_name<'a>(&'a self, key: &PartitionKey, secret_id: &'a str) -> Option<&'a str> {
        let Some(arn) = SecretArn::parse(secret_id) else {
            return Some(secret_id);
        };
        if arn.region != key.region || arn.account_id != key.account_id {
            return None;
        }
        let full_match = arn
            .resource
            .rsplit_once('-')
            .and_then(|(name, _)| self.get(name))
            .filter(|secret| secret.arn == secret_id);
        match full_match {
            Some(secret) => Some(secret.name.as_str()),
            // AWS takes an ARN ending in `-` and six characters for a complete one, never a
            // partial ARN (documented for SecretId; recorded for the name `...-Name-a1b2c3`).
            None if ends_like_a_complete_arn(arn.resource) => None,
            None => Some(arn.resource),
        }
    }

    /// Every secret that still exists at `now` (scheduled for deletion or not), by name.
    pub fn secrets_at(&self, now: Timestamp) -> impl Iterator<Item = &Secret> {
        self.secrets().filter(move |secret| !is_purged(secret, now))
    }

    /// Removes the secret stored under `name` if its recovery window has passed, so that the
    /// name can be taken again; the background task purges the rest.
    pub fn purge_if_expired(&mut self, name: &str, now: Timestamp) {
        if self.get(name).is_some_and(|secret| is_purged(secret, now)) {
            self.remove(name);
        }
    }

    /// Removes every secret whose recovery window has passed; returns how many.
    pub fn purge_expired(&mut self, now: Timestamp) -> usize {
        let expired: Vec<String> = self
            .secrets()
            .filter(|secret| is_purged(secret, now))
            .map(|secret| secret.name.clone())
            .collect();
        for name in &expired {
            self.remove(name);
        }
        expired.len()
    }

    /// Whether the name and CreatedDate indexes hold exactly one entry per stored secret.
    pub(crate) fn indexes_are_consistent(&self) -> bool {
        self.by_created.len() == self.secrets.len()
            && self.by_name.len() == self.secrets.len()
            && self
                .secrets
                .values()
                .all(|secret| self.by_created.contains(&created_position(secret)))
    }

    /// Secrets in name order, from just after `after` (or the first), backwards for `descending`,
    /// whose names `admit` accepts: names are checked in the index, before any secret is read.
    pub fn by_name_after<'a>(
        &'a self,
        after: Option<&str>,
        descending: bool,
        admit: impl Fn(&str) -> bool + 'a,
    ) -> Box<dyn Iterator<Item = &'a Secret> + 'a> {
        use std::ops::Bound::{Excluded, Unbounded};
        let bound = after.map_or(Unbounded, Excluded);
        let secret = move |name: &'a String| admit(name).then(|| self.get(name)).flatten();
        if descending {
            Box::new(
                self.by_name
                    .range::<str, _>((Unbounded, bound))
                    .rev()
                    .filter_map(secret),
            )
        } else {
            Box::new(
                self.by_name
                    .range::<str, _>((bound, Unbounded))
                    .filter_map(secret),
            )
        }
    }

    /// Secrets in creation order, from just after `after`, backwards for `descending`, whose
    /// names `admit` accepts (checked in the index, as above).
    pub fn by_created_after<'a>(
        &'a self,
        after: Option<&CreatedPosition>,
        descending: bool,
        admit: impl Fn(&str) -> bool + 'a,
    ) -> Box<dyn Iterator<Item = &'a Secret> + 'a> {
        use std::ops::Bound::{Excluded, Unbounded};
        let bound = after.map_or(Unbounded, Excluded);
        let secret =
            move |(_, _, name): &'a CreatedPosition| admit(name).then(|| self.get(name)).flatten();
        if descending {
            Box::new(
                self.by_created
                    .range((Unbounded, bound))
                    .rev()
                    .filter_map(secret),
            )
        } else {
            Box::new(self.by_created.range((bound, Unbounded)).filter_map(secret))
        }
    }

    fn take_changed(&mut self) -> BTreeSet<String> {
        self.changed
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// A secret's place in creation order: CreatedDate, creation sequence, name.
pub type CreatedPosition = (Timestamp, u64, String);

pub fn created_position(secret: &Secret) -> CreatedPosition {
    let (created, seq) = secret.creation_order();
    (created, seq, secret.name.clone())
}

/// Notes that `name` was written, when changes are being recorded.
fn record(changed: &mut Option<BTreeSet<String>>, name: &str) {
    if let Some(changed) = changed {
        changed.insert(name.to_owned());
    }
}

/// Whether an ARN's resource ends in `-` and six letters or digits, as a random suffix does.
fn ends_like_a_complete_arn(resource: &str) -> bool {
    resource.rsplit_once('-').is_some_and(|(_, suffix)| {
        suffix.len() == 6 && suffix.bytes().all(|byte| byte.is_ascii_alphanumeric())
    })
}

/// Whether `secret`'s recovery window has ended at `now`: it is gone, even if not yet removed.
pub(crate) fn is_purged(secret: &Secret, now: Timestamp) -> bool {
    secret
        .deletion
        .is_some_and(|deletion| deletion.purge_at <= now)
}

/// What one write changed, for a [`Journal`] to make durable. Secrets are named, not copied: the
/// journal reads their state (or their absence) from the partitions it is given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Every secret was dropped before the changes below (a reset).
    pub cleared: bool,
    /// The secrets written or removed.
    pub secrets: Vec<(PartitionKey, String)>,
    /// The clock's new offset from the system clock, when it moved.
    pub clock_offset_millis: Option<i64>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.cleared && self.secrets.is_empty() && self.clock_offset_millis.is_none()
    }
}

/// Where a persistent store makes its writes durable.
pub trait Journal: Send + std::fmt::Debug {
    /// Makes `changes` durable, all or nothing, reading each changed secret from `partitions`.
    fn commit(
        &mut self,
        partitions: &Partitions,
        changes: &Changes,
    ) -> Result<(), PersistenceError>;
}

#[derive(Debug, Default)]
pub struct Partitions {
    map: HashMap<PartitionKey, Partition>,
    /// Whether writes are recorded for a journal.
    journaled: bool,
    /// Set by [`Self::clear`] on a journaled store, until the journal takes the changes.
    cleared: bool,
}

impl Partitions {
    pub fn get(&self, key: &PartitionKey) -> Option<&Partition> {
        self.map.get(key)
    }

    pub fn get_mut(&mut self, key: &PartitionKey) -> Option<&mut Partition> {
        self.map.get_mut(key)
    }

    pub fn entry(&mut self, key: &PartitionKey) -> &mut Partition {
        if !self.map.contains_key(key) {
            let partition = Partition {
                secrets: HashMap::new(),
                by_name: BTreeSet::new(),
                by_created: BTreeSet::new(),
                last_creation_seq: 0,
                changed: self.journaled.then(BTreeSet::new),
            };
            self.map.insert(key.clone(), partition);
        }
        self.map.get_mut(key).expect("inserted above")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PartitionKey, &Partition)> {
        self.map.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&PartitionKey, &mut Partition)> {
        self.map.iter_mut()
    }

    /// Drops every secret of every account and region.
    pub fn clear(&mut self) {
        self.map.clear();
        self.cleared = self.journaled;
    }

    /// Removes every secret whose recovery window has passed, everywhere; returns how many.
    pub fn purge_expired(&mut self, now: Timestamp) -> usize {
        self.map
            .values_mut()
            .map(|partition| partition.purge_expired(now))
            .sum()
    }

    /// From now on, records what each write changes (see [`Self::take_changes`]).
    fn start_journaling(&mut self) {
        self.journaled = true;
        for partition in self.map.values_mut() {
            partition.changed.get_or_insert_with(BTreeSet::new);
        }
    }

    /// What was changed since the last call (nothing unless journaled), and forgets it.
    fn take_changes(&mut self) -> Changes {
        let secrets = self
            .map
            .iter_mut()
            .flat_map(|(key, partition)| {
                partition
                    .take_changed()
                    .into_iter()
                    .map(move |name| (key.clone(), name))
            })
            .collect();
        Changes {
            cleared: std::mem::take(&mut self.cleared),
            secrets,
            clock_offset_millis: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Store {
    partitions: RwLock<Partitions>,
    /// Set for a persistent store. Only used under the write lock; the mutex is what lets a
    /// journal that is not `Sync` (a database connection) live in a shared store.
    journal: Option<Mutex<Box<dyn Journal>>>,
}

impl Store {
    /// A store whose writes `journal` makes durable, starting from `partitions` (as loaded from
    /// that journal).
    pub fn journaled(mut partitions: Partitions, journal: Box<dyn Journal>) -> Self {
        partitions.start_journaling();
        Self {
            partitions: RwLock::new(partitions),
            journal: Some(Mutex::new(journal)),
        }
    }

    pub fn is_journaled(&self) -> bool {
        self.journal.is_some()
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Partitions> {
        // A panic while holding the lock leaves data that was valid at every await-free step.
        self.partitions
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Exclusive access; on a persistent store, what was changed is durable once the guard is
    /// dropped.
    pub fn write(&self) -> StoreWriteGuard<'_> {
        StoreWriteGuard {
            partitions: self
                .partitions
                .write()
                .unwrap_or_else(PoisonError::into_inner),
            journal: self.journal.as_ref(),
            clock_offset_millis: None,
        }
    }
}

/// The write lock on the partitions. Dropping it commits the changes to the journal (if any)
/// while the lock is still held, so no later write reaches the disk before this one.
pub struct StoreWriteGuard<'a> {
    partitions: RwLockWriteGuard<'a, Partitions>,
    journal: Option<&'a Mutex<Box<dyn Journal>>>,
    clock_offset_millis: Option<i64>,
}

impl StoreWriteGuard<'_> {
    /// Makes the clock's new offset durable together with this write.
    pub fn record_clock_offset(&mut self, offset_millis: i64) {
        self.clock_offset_millis = Some(offset_millis);
    }
}

impl Deref for StoreWriteGuard<'_> {
    type Target = Partitions;

    fn deref(&self) -> &Partitions {
        &self.partitions
    }
}

impl DerefMut for StoreWriteGuard<'_> {
    fn deref_mut(&mut self) -> &mut Partitions {
        &mut self.partitions
    }
}

impl Drop for StoreWriteGuard<'_> {
    fn drop(&mut self) {
        let Some(journal) = self.journal else {
            return;
        };
        let mut changes = self.partitions.take_changes();
        changes.clock_offset_millis = self.clock_offset_millis.take();
        if changes.is_empty() {
            return;
        }
        let mut journal = journal.lock().unwrap_or_else(PoisonError::into_inner);
        if let Err(error) = journal.commit(&self.partitions, &changes) {
            // The write is in memory but not on disk, and its response is about to be sent. A
            // drop cannot report an error, and answering would acknowledge a write a restart
            // loses: stopping keeps the promise that whatever was acknowledged is durable.
            tracing::error!("cannot persist a write, stopping the emulator: {error}");
            std::process::abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Deletion;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_000_000);

    fn partition_with(name: &str, arn: &str) -> Partition {
        let mut partition = Partition::default();
        partition.insert(Secret::new(name.to_owned(), arn.to_owned(), NOW));
        partition
    }

    #[test]
    fn finds_by_name_full_arn_and_partial_arn() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf";
        let partition = partition_with("app/db", arn);
        assert!(partition.find(&key, "app/db", NOW).is_some());
        assert!(partition.find(&key, arn, NOW).is_some());
        let partial = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db";
        assert!(partition.find(&key, partial, NOW).is_some());
        let wrong_suffix = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-XXXXXX";
        assert!(partition.find(&key, wrong_suffix, NOW).is_none());
    }

    #[test]
    fn a_partial_arn_ending_like_a_suffix_is_taken_for_a_complete_one() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let prefix = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";
        for (name, partial_finds) in [
            ("db-a1b2c3", false),
            ("db-a1b2", true),
            ("db-a1b2c3-", true),
        ] {
            let arn = format!("{prefix}{name}-QwErTy");
            let partition = partition_with(name, &arn);
            assert!(partition.find(&key, &arn, NOW).is_some(), "{name}");
            let partial = format!("{prefix}{name}");
            assert_eq!(
                partition.find(&key, &partial, NOW).is_some(),
                partial_finds,
                "{name}"
            );
        }
    }

    #[test]
    fn an_arn_of_another_region_or_account_is_not_found() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf";
        let partition = partition_with("x", arn);
        let other_region = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:x-AbCdEf";
        let other_account = "arn:aws:secretsmanager:us-east-1:111111111111:secret:x-AbCdEf";
        assert!(partition.find(&key, other_region, NOW).is_none());
        assert!(partition.find(&key, other_account, NOW).is_none());
    }

    #[test]
    fn names_with_hyphens_still_resolve() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:my-db-password-AbCdEf";
        let partition = partition_with("my-db-password", arn);
        assert_eq!(
            partition.find(&key, arn, NOW).unwrap().name,
            "my-db-password"
        );
    }

    /// Keeps what it is asked to commit, for the tests to look at.
    #[derive(Debug, Default, Clone)]
    struct RecordingJournal(std::sync::Arc<Mutex<Vec<Changes>>>);

    impl Journal for RecordingJournal {
        fn commit(
            &mut self,
            _partitions: &Partitions,
            changes: &Changes,
        ) -> Result<(), PersistenceError> {
            let mut changes = changes.clone();
            changes.secrets.sort();
            self.0.lock().unwrap().push(changes);
            Ok(())
        }
    }

    fn journaled_store() -> (Store, RecordingJournal) {
        let journal = RecordingJournal::default();
        let mut partitions = Partitions::default();
        partitions
            .entry(&PartitionKey::new("000000000000", "us-east-1"))
            .insert(Secret::new("loaded".into(), "arn:loaded".into(), NOW));
        (
            Store::journaled(partitions, Box::new(journal.clone())),
            journal,
        )
    }

    fn named(key: &PartitionKey, names: &[&str]) -> Vec<(PartitionKey, String)> {
        names
            .iter()
            .map(|name| (key.clone(), (*name).to_owned()))
            .collect()
    }

    #[test]
    fn each_write_commits_the_secrets_it_touched() {
        let (store, journal) = journaled_store();
        let key = PartitionKey::new("000000000000", "us-east-1");
        let other = PartitionKey::new("111111111111", "eu-west-1");
        {
            let mut partitions = store.write();
            partitions
                .entry(&other)
                .insert(Secret::new("new".into(), "arn:new".into(), NOW));
            let loaded = partitions.entry(&key).find_mut(&key, "loaded", NOW);
            loaded.unwrap().description = Some("changed".into());
        }
        {
            let mut partitions = store.write();
            partitions.get_mut(&other).unwrap().remove("new");
            assert!(
                partitions
                    .get_mut(&key)
                    .unwrap()
                    .get_mut("absent")
                    .is_none()
            );
        }
        let mut expected_first = named(&key, &["loaded"]);
        expected_first.extend(named(&other, &["new"]));
        expected_first.sort();
        let committed = journal.0.lock().unwrap().clone();
        assert_eq!(
            committed,
            [
                Changes {
                    secrets: expected_first,
                    ..Changes::default()
                },
                Changes {
                    secrets: named(&other, &["new"]),
                    ..Changes::default()
                },
            ]
        );
    }

    #[test]
    fn a_write_that_changes_nothing_commits_nothing() {
        let (store, journal) = journaled_store();
        let key = PartitionKey::new("000000000000", "us-east-1");
        {
            let partitions = store.write();
            assert!(partitions.get(&key).unwrap().get("loaded").is_some());
        }
        assert!(journal.0.lock().unwrap().is_empty());
    }

    #[test]
    fn purges_resets_and_clock_moves_are_committed() {
        let (store, journal) = journaled_store();
        let key = PartitionKey::new("000000000000", "us-east-1");
        {
            let mut partitions = store.write();
            let partition = partitions.get_mut(&key).unwrap();
            partition.get_mut("loaded").unwrap().deletion = Some(Deletion {
                deleted_at: NOW,
                purge_at: NOW,
            });
        }
        assert_eq!(store.write().purge_expired(NOW), 1);
        {
            let mut partitions = store.write();
            partitions.clear();
            partitions.record_clock_offset(0);
        }
        let committed = journal.0.lock().unwrap().clone();
        assert_eq!(committed.len(), 3);
        assert_eq!(committed[1].secrets, named(&key, &["loaded"]), "the purge");
        assert_eq!(
            committed[2],
            Changes {
                cleared: true,
                secrets: Vec::new(),
                clock_offset_millis: Some(0),
            }
        );
    }

    #[test]
    fn an_in_memory_store_records_nothing() {
        let store = Store::default();
        let key = PartitionKey::new("000000000000", "us-east-1");
        let mut partitions = store.write();
        partitions
            .entry(&key)
            .insert(Secret::new("s".into(), "arn:s".into(), NOW));
        partitions.clear();
        assert!(partitions.take_changes().is_empty());
    }

    fn names_in_creation_order(partition: &Partition, descending: bool) -> Vec<String> {
        partition
            .by_created_after(None, descending, |_| true)
            .map(|secret| secret.name.clone())
            .collect()
    }

    #[test]
    fn secrets_of_one_millisecond_keep_their_creation_order() {
        let mut partition = Partition::default();
        for name in ["c", "a", "b"] {
            partition.insert(Secret::new(name.into(), format!("arn:{name}"), NOW));
        }
        let mut earlier = Secret::new("z".into(), "arn:z".into(), NOW.plus_millis(-1));
        earlier.description = Some("created a millisecond before the others".into());
        partition.insert(earlier);
        assert_eq!(
            names_in_creation_order(&partition, false),
            ["z", "c", "a", "b"]
        );
        assert_eq!(
            names_in_creation_order(&partition, true),
            ["b", "a", "c", "z"]
        );

        // Taken out and put back (as a write that spans partitions does), a secret keeps its
        // place; one created later comes after it.
        let lifted = partition.remove("c").unwrap();
        partition.insert(lifted);
        partition.insert(Secret::new("0".into(), "arn:0".into(), NOW));
        assert_eq!(
            names_in_creation_order(&partition, false),
            ["z", "c", "a", "b", "0"]
        );
        assert!(partition.indexes_are_consistent());

        // After `c` (as a NextToken names it), the walk goes on in creation order.
        let after_c = created_position(partition.get("c").unwrap());
        let rest: Vec<&str> = partition
            .by_created_after(Some(&after_c), false, |_| true)
            .map(|secret| secret.name.as_str())
            .collect();
        assert_eq!(rest, ["a", "b", "0"]);
    }

    #[test]
    fn loaded_secrets_keep_their_sequence_and_new_ones_follow() {
        let mut partition = Partition::default();
        for (name, seq) in [("late", 7), ("early", 3)] {
            let mut secret = Secret::new(name.into(), format!("arn:{name}"), NOW);
            secret.creation_seq = seq;
            partition.insert(secret);
        }
        partition.insert(Secret::new("new".into(), "arn:new".into(), NOW));
        assert_eq!(partition.get("new").unwrap().creation_seq, 8);
        assert_eq!(
            names_in_creation_order(&partition, false),
            ["early", "late", "new"]
        );
    }

    #[test]
    fn secrets_past_their_recovery_window_are_gone() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let mut partition = partition_with("x", "arn");
        partition.get_mut("x").unwrap().deletion = Some(Deletion {
            deleted_at: NOW,
            purge_at: NOW.plus_millis(10),
        });
        assert!(partition.find(&key, "x", NOW).is_some());
        assert!(partition.find(&key, "x", NOW.plus_millis(10)).is_none());
        assert_eq!(partition.purge_expired(NOW.plus_millis(10)), 1);
        assert!(partition.secrets().next().is_none());
    }
}
