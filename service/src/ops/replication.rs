//! replication operations.

use crate::emulator::Emulator;
use generated::{
    AssociateCrossAccountReplicaError, AssociateCrossAccountReplicaRequest,
    AssociateCrossAccountReplicaResponse, DisassociateCrossAccountReplicaError,
    DisassociateCrossAccountReplicaRequest, DisassociateCrossAccountReplicaResponse,
    InvalidParameterException, RemoveRegionsFromReplicationError,
    RemoveRegionsFromReplicationRequest, RemoveRegionsFromReplicationResponse,
    ReplicateSecretToRegionsError, ReplicateSecretToRegionsRequest,
    ReplicateSecretToRegionsResponse, StopReplicationToReplicaError,
    StopReplicationToReplicaRequest, StopReplicationToReplicaResponse,
};
use runtime::RequestContext;

pub fn replicate_secret_to_regions(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: ReplicateSecretToRegionsRequest,
) -> Result<ReplicateSecretToRegionsResponse, ReplicateSecretToRegionsError> {
    Err(InvalidParameterException::new("ReplicateSecretToRegions is not served yet.").into())
}

pub fn remove_regions_from_replication(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: RemoveRegionsFromReplicationRequest,
) -> Result<RemoveRegionsFromReplicationResponse, RemoveRegionsFromReplicationError> {
    Err(InvalidParameterException::new("RemoveRegionsFromReplication is not served yet.").into())
}

pub fn stop_replication_to_replica(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: StopReplicationToReplicaRequest,
) -> Result<StopReplicationToReplicaResponse, StopReplicationToReplicaError> {
    Err(InvalidParameterException::new("StopReplicationToReplica is not served yet.").into())
}

pub fn associate_cross_account_replica(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: AssociateCrossAccountReplicaRequest,
) -> Result<AssociateCrossAccountReplicaResponse, AssociateCrossAccountReplicaError> {
    Err(InvalidParameterException::new("AssociateCrossAccountReplica is not served yet.").into())
}

pub fn disassociate_cross_account_replica(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    _input: DisassociateCrossAccountReplicaRequest,
) -> Result<DisassociateCrossAccountReplicaResponse, DisassociateCrossAccountReplicaError> {
    Err(InvalidParameterException::new("DisassociateCrossAccountReplica is not served yet.").into())
}
