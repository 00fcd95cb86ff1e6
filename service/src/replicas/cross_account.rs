//! Cross-account replicas: secrets of their own (created by CreateSecret with
//! `CrossAccountPrimaryARN`) that receive their primary's versions, description and type once
//! the primary's account associates them.

use crate::arn::SecretArn;
use crate::secret::{CrossAccountLink, Secret, keep_access_days};
use crate::store::{PartitionKey, Partitions};
use generated::StatusType;
use runtime::Timestamp;

/// Copies to a cross-account replica what it receives from its primary: the versions (each
/// keeping the access day it had in the replica), the description and the type. Its name, ARN,
/// KMS key, tags and policy stay its own.
pub(crate) fn copy_to_cross_account_replica(primary: &Secret, replica: &mut Secret) {
    let mut versions = primary.versions.clone();
    keep_access_days(&mut versions, &replica.versions);
    replica.versions = versions;
    replica.description = primary.description.clone();
    replica.secret_type = primary.secret_type.clone();
    replica.last_changed = primary.last_changed;
    replica.cross_account_primary = Some(CrossAccountLink {
        arn: primary.arn.clone(),
        role_arn: None,
        status: StatusType::InSync,
        status_message: None,
    });
}

pub(super) fn refresh_cross_account_replicas(
    partitions: &mut Partitions,
    primary: &Secret,
    now: Timestamp,
) {
    for link in primary
        .cross_account_replicas
        .iter()
        .filter(|link| link.status == StatusType::InSync)
    {
        let Some(replica) = find_mut_by_arn(partitions, &link.arn, now) else {
            continue;
        };
        let linked = replica
            .cross_account_primary
            .as_ref()
            .is_some_and(|own| own.arn == primary.arn && own.status == StatusType::InSync);
        if linked {
            copy_to_cross_account_replica(primary, replica);
        }
    }
}

/// After a cross-account replica was promoted: its primary shows the link as `Detached`.
pub(crate) fn mark_detached_at_primary(
    partitions: &mut Partitions,
    primary_arn: &str,
    replica_arn: &str,
    now: Timestamp,
) {
    if let Some(primary) = find_mut_by_arn(partitions, primary_arn, now)
        && let Some(link) = primary
            .cross_account_replicas
            .iter_mut()
            .find(|link| link.arn == replica_arn)
    {
        link.status = StatusType::Detached;
        link.status_message = None;
    }
}

/// The secret with this ARN, in the partition the ARN names.
pub(crate) fn find_mut_by_arn<'a>(
    partitions: &'a mut Partitions,
    arn: &str,
    now: Timestamp,
) -> Option<&'a mut Secret> {
    let parsed = SecretArn::parse(arn)?;
    let key = PartitionKey::new(parsed.account_id, parsed.region);
    partitions.get_mut(&key)?.find_mut(&key, arn, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretValue;
    use crate::test_fixtures::{NOW, secret_holding};

    const PRIMARY_ARN: &str = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app-AbCdEf";

    fn primary() -> Secret {
        let mut secret = secret_holding("app", PRIMARY_ARN, SecretValue::Text("one".into()));
        secret.description = Some("the app".into());
        secret
    }

    #[test]
    fn cross_account_replicas_receive_versions_description_and_type_only() {
        let mut replica = Secret::new(
            "copy".into(),
            "arn:aws:secretsmanager:us-east-1:222222222222:secret:copy-XyZxYz".into(),
            NOW,
        );
        replica.kms_key_id = Some("alias/mine".into());
        let mut source = primary();
        source.secret_type = Some("t".into());
        source.tags = Some(Vec::new());
        copy_to_cross_account_replica(&source, &mut replica);
        assert_eq!(replica.current().unwrap().id, "v1");
        assert_eq!(replica.description.as_deref(), Some("the app"));
        assert_eq!(replica.secret_type.as_deref(), Some("t"));
        assert_eq!(replica.tags, None);
        assert_eq!(replica.kms_key_id.as_deref(), Some("alias/mine"));
        let link = replica.cross_account_primary.unwrap();
        assert_eq!(
            (link.arn.as_str(), link.status),
            (PRIMARY_ARN, StatusType::InSync)
        );
    }
}
