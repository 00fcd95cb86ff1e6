//! All secrets, partitioned by account and region, behind one lock. Operations hold the lock
//! only for their synchronous work, never across an await.
//!
//! A persistent store also has a [`Journal`]: every secret a write touches is recorded, and when
//! the write lock is released the journal makes those secrets durable before anyone else can see
//! them, so the order on disk is the order in memory. Operations never see any of this.

mod journal;
mod partition;

pub use journal::{Changes, Journal, JournalError};
pub(crate) use partition::is_purged;
pub use partition::{CreatedPosition, Partition, PartitionKey, Partitions, created_position};
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
        let mut changes = take_changes(&mut self.partitions);
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

/// What was written since the last call (nothing unless journaled), and forgets it.
fn take_changes(partitions: &mut Partitions) -> Changes {
    let (cleared, secrets) = partitions.take_written();
    Changes {
        cleared,
        secrets,
        clock_offset_millis: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Deletion, Secret};
    use runtime::Timestamp;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_000_000);

    /// Keeps what it is asked to commit, for the tests to look at.
    #[derive(Debug, Default, Clone)]
    struct RecordingJournal(std::sync::Arc<Mutex<Vec<Changes>>>);

    impl Journal for RecordingJournal {
        fn commit(
            &mut self,
            _partitions: &Partitions,
            changes: &Changes,
        ) -> Result<(), JournalError> {
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
        assert!(take_changes(&mut partitions).is_empty());
    }
}
