//! Regional replicas: read-only copies of a primary under its name and ARN suffix in other
//! regions of its account, each with a KMS key of its own.

use crate::arn;
use crate::secret::{AccessDay, DEFAULT_KMS_KEY_ALIAS, Replica, Secret, keep_access_days};
use crate::store::{PartitionKey, Partitions};
use generated::{InvalidParameterException, ReplicaRegionType, ReplicationStatusType, StatusType};
use runtime::Timestamp;

const REPLICATION_SUCCEEDED: &str = "Replication succeeded";

/// Replicates `primary` (which lives in `primary_key`'s partition, or is about to be stored
/// there) to `regions`, records the outcome in `primary.replicas` and returns the primary's whole
/// `ReplicationStatus`. The request is refused as a whole, before anything changes, if a region
/// is invalid; a region where a secret of that name already exists gets a `Failed` entry instead
/// of a replica, unless `force_overwrite` lets the replica replace a standalone secret.
///
/// `primary` must not be borrowed from `partitions`: take it out of its partition first (as the
/// write path does), or call this before storing a new secret.
pub(crate) fn add_replicas<E: From<InvalidParameterException>>(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    primary: &mut Secret,
    regions: &[ReplicaRegionType],
    force_overwrite: bool,
    now: Timestamp,
) -> Result<Vec<ReplicationStatusType>, E> {
    for (region, kms_key_id) in requested_regions::<E>(&primary_key.region, regions)? {
        let replica = place_replica(
            partitions,
            primary_key,
            primary,
            ReplicaPlacement {
                region,
                kms_key_id,
                force_overwrite,
            },
            now,
        );
        record_replica(&mut primary.replicas, replica);
    }
    Ok(replication_statuses(primary))
}

/// The primary's `ReplicationStatus`, as the replication calls return it.
pub(crate) fn replication_statuses(primary: &Secret) -> Vec<ReplicationStatusType> {
    primary.replicas.iter().map(replication_status).collect()
}

/// One replica as `ReplicationStatus` lists it (DescribeSecret, CreateSecret, replication calls),
/// naming the default key's alias for a replica on the default key, as AWS's examples show.
pub(crate) fn replication_status(replica: &Replica) -> ReplicationStatusType {
    let kms_key_id = replica
        .kms_key_id
        .as_deref()
        .unwrap_or(DEFAULT_KMS_KEY_ALIAS);
    ReplicationStatusType {
        region: Some(replica.region.clone()),
        kms_key_id: Some(kms_key_id.to_owned()),
        status: Some(replica.status),
        status_message: replica.status_message.clone(),
        last_accessed_date: None,
    }
}

/// Where one requested replica goes, and how.
struct ReplicaPlacement<'a> {
    region: &'a str,
    kms_key_id: Option<&'a str>,
    force_overwrite: bool,
}

/// The requested regions with their KMS keys, or the refusal AWS gives when one is missing or is
/// the primary's own region.
fn requested_regions<'a, E: From<InvalidParameterException>>(
    primary_region: &str,
    regions: &'a [ReplicaRegionType],
) -> Result<Vec<(&'a str, Option<&'a str>)>, E> {
    regions
        .iter()
        .map(|requested| match requested.region.as_deref() {
            Some(region) if region != primary_region => {
                Ok((region, requested.kms_key_id.as_deref()))
            }
            _ => Err(invalid_replica_region().into()),
        })
        .collect()
}

/// Creates (or refreshes) the replica of `primary` in one region and says how that went.
fn place_replica(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    primary: &Secret,
    placement: ReplicaPlacement<'_>,
    now: Timestamp,
) -> Replica {
    let ReplicaPlacement {
        region,
        kms_key_id,
        force_overwrite,
    } = placement;
    let Some(replica_arn) = arn::in_region(&primary.arn, region) else {
        return failed_replica(region, kms_key_id, "Replication failed".to_owned());
    };
    let key = PartitionKey::new(primary_key.account_id.clone(), region);
    let partition = partitions.entry(&key);
    let occupant = partition.find(&key, &primary.name, now);
    let replaceable = match occupant {
        None => true,
        Some(secret) => {
            is_replica_of(secret, &primary_key.region, &replica_arn)
                || (force_overwrite && is_standalone(secret))
        }
    };
    if !replaceable {
        let message = format!(
            "Replication failed: Secret name {} already exists in region {region}.",
            primary.name
        );
        return failed_replica(region, kms_key_id, message);
    }
    let previous = occupant.filter(|secret| secret.arn == replica_arn);
    let mut replica = regional_copy(primary, replica_arn, &primary_key.region, previous, now);
    replica.kms_key_id = kms_key_id.map(str::to_owned);
    partition.insert(replica);
    Replica {
        region: region.to_owned(),
        kms_key_id: kms_key_id.map(str::to_owned),
        status: StatusType::InSync,
        status_message: Some(REPLICATION_SUCCEEDED.to_owned()),
    }
}

fn failed_replica(region: &str, kms_key_id: Option<&str>, message: String) -> Replica {
    Replica {
        region: region.to_owned(),
        kms_key_id: kms_key_id.map(str::to_owned),
        status: StatusType::Failed,
        status_message: Some(message),
    }
}

/// Adds `replica` to the primary's list, replacing an earlier entry for the same region.
fn record_replica(replicas: &mut Vec<Replica>, replica: Replica) {
    match replicas
        .iter_mut()
        .find(|entry| entry.region == replica.region)
    {
        Some(entry) => *entry = replica,
        None => replicas.push(replica),
    }
}

/// The primary as its replica in another region shows it. The replica keeps its own KMS key,
/// creation date and access days (which AWS tracks per region).
fn regional_copy(
    primary: &Secret,
    replica_arn: String,
    primary_region: &str,
    previous: Option<&Secret>,
    now: Timestamp,
) -> Secret {
    let mut replica = primary.clone();
    replica.arn = replica_arn;
    replica.primary_region = Some(primary_region.to_owned());
    replica.replicas = Vec::new();
    replica.cross_account_primary = None;
    replica.cross_account_replicas = Vec::new();
    match previous {
        Some(previous) => {
            replica.kms_key_id = previous.kms_key_id.clone();
            replica.created = previous.created;
            replica.creation_seq = previous.creation_seq;
            replica.last_accessed = previous.last_accessed.clone();
            keep_access_days(&mut replica.versions, &previous.versions);
        }
        None => {
            replica.created = now;
            // A new secret in the replica's partition, which numbers it.
            replica.creation_seq = 0;
            replica.last_accessed = AccessDay::never();
            for version in &mut replica.versions {
                version.last_accessed = AccessDay::never();
            }
        }
    }
    replica
}

fn is_replica_of(secret: &Secret, primary_region: &str, replica_arn: &str) -> bool {
    secret.primary_region.as_deref() == Some(primary_region) && secret.arn == replica_arn
}

/// A secret that replication may overwrite: neither a replica nor a primary with replicas.
fn is_standalone(secret: &Secret) -> bool {
    !secret.is_replica() && secret.replicas.is_empty() && secret.cross_account_replicas.is_empty()
}

pub(super) fn refresh_regional_replicas(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    primary: &Secret,
    now: Timestamp,
) {
    for entry in primary
        .replicas
        .iter()
        .filter(|entry| entry.status == StatusType::InSync)
    {
        let Some(replica_arn) = arn::in_region(&primary.arn, &entry.region) else {
            continue;
        };
        let key = PartitionKey::new(primary_key.account_id.clone(), entry.region.clone());
        let partition = partitions.entry(&key);
        let previous = partition
            .find(&key, &primary.name, now)
            .filter(|secret| is_replica_of(secret, &primary_key.region, &replica_arn));
        let Some(previous) = previous else {
            // The replica is gone or was replaced: nothing of ours to refresh.
            continue;
        };
        let replica = regional_copy(
            primary,
            replica_arn,
            &primary_key.region,
            Some(previous),
            previous.created,
        );
        partition.insert(replica);
    }
}

/// Deletes the primary's replica in `region` (if it is still ours) and its entry.
pub(crate) fn remove_replica(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    primary: &mut Secret,
    region: &str,
    now: Timestamp,
) {
    let Some(position) = primary
        .replicas
        .iter()
        .position(|entry| entry.region == region)
    else {
        return;
    };
    primary.replicas.remove(position);
    let key = PartitionKey::new(primary_key.account_id.clone(), region);
    let (Some(partition), Some(replica_arn)) = (
        partitions.get_mut(&key),
        arn::in_region(&primary.arn, region),
    ) else {
        return;
    };
    if partition
        .find(&key, &primary.name, now)
        .is_some_and(|secret| is_replica_of(secret, &primary_key.region, &replica_arn))
    {
        partition.remove(&primary.name);
    }
}

/// After a replica in `replica_region` was promoted: its primary no longer lists it.
pub(crate) fn forget_regional_replica(
    partitions: &mut Partitions,
    primary_key: &PartitionKey,
    name: &str,
    replica_region: &str,
    now: Timestamp,
) {
    if let Some(primary) = partitions
        .get_mut(primary_key)
        .and_then(|partition| partition.find_mut(primary_key, name, now))
    {
        primary
            .replicas
            .retain(|entry| entry.region != replica_region);
    }
}

/// AWS's text, reported from CreateSecret with a replica in the primary's region.
fn invalid_replica_region() -> InvalidParameterException {
    InvalidParameterException::new("Invalid replica region.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::change_stored;
    use crate::secret::{AWSCURRENT, SecretValue};
    use crate::test_fixtures::{NOW, secret_holding};
    use std::convert::Infallible;

    const ACCOUNT: &str = "111111111111";
    const PRIMARY_ARN: &str = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app-AbCdEf";

    fn key(region: &str) -> PartitionKey {
        PartitionKey::new(ACCOUNT, region)
    }

    fn primary() -> Secret {
        let mut secret = secret_holding("app", PRIMARY_ARN, SecretValue::Text("one".into()));
        secret.description = Some("the app".into());
        secret
    }

    fn region(name: &str, kms_key_id: Option<&str>) -> ReplicaRegionType {
        ReplicaRegionType {
            region: Some(name.into()),
            kms_key_id: kms_key_id.map(str::to_owned),
        }
    }

    fn stored<'a>(partitions: &'a Partitions, key: &PartitionKey, name: &str) -> &'a Secret {
        partitions.get(key).unwrap().get(name).unwrap()
    }

    /// A primary stored in us-east-1 with a replica in eu-west-1.
    fn replicated() -> Partitions {
        let mut partitions = Partitions::default();
        let mut secret = primary();
        add_replicas::<InvalidParameterException>(
            &mut partitions,
            &key("us-east-1"),
            &mut secret,
            &[region("eu-west-1", Some("alias/eu"))],
            false,
            NOW,
        )
        .unwrap();
        partitions.entry(&key("us-east-1")).insert(secret);
        partitions
    }

    #[test]
    fn a_replica_is_a_read_only_copy_under_the_same_name_and_suffix() {
        let partitions = replicated();
        let replica = stored(&partitions, &key("eu-west-1"), "app");
        assert_eq!(
            replica.arn,
            "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app-AbCdEf"
        );
        assert_eq!(replica.primary_region.as_deref(), Some("us-east-1"));
        assert_eq!(replica.kms_key_id.as_deref(), Some("alias/eu"));
        assert_eq!(replica.description.as_deref(), Some("the app"));
        assert_eq!(replica.current().unwrap().id, "v1");
        assert!(replica.is_replica());
        let primary = stored(&partitions, &key("us-east-1"), "app");
        let [entry] = &primary.replicas[..] else {
            panic!("one replica expected")
        };
        assert_eq!(entry.status, StatusType::InSync);
        assert_eq!(
            entry.status_message.as_deref(),
            Some("Replication succeeded")
        );
    }

    #[test]
    fn a_replica_on_the_default_key_names_its_alias_in_the_status() {
        let mut partitions = Partitions::default();
        let mut secret = primary();
        let statuses = add_replicas::<InvalidParameterException>(
            &mut partitions,
            &key("us-east-1"),
            &mut secret,
            &[
                region("eu-west-1", None),
                region("ap-south-1", Some("alias/ap")),
            ],
            false,
            NOW,
        )
        .unwrap();
        let keys: Vec<_> = statuses.iter().map(|s| s.kms_key_id.as_deref()).collect();
        assert_eq!(keys, [Some("alias/aws/secretsmanager"), Some("alias/ap")]);
    }

    #[test]
    fn the_primary_region_and_a_missing_region_are_refused_before_any_change() {
        let mut partitions = Partitions::default();
        let mut secret = primary();
        for refused in [region("us-east-1", None), ReplicaRegionType::default()] {
            let result = add_replicas::<InvalidParameterException>(
                &mut partitions,
                &key("us-east-1"),
                &mut secret,
                &[region("eu-west-1", None), refused],
                false,
                NOW,
            );
            assert_eq!(result, Err(invalid_replica_region()));
        }
        assert!(partitions.get(&key("eu-west-1")).is_none());
        assert!(secret.replicas.is_empty());
    }

    #[test]
    fn an_existing_secret_fails_the_replica_unless_overwritten() {
        let mut partitions = Partitions::default();
        let occupant = Secret::new("app".into(), "arn:other".into(), NOW);
        partitions.entry(&key("eu-west-1")).insert(occupant);
        let mut secret = primary();
        let statuses = add_replicas::<InvalidParameterException>(
            &mut partitions,
            &key("us-east-1"),
            &mut secret,
            &[region("eu-west-1", None)],
            false,
            NOW,
        )
        .unwrap();
        assert_eq!(statuses[0].status, Some(StatusType::Failed));
        assert_eq!(
            statuses[0].status_message.as_deref(),
            Some("Replication failed: Secret name app already exists in region eu-west-1.")
        );
        assert_eq!(
            stored(&partitions, &key("eu-west-1"), "app").arn,
            "arn:other"
        );

        let statuses = add_replicas::<InvalidParameterException>(
            &mut partitions,
            &key("us-east-1"),
            &mut secret,
            &[region("eu-west-1", None)],
            true,
            NOW,
        )
        .unwrap();
        assert_eq!(statuses.len(), 1, "the failed entry is replaced");
        assert_eq!(statuses[0].status, Some(StatusType::InSync));
        assert!(stored(&partitions, &key("eu-west-1"), "app").is_replica());
    }

    #[test]
    fn writes_to_the_primary_reach_the_replica_but_access_days_stay_per_region() {
        let mut partitions = replicated();
        let replica_key = key("eu-west-1");
        stored(&partitions, &replica_key, "app")
            .last_accessed
            .touch(NOW);
        change_stored(
            &mut partitions,
            &key("us-east-1"),
            "app",
            NOW,
            false,
            |change| {
                let primary = &mut *change.secret;
                primary.add_version(
                    "v2".into(),
                    SecretValue::Text("two".into()),
                    vec![AWSCURRENT.into()],
                    NOW,
                );
                primary.tags = Some(Vec::new());
                Ok::<_, Infallible>(())
            },
        );

        let replica = stored(&partitions, &replica_key, "app");
        assert_eq!(replica.current().unwrap().id, "v2");
        assert_eq!(replica.tags, Some(Vec::new()));
        assert_eq!(replica.kms_key_id.as_deref(), Some("alias/eu"));
        assert_eq!(replica.last_accessed.get(), Some(NOW.start_of_day()));
    }

    #[test]
    fn removing_a_region_deletes_the_replica() {
        let mut partitions = replicated();
        let primary_key = key("us-east-1");
        change_stored(&mut partitions, &primary_key, "app", NOW, false, |change| {
            let (partitions, primary) = (&mut *change.partitions, &mut *change.secret);
            remove_replica(partitions, &primary_key, primary, "eu-west-1", NOW);
            remove_replica(partitions, &primary_key, primary, "ap-south-1", NOW);
            Ok::<_, Infallible>(())
        });
        assert!(stored(&partitions, &primary_key, "app").replicas.is_empty());
        assert!(
            partitions
                .get(&key("eu-west-1"))
                .unwrap()
                .secrets()
                .next()
                .is_none()
        );
    }
}
