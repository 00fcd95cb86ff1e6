//! The replication operations: ReplicateSecretToRegions, RemoveRegionsFromReplication,
//! StopReplicationToReplica, AssociateCrossAccountReplica and DisassociateCrossAccountReplica.
//! What a replica is and how it is kept up to date is [`crate::replicas`]' job.

use crate::access;
use crate::arn::SecretArn;
use crate::change::Admits;
use crate::replicas::{
    add_replicas, copy_to_cross_account_replica, find_mut_by_arn, forget_regional_replica,
    mark_detached_at_primary, remove_replica, replication_statuses,
};
use crate::secret::CrossAccountLink;
use crate::state::Emulator;
use crate::store::PartitionKey;
use generated::{
    AssociateCrossAccountReplicaError, AssociateCrossAccountReplicaRequest,
    AssociateCrossAccountReplicaResponse, DisassociateCrossAccountReplicaError,
    DisassociateCrossAccountReplicaRequest, DisassociateCrossAccountReplicaResponse,
    InvalidParameterException, InvalidRequestException, LimitExceededException,
    RemoveRegionsFromReplicationError, RemoveRegionsFromReplicationRequest,
    RemoveRegionsFromReplicationResponse, ReplicateSecretToRegionsError,
    ReplicateSecretToRegionsRequest, ReplicateSecretToRegionsResponse, StatusType,
    StopReplicationToReplicaError, StopReplicationToReplicaRequest,
    StopReplicationToReplicaResponse,
};
use runtime::RequestContext;

pub(crate) fn replicate_secret_to_regions(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: ReplicateSecretToRegionsRequest,
) -> Result<ReplicateSecretToRegionsResponse, ReplicateSecretToRegionsError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let statuses = add_replicas::<ReplicateSecretToRegionsError>(
            change.partitions,
            change.key,
            change.secret,
            &input.add_replica_regions,
            input.force_overwrite_replica_secret,
            change.now,
        )?;
        Ok(ReplicateSecretToRegionsResponse {
            arn: Some(change.secret.arn.clone()),
            replication_status: Some(statuses),
        })
    })
}

pub(crate) fn remove_regions_from_replication(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RemoveRegionsFromReplicationRequest,
) -> Result<RemoveRegionsFromReplicationResponse, RemoveRegionsFromReplicationError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        for region in &input.remove_replica_regions {
            remove_replica(
                change.partitions,
                change.key,
                change.secret,
                region,
                change.now,
            );
        }
        Ok(RemoveRegionsFromReplicationResponse {
            arn: Some(change.secret.arn.clone()),
            replication_status: Some(replication_statuses(change.secret)),
        })
    })
}

/// Called on a replica (in its own region or account): it becomes a standalone secret that
/// takes writes of its own, and its primary stops replicating to it.
pub(crate) fn stop_replication_to_replica(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: StopReplicationToReplicaRequest,
) -> Result<StopReplicationToReplicaResponse, StopReplicationToReplicaError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_SECRET, |change| {
        let replica = &mut *change.secret;
        let arn = replica.arn.clone();
        if let Some(primary_region) = replica.primary_region.take() {
            let primary_key = PartitionKey::new(change.key.account_id.clone(), primary_region);
            forget_regional_replica(
                change.partitions,
                &primary_key,
                &replica.name,
                &change.key.region,
                change.now,
            );
        } else if let Some(link) = replica.cross_account_primary.take() {
            mark_detached_at_primary(change.partitions, &link.arn, &arn, change.now);
        } else {
            return Err(not_a_replica(&replica.name).into());
        }
        Ok(StopReplicationToReplicaResponse { arn: Some(arn) })
    })
}

/// Called in the primary's account: links the primary to a secret another account created as
/// its replica (CreateSecret with `CrossAccountPrimaryARN`), and copies the primary's value to it.
/// Calling it again for the same replica repairs the link, as AWS documents.
pub(crate) fn associate_cross_account_replica(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: AssociateCrossAccountReplicaRequest,
) -> Result<AssociateCrossAccountReplicaResponse, AssociateCrossAccountReplicaError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let primary = &mut *change.secret;
        let replica_arn = &input.cross_account_replica_arn;
        let replica_key = cross_account_replica_key::<AssociateCrossAccountReplicaError>(
            change.key,
            replica_arn,
        )?;
        let replica = access::find_live::<AssociateCrossAccountReplicaError>(
            change.partitions,
            &replica_key,
            replica_arn,
            change.now,
        )?;
        if !links_to(replica.cross_account_primary.as_ref(), &primary.arn) {
            return Err(not_a_cross_account_replica(&replica.arn, &primary.arn).into());
        }
        if let Some(other) = primary
            .cross_account_replicas
            .iter()
            .find(|link| link.arn != replica.arn)
        {
            return Err(one_cross_account_replica(&other.arn).into());
        }

        let replica_arn = replica.arn.clone();
        if let Some(replica) = find_mut_by_arn(change.partitions, &replica_arn, change.now) {
            copy_to_cross_account_replica(primary, replica);
        }
        record_link(
            &mut primary.cross_account_replicas,
            CrossAccountLink {
                arn: replica_arn.clone(),
                role_arn: input.replication_role_arn.clone(),
                status: StatusType::InSync,
                status_message: None,
            },
        );
        Ok(AssociateCrossAccountReplicaResponse {
            arn: Some(primary.arn.clone()),
            cross_account_replica_arn: Some(replica_arn),
            replication_status: Some(StatusType::InSync),
        })
    })
}

/// Called in the primary's account: unlinks a cross-account replica. The replica stays where it
/// is, marked `Detached`, until its owner promotes it with StopReplicationToReplica.
pub(crate) fn disassociate_cross_account_replica(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: DisassociateCrossAccountReplicaRequest,
) -> Result<DisassociateCrossAccountReplicaResponse, DisassociateCrossAccountReplicaError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let primary = &mut *change.secret;
        let requested = &input.cross_account_replica_arn;
        let Some(link) = primary
            .cross_account_replicas
            .iter()
            .find(|link| names_same_secret(&link.arn, requested))
        else {
            return Err(not_a_cross_account_replica(requested, &primary.arn).into());
        };
        let replica_arn = link.arn.clone();
        primary
            .cross_account_replicas
            .retain(|link| link.arn != replica_arn);
        if let Some(replica) = find_mut_by_arn(change.partitions, &replica_arn, change.now)
            && let Some(link) = replica
                .cross_account_primary
                .as_mut()
                .filter(|link| link.arn == primary.arn)
        {
            link.status = StatusType::Detached;
            link.status_message = None;
        }
        Ok(DisassociateCrossAccountReplicaResponse {
            arn: Some(primary.arn.clone()),
            cross_account_replica_arn: Some(replica_arn),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Cross-account replicas.
// ---------------------------------------------------------------------------------------------

/// The partition of a cross-account replica ARN, which must be a secret ARN in the primary's
/// region and another account.
fn cross_account_replica_key<E: From<InvalidParameterException>>(
    primary_key: &PartitionKey,
    replica_arn: &str,
) -> Result<PartitionKey, E> {
    let Some(parsed) = SecretArn::parse(replica_arn) else {
        return Err(invalid_replica_arn(replica_arn).into());
    };
    if parsed.region != primary_key.region {
        return Err(replica_in_other_region().into());
    }
    if parsed.account_id == primary_key.account_id {
        return Err(replica_in_same_account().into());
    }
    Ok(PartitionKey::new(parsed.account_id, parsed.region))
}

/// Adds `link` to the primary's cross-account replicas, replacing an earlier one to the same
/// replica.
fn record_link(links: &mut Vec<CrossAccountLink>, link: CrossAccountLink) {
    match links.iter_mut().find(|entry| entry.arn == link.arn) {
        Some(entry) => *entry = link,
        None => links.push(link),
    }
}

fn links_to(link: Option<&CrossAccountLink>, primary_arn: &str) -> bool {
    link.is_some_and(|link| link.arn == primary_arn)
}

/// Whether `requested` (a full or partial ARN) names the secret whose full ARN is `full`.
fn names_same_secret(full: &str, requested: &str) -> bool {
    full == requested
        || full
            .rsplit_once('-')
            .is_some_and(|(without_suffix, _)| without_suffix == requested)
}

// ---------------------------------------------------------------------------------------------
// Errors: our wording, in AWS's style (no AWS capture of these messages).
// ---------------------------------------------------------------------------------------------

fn not_a_replica(name: &str) -> InvalidRequestException {
    InvalidRequestException::new(format!("The secret {name} isn't a replica secret."))
}

fn invalid_replica_arn(arn: &str) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "The CrossAccountReplicaARN {arn} isn't a valid secret ARN."
    ))
}

fn replica_in_other_region() -> InvalidParameterException {
    InvalidParameterException::new(
        "The cross-account replica must be in the same Region as the primary secret.",
    )
}

fn replica_in_same_account() -> InvalidParameterException {
    InvalidParameterException::new(
        "The cross-account replica must be in a different account than the primary secret.",
    )
}

fn not_a_cross_account_replica(replica_arn: &str, primary_arn: &str) -> InvalidRequestException {
    InvalidRequestException::new(format!(
        "The secret {replica_arn} isn't a cross-account replica of the secret {primary_arn}."
    ))
}

fn one_cross_account_replica(existing: &str) -> LimitExceededException {
    LimitExceededException::new(format!(
        "A primary secret can have at most one cross-account replica. This secret already replicates to {existing}."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "111111111111";
    const OTHER_ACCOUNT: &str = "222222222222";

    fn key(region: &str) -> PartitionKey {
        PartitionKey::new(ACCOUNT, region)
    }

    #[test]
    fn a_cross_account_replica_must_be_in_the_same_region_and_another_account() {
        let primary_key = key("us-east-1");
        let at = |region: &str, account: &str| {
            format!("arn:aws:secretsmanager:{region}:{account}:secret:copy-XyZxYz")
        };
        let check =
            |arn: &str| cross_account_replica_key::<InvalidParameterException>(&primary_key, arn);
        assert_eq!(
            check(&at("us-east-1", OTHER_ACCOUNT)),
            Ok(PartitionKey::new(OTHER_ACCOUNT, "us-east-1"))
        );
        assert_eq!(
            check(&at("eu-west-1", OTHER_ACCOUNT)),
            Err(replica_in_other_region())
        );
        assert_eq!(
            check(&at("us-east-1", ACCOUNT)),
            Err(replica_in_same_account())
        );
        assert_eq!(check("copy"), Err(invalid_replica_arn("copy")));
    }

    #[test]
    fn partial_arns_name_the_same_secret() {
        let full = "arn:aws:secretsmanager:us-east-1:222222222222:secret:my-copy-XyZxYz";
        assert!(names_same_secret(full, full));
        assert!(names_same_secret(
            full,
            "arn:aws:secretsmanager:us-east-1:222222222222:secret:my-copy"
        ));
        assert!(!names_same_secret(
            full,
            "arn:aws:secretsmanager:us-east-1:222222222222:secret:my"
        ));
    }
}
