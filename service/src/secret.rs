//! A stored secret and its versions, with the staging-label rules every operation shares:
//! a label is on at most one version; a new AWSCURRENT pushes AWSPREVIOUS onto the old current;
//! unlabelled versions are kept as AWS keeps them.

use crate::arn::SecretArn;
use crate::clock::DAY_MILLIS;
use crate::stage_history::{StageHistory, StageMove};
use generated::{ReplicaRegionType, RotationRulesType, StatusType, Tag};
use runtime::{Blob, Timestamp};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};

pub const AWSCURRENT: &str = "AWSCURRENT";
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";
pub const AWSPENDING: &str = "AWSPENDING";

/// The alias of the account's default key, used when a secret names no KMS key.
pub const DEFAULT_KMS_KEY_ALIAS: &str = "alias/aws/secretsmanager";

/// AWS keeps at most this many versions, but never drops one younger than a day.
pub const MAX_VERSIONS: usize = 100;

#[derive(Clone, PartialEq, Eq)]
pub enum SecretValue {
    Text(String),
    Binary(Blob),
    /// A rotation's new AWSPENDING version before the rotation function puts its value: listed
    /// with its label, but reading it finds nothing, and PutSecretValue with its id fills it.
    Awaited,
}

/// Secret values never reach a log line.
impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretValue::Text(_) => f.write_str("Text(*** Sensitive Data Redacted ***)"),
            SecretValue::Binary(_) => f.write_str("Binary(*** Sensitive Data Redacted ***)"),
            SecretValue::Awaited => f.write_str("Awaited"),
        }
    }
}

/// The day something was last read, updated under a shared lock by concurrent readers.
#[derive(Debug, Default)]
pub struct AccessDay(AtomicI64);

impl AccessDay {
    const NEVER: i64 = i64::MIN;

    pub fn never() -> Self {
        Self(AtomicI64::new(Self::NEVER))
    }

    pub fn get(&self) -> Option<Timestamp> {
        match self.0.load(Ordering::Relaxed) {
            Self::NEVER => None,
            millis => Some(Timestamp::from_epoch_millis(millis)),
        }
    }

    /// Records an access at `now`, kept at day granularity as AWS does.
    pub fn touch(&self, now: Timestamp) {
        self.0
            .store(now.start_of_day().epoch_millis(), Ordering::Relaxed);
    }
}

impl Clone for AccessDay {
    fn clone(&self) -> Self {
        Self(AtomicI64::new(self.0.load(Ordering::Relaxed)))
    }
}

#[derive(Clone, Debug)]
pub struct Version {
    pub id: String,
    pub value: SecretValue,
    pub created: Timestamp,
    pub stages: Vec<String>,
    pub last_accessed: AccessDay,
}

impl Version {
    pub fn has_stage(&self, stage: &str) -> bool {
        self.stages.iter().any(|label| label == stage)
    }
}

/// Scheduled deletion: the secret answers DescribeSecret until `purge_at`, then is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deletion {
    pub deleted_at: Timestamp,
    pub purge_at: Timestamp,
}

#[derive(Clone, Debug, Default)]
pub struct Rotation {
    /// `None` until rotation is configured; `Some(false)` after it is cancelled.
    pub enabled: Option<bool>,
    pub lambda_arn: Option<String>,
    pub rules: Option<RotationRulesType>,
    pub last_rotated: Option<Timestamp>,
    pub next_rotation: Option<Timestamp>,
    pub external_metadata: Option<Vec<generated::ExternalSecretRotationMetadataItem>>,
    pub external_role_arn: Option<String>,
    /// What the last rotation through a rotation function did (see `rotation_record`). Boxed:
    /// most secrets never have one, and a secret's size counts (the benchmark's memory row).
    pub last_run: Option<Box<crate::rotation_record::LastRotation>>,
}

/// A replica of this secret in another region of the same account.
#[derive(Clone, Debug)]
pub struct Replica {
    pub region: String,
    pub kms_key_id: Option<String>,
    pub status: StatusType,
    pub status_message: Option<String>,
}

impl Replica {
    pub fn requested(region: &ReplicaRegionType) -> Option<Self> {
        Some(Self {
            region: region.region.clone()?,
            kms_key_id: region.kms_key_id.clone(),
            status: StatusType::InSync,
            status_message: Some("Replication succeeded".to_owned()),
        })
    }
}

/// The link between a primary and a replica in another account of the same emulator.
#[derive(Clone, Debug)]
pub struct CrossAccountLink {
    pub arn: String,
    pub role_arn: Option<String>,
    pub status: StatusType,
    pub status_message: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Secret {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub kms_key_id: Option<String>,
    pub secret_type: Option<String>,
    /// `None` until tags are first set; `Some(vec![])` once every tag is removed, as AWS shows.
    pub tags: Option<Vec<Tag>>,
    pub created: Timestamp,
    /// Where the secret stands among those its partition received in the same millisecond: the
    /// partition numbers each secret it is first given (see `Partition::insert`); 0 until then.
    pub creation_seq: u64,
    pub last_changed: Timestamp,
    pub last_accessed: AccessDay,
    pub deletion: Option<Deletion>,
    pub rotation: Rotation,
    /// Versions in the order they were created.
    pub versions: Vec<Version>,
    /// The `default` resource policy, the only one AWS lets you attach.
    pub policy: Option<String>,
    pub owning_service: Option<String>,
    /// Set on a replica: the region of its primary.
    pub primary_region: Option<String>,
    /// Set on a primary: its replicas in other regions.
    pub replicas: Vec<Replica>,
    /// Set on a cross-account replica: its primary in another account.
    pub cross_account_primary: Option<CrossAccountLink>,
    /// Set on a primary: its replicas in other accounts.
    pub cross_account_replicas: Vec<CrossAccountLink>,
    /// Where the staging labels went, and when (for the console).
    pub stage_history: StageHistory,
}

impl Secret {
    pub fn new(name: String, arn: String, now: Timestamp) -> Self {
        Self {
            name,
            arn,
            description: None,
            kms_key_id: None,
            secret_type: None,
            tags: None,
            created: now,
            creation_seq: 0,
            last_changed: now,
            last_accessed: AccessDay::never(),
            deletion: None,
            rotation: Rotation::default(),
            versions: Vec::new(),
            policy: None,
            owning_service: None,
            primary_region: None,
            replicas: Vec::new(),
            cross_account_primary: None,
            cross_account_replicas: Vec::new(),
            stage_history: StageHistory::default(),
        }
    }

    /// The secret's place in creation order: CreatedDate, then the partition's sequence for
    /// secrets created in the same millisecond.
    pub fn creation_order(&self) -> (Timestamp, u64) {
        (self.created, self.creation_seq)
    }

    pub fn is_scheduled_for_deletion(&self) -> bool {
        self.deletion.is_some()
    }

    /// A read-only copy of a primary: in another region of its account, or in another account.
    pub fn is_replica(&self) -> bool {
        self.primary_region.is_some() || self.cross_account_primary.is_some()
    }

    /// The region DescribeSecret and ListSecrets name as `PrimaryRegion`: a replica's primary's,
    /// or the secret's own region while it has replicas. A secret without replicas shows none.
    pub fn shown_primary_region(&self) -> Option<&str> {
        match &self.primary_region {
            Some(region) => Some(region),
            None if !self.replicas.is_empty() => SecretArn::parse(&self.arn).map(|arn| arn.region),
            None => None,
        }
    }

    /// Whether the secret is encrypted with the account's default `aws/secretsmanager` key, which
    /// no other account can use.
    pub fn uses_default_key(&self) -> bool {
        self.kms_key_id
            .as_deref()
            .is_none_or(|key_id| key_id == DEFAULT_KMS_KEY_ALIAS)
    }

    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|version| version.id == id)
    }

    pub fn version_with_stage(&self, stage: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.has_stage(stage))
    }

    pub fn current(&self) -> Option<&Version> {
        self.version_with_stage(AWSCURRENT)
    }

    /// Adds a version holding `stages` (moving each label off whatever version had it) and
    /// prunes old unlabelled versions.
    pub fn add_version(
        &mut self,
        id: String,
        value: SecretValue,
        stages: Vec<String>,
        now: Timestamp,
    ) {
        // Filling a rotation's awaited version replaces it.
        self.versions
            .retain(|version| version.id != id || version.value != SecretValue::Awaited);
        // Most secrets hold one or two versions: grow one slot at a time from empty rather than
        // by the allocator's default of four (the benchmark's memory-per-secret row).
        self.versions
            .reserve_exact(usize::from(self.versions.len() < 2));
        self.versions.push(Version {
            id: id.clone(),
            value,
            created: now,
            stages: Vec::new(),
            last_accessed: AccessDay::never(),
        });
        for stage in stages {
            self.move_stage(&stage, Some(&id), now);
        }
        self.prune_versions(now);
    }

    /// Puts `stage` on version `to` alone (or on none). Moving AWSCURRENT also moves AWSPREVIOUS
    /// onto the version that was current, and takes AWSPENDING off it: AWSPENDING beside
    /// AWSCURRENT marks a finished rotation, and AWS drops it when AWSCURRENT leaves (recorded
    /// for PutSecretValue), so that the old version does not look like a rotation in progress.
    pub fn move_stage(&mut self, stage: &str, to: Option<&str>, now: Timestamp) {
        let previous_holder = self
            .version_with_stage(stage)
            .map(|version| version.id.clone());
        if previous_holder.as_deref() == to {
            return;
        }
        self.stage_history.record(StageMove {
            at: now,
            stage: stage.to_owned(),
            from: previous_holder.clone(),
            to: to.map(str::to_owned),
        });
        for version in &mut self.versions {
            version.stages.retain(|label| label != stage);
        }
        if let Some(to) = to
            && let Some(version) = self.versions.iter_mut().find(|version| version.id == to)
        {
            version.stages.reserve_exact(1);
            version.stages.push(stage.to_owned());
        }
        if stage == AWSCURRENT
            && let Some(old_current) = previous_holder
        {
            if let Some(version) = self
                .versions
                .iter_mut()
                .find(|version| version.id == old_current)
            {
                version.stages.retain(|label| label != AWSPENDING);
            }
            self.move_stage(AWSPREVIOUS, Some(&old_current), now);
        }
    }

    /// Drops the oldest unlabelled versions beyond [`MAX_VERSIONS`], keeping any younger than a
    /// day.
    fn prune_versions(&mut self, now: Timestamp) {
        let mut excess = self.versions.len().saturating_sub(MAX_VERSIONS);
        if excess == 0 {
            return;
        }
        let cutoff = now.plus_millis(-DAY_MILLIS);
        self.versions.retain(|version| {
            let removable = excess > 0 && version.stages.is_empty() && version.created < cutoff;
            if removable {
                excess -= 1;
            }
            !removable
        });
    }

    /// Version id -> labels, for labelled versions only.
    pub fn versions_to_stages(&self) -> BTreeMap<String, Vec<String>> {
        self.versions
            .iter()
            .filter(|version| !version.stages.is_empty())
            .map(|version| (version.id.clone(), version.stages.clone()))
            .collect()
    }
}

/// Gives each copied version the access day its namesake had in the replica, or none.
pub fn keep_access_days(copied: &mut [Version], previous: &[Version]) {
    for version in copied {
        version.last_accessed = previous
            .iter()
            .find(|old| old.id == version.id)
            .map(|old| old.last_accessed.clone())
            .unwrap_or_else(AccessDay::never);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new("s".into(), "arn".into(), Timestamp::from_epoch_millis(0))
    }

    fn text(value: &str) -> SecretValue {
        SecretValue::Text(value.into())
    }

    fn current(stages: &[&str]) -> Vec<String> {
        stages.iter().map(|stage| stage.to_string()).collect()
    }

    #[test]
    fn the_primary_region_shows_on_replicas_and_on_primaries_with_replicas_only() {
        let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf";
        let mut primary = Secret::new("s".into(), arn.into(), Timestamp::from_epoch_millis(0));
        assert_eq!(primary.shown_primary_region(), None);
        primary.replicas.push(Replica {
            region: "eu-west-1".into(),
            kms_key_id: None,
            status: StatusType::InSync,
            status_message: None,
        });
        assert_eq!(primary.shown_primary_region(), Some("us-east-1"));
        let mut replica = secret();
        replica.primary_region = Some("us-east-1".into());
        assert_eq!(replica.shown_primary_region(), Some("us-east-1"));
    }

    #[test]
    fn no_key_or_the_default_alias_is_the_default_key() {
        let mut secret = secret();
        assert!(secret.uses_default_key());
        secret.kms_key_id = Some(DEFAULT_KMS_KEY_ALIAS.into());
        assert!(secret.uses_default_key());
        secret.kms_key_id = Some("alias/mine".into());
        assert!(!secret.uses_default_key());
    }

    #[test]
    fn a_new_current_version_pushes_previous_onto_the_old_current() {
        let mut secret = secret();
        let now = Timestamp::from_epoch_millis(0);
        secret.add_version("v1".into(), text("a"), current(&[AWSCURRENT]), now);
        secret.add_version("v2".into(), text("b"), current(&[AWSCURRENT]), now);
        secret.add_version("v3".into(), text("c"), current(&[AWSCURRENT]), now);
        assert_eq!(secret.current().unwrap().id, "v3");
        assert_eq!(secret.version_with_stage(AWSPREVIOUS).unwrap().id, "v2");
        assert!(secret.version("v1").unwrap().stages.is_empty());
        assert_eq!(secret.versions_to_stages().len(), 2);
    }

    #[test]
    fn custom_labels_move_between_versions() {
        let mut secret = secret();
        let now = Timestamp::from_epoch_millis(0);
        secret.add_version("v1".into(), text("a"), current(&[AWSCURRENT]), now);
        secret.add_version(
            "v2".into(),
            text("b"),
            current(&["one", "two", "three"]),
            now,
        );
        secret.add_version(
            "v3".into(),
            text("c"),
            current(&["one", "two", "four"]),
            now,
        );
        assert_eq!(secret.version("v2").unwrap().stages, ["three"]);
        assert_eq!(secret.version("v3").unwrap().stages, ["one", "two", "four"]);
        assert_eq!(secret.current().unwrap().id, "v1");
    }

    #[test]
    fn pending_beside_current_is_dropped_when_current_leaves() {
        let mut secret = secret();
        let now = Timestamp::from_epoch_millis(0);
        secret.add_version("v1".into(), text("a"), current(&[AWSCURRENT]), now);
        secret.add_version("v2".into(), text("b"), current(&[AWSPENDING]), now);
        secret.move_stage(AWSCURRENT, Some("v2"), now);
        assert_eq!(
            secret.version("v2").unwrap().stages,
            [AWSPENDING, AWSCURRENT]
        );
        secret.add_version("v3".into(), text("c"), current(&[AWSCURRENT]), now);
        assert_eq!(secret.version("v2").unwrap().stages, [AWSPREVIOUS]);
        assert!(secret.version_with_stage(AWSPENDING).is_none());
    }

    #[test]
    fn prunes_only_old_unlabelled_versions_beyond_the_limit() {
        let mut secret = secret();
        let start = Timestamp::from_epoch_millis(0);
        for index in 0..MAX_VERSIONS + 5 {
            secret.add_version(
                format!("v{index}"),
                text("x"),
                current(&[AWSCURRENT]),
                start,
            );
        }
        // All versions are younger than a day: none is dropped.
        assert_eq!(secret.versions.len(), MAX_VERSIONS + 5);
        let later = start.plus_millis(2 * DAY_MILLIS);
        secret.add_version("late".into(), text("y"), current(&[AWSCURRENT]), later);
        assert_eq!(secret.versions.len(), MAX_VERSIONS);
        assert_eq!(secret.current().unwrap().id, "late");
        assert!(secret.version_with_stage(AWSPREVIOUS).is_some());
    }

    #[test]
    fn debug_never_shows_values() {
        assert!(!format!("{:?}", text("hunter2")).contains("hunter2"));
    }

    #[test]
    fn access_days_are_truncated_to_midnight() {
        let day = AccessDay::never();
        assert_eq!(day.get(), None);
        day.touch(Timestamp::from_epoch_millis(DAY_MILLIS + 5_000));
        assert_eq!(day.get(), Some(Timestamp::from_epoch_millis(DAY_MILLIS)));
    }
}
