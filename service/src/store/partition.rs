//! The secrets of each account and region, by name and in creation order, and how a secret is
//! found by name, full ARN or partial ARN.

use crate::arn::SecretArn;
use crate::secret::Secret;
use runtime::{RequestContext, Timestamp};
use std::collections::{BTreeSet, HashMap};

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
    #[cfg(any(test, feature = "invariants"))]
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
    pub(super) fn start_journaling(&mut self) {
        self.journaled = true;
        for partition in self.map.values_mut() {
            partition.changed.get_or_insert_with(BTreeSet::new);
        }
    }

    /// The secrets written since the last call, and whether everything was cleared before
    /// them (nothing unless journaled); forgets both.
    pub(super) fn take_written(&mut self) -> (bool, Vec<(PartitionKey, String)>) {
        let written = self
            .map
            .iter_mut()
            .flat_map(|(key, partition)| {
                partition
                    .take_changed()
                    .into_iter()
                    .map(move |name| (key.clone(), name))
            })
            .collect();
        (std::mem::take(&mut self.cleared), written)
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
