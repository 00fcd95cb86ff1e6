//! All secrets, partitioned by account and region, behind one lock. Operations hold the lock
//! only for their synchronous work, never across an await.

use crate::arn::SecretArn;
use crate::secret::Secret;
use runtime::{RequestContext, Timestamp};
use std::collections::{BTreeMap, HashMap};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
    pub secrets: BTreeMap<String, Secret>,
}

impl Partition {
    /// Finds a secret by name, full ARN or partial ARN (an ARN without the random suffix).
    /// Secrets whose recovery window has passed are gone.
    pub fn find(&self, key: &PartitionKey, secret_id: &str, now: Timestamp) -> Option<&Secret> {
        let name = self.resolve_name(key, secret_id)?;
        self.secrets
            .get(name)
            .filter(|secret| !is_purged(secret, now))
    }

    pub fn find_mut(
        &mut self,
        key: &PartitionKey,
        secret_id: &str,
        now: Timestamp,
    ) -> Option<&mut Secret> {
        let name = self.resolve_name(key, secret_id)?.to_owned();
        self.secrets
            .get_mut(&name)
            .filter(|secret| !is_purged(secret, now))
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
            .and_then(|(name, _)| self.secrets.get(name))
            .filter(|secret| secret.arn == secret_id);
        match full_match {
            Some(secret) => Some(secret.name.as_str()),
            None => Some(arn.resource),
        }
    }

    /// Every secret that still exists at `now` (scheduled for deletion or not), by name.
    pub fn secrets_at(&self, now: Timestamp) -> impl Iterator<Item = &Secret> {
        self.secrets
            .values()
            .filter(move |secret| !is_purged(secret, now))
    }

    /// Removes every secret whose recovery window has passed.
    pub fn purge_expired(&mut self, now: Timestamp) {
        self.secrets.retain(|_, secret| !is_purged(secret, now));
    }
}

fn is_purged(secret: &Secret, now: Timestamp) -> bool {
    secret
        .deletion
        .is_some_and(|deletion| deletion.purge_at <= now)
}

#[derive(Debug, Default)]
pub struct Partitions {
    map: HashMap<PartitionKey, Partition>,
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
            self.map.insert(key.clone(), Partition::default());
        }
        self.map.get_mut(key).expect("inserted above")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PartitionKey, &Partition)> {
        self.map.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&PartitionKey, &mut Partition)> {
        self.map.iter_mut()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }
}

#[derive(Debug, Default)]
pub struct Store {
    partitions: RwLock<Partitions>,
}

impl Store {
    pub fn read(&self) -> RwLockReadGuard<'_, Partitions> {
        // A panic while holding the lock leaves data that was valid at every await-free step.
        self.partitions
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Partitions> {
        self.partitions
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Deletion;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_000_000);

    fn partition_with(name: &str, arn: &str) -> Partition {
        let mut partition = Partition::default();
        partition.secrets.insert(
            name.to_owned(),
            Secret::new(name.to_owned(), arn.to_owned(), NOW),
        );
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

    #[test]
    fn secrets_past_their_recovery_window_are_gone() {
        let key = PartitionKey::new("000000000000", "us-east-1");
        let mut partition = partition_with("x", "arn");
        partition.secrets.get_mut("x").unwrap().deletion = Some(Deletion {
            deleted_at: NOW,
            purge_at: NOW.plus_millis(10),
        });
        assert!(partition.find(&key, "x", NOW).is_some());
        assert!(partition.find(&key, "x", NOW.plus_millis(10)).is_none());
        partition.purge_expired(NOW.plus_millis(10));
        assert!(partition.secrets.is_empty());
    }
}
