//! The handler trait the generated router calls, implemented for the emulator's state: each
//! method hands its request to the operation in the `ops` module of its concern.

use crate::ops;
use crate::state::Emulator;
use generated::{
    AssociateCrossAccountReplicaError, AssociateCrossAccountReplicaRequest,
    AssociateCrossAccountReplicaResponse, BatchGetSecretValueError, BatchGetSecretValueRequest,
    BatchGetSecretValueResponse, CancelRotateSecretError, CancelRotateSecretRequest,
    CancelRotateSecretResponse, CreateSecretError, CreateSecretRequest, CreateSecretResponse,
    DeleteResourcePolicyError, DeleteResourcePolicyRequest, DeleteResourcePolicyResponse,
    DeleteSecretError, DeleteSecretRequest, DeleteSecretResponse, DescribeSecretError,
    DescribeSecretRequest, DescribeSecretResponse, DisassociateCrossAccountReplicaError,
    DisassociateCrossAccountReplicaRequest, DisassociateCrossAccountReplicaResponse,
    GetRandomPasswordError, GetRandomPasswordRequest, GetRandomPasswordResponse,
    GetResourcePolicyError, GetResourcePolicyRequest, GetResourcePolicyResponse,
    GetSecretValueError, GetSecretValueRequest, GetSecretValueResponse, ListResourcePoliciesError,
    ListResourcePoliciesRequest, ListResourcePoliciesResponse, ListSecretVersionIdsError,
    ListSecretVersionIdsRequest, ListSecretVersionIdsResponse, ListSecretsError,
    ListSecretsRequest, ListSecretsResponse, PutResourcePolicyError, PutResourcePolicyRequest,
    PutResourcePolicyResponse, PutSecretValueError, PutSecretValueRequest, PutSecretValueResponse,
    RemoveRegionsFromReplicationError, RemoveRegionsFromReplicationRequest,
    RemoveRegionsFromReplicationResponse, ReplicateSecretToRegionsError,
    ReplicateSecretToRegionsRequest, ReplicateSecretToRegionsResponse, RestoreSecretError,
    RestoreSecretRequest, RestoreSecretResponse, RotateSecretError, RotateSecretRequest,
    RotateSecretResponse, SecretsManagerHandler, StopReplicationToReplicaError,
    StopReplicationToReplicaRequest, StopReplicationToReplicaResponse, TagResourceError,
    TagResourceRequest, UntagResourceError, UntagResourceRequest, UpdateSecretError,
    UpdateSecretRequest, UpdateSecretResponse, UpdateSecretVersionStageError,
    UpdateSecretVersionStageRequest, UpdateSecretVersionStageResponse, ValidateResourcePolicyError,
    ValidateResourcePolicyRequest, ValidateResourcePolicyResponse,
};
use runtime::RequestContext;

impl SecretsManagerHandler for Emulator {
    async fn associate_cross_account_replica(
        &self,
        ctx: RequestContext,
        input: AssociateCrossAccountReplicaRequest,
    ) -> Result<AssociateCrossAccountReplicaResponse, AssociateCrossAccountReplicaError> {
        ops::replication::associate_cross_account_replica(self, &ctx, input)
    }

    async fn batch_get_secret_value(
        &self,
        ctx: RequestContext,
        input: BatchGetSecretValueRequest,
    ) -> Result<BatchGetSecretValueResponse, BatchGetSecretValueError> {
        ops::values::batch_get_secret_value(self, &ctx, input)
    }

    async fn cancel_rotate_secret(
        &self,
        ctx: RequestContext,
        input: CancelRotateSecretRequest,
    ) -> Result<CancelRotateSecretResponse, CancelRotateSecretError> {
        ops::rotation::cancel_rotate_secret(self, &ctx, input)
    }

    async fn create_secret(
        &self,
        ctx: RequestContext,
        input: CreateSecretRequest,
    ) -> Result<CreateSecretResponse, CreateSecretError> {
        ops::secrets::create_secret(self, &ctx, input)
    }

    async fn delete_resource_policy(
        &self,
        ctx: RequestContext,
        input: DeleteResourcePolicyRequest,
    ) -> Result<DeleteResourcePolicyResponse, DeleteResourcePolicyError> {
        ops::policies::delete_resource_policy(self, &ctx, input)
    }

    async fn delete_secret(
        &self,
        ctx: RequestContext,
        input: DeleteSecretRequest,
    ) -> Result<DeleteSecretResponse, DeleteSecretError> {
        ops::secrets::delete_secret(self, &ctx, input)
    }

    async fn describe_secret(
        &self,
        ctx: RequestContext,
        input: DescribeSecretRequest,
    ) -> Result<DescribeSecretResponse, DescribeSecretError> {
        ops::secrets::describe_secret(self, &ctx, input)
    }

    async fn disassociate_cross_account_replica(
        &self,
        ctx: RequestContext,
        input: DisassociateCrossAccountReplicaRequest,
    ) -> Result<DisassociateCrossAccountReplicaResponse, DisassociateCrossAccountReplicaError> {
        ops::replication::disassociate_cross_account_replica(self, &ctx, input)
    }

    async fn get_random_password(
        &self,
        ctx: RequestContext,
        input: GetRandomPasswordRequest,
    ) -> Result<GetRandomPasswordResponse, GetRandomPasswordError> {
        ops::password::get_random_password(self, &ctx, input)
    }

    async fn get_resource_policy(
        &self,
        ctx: RequestContext,
        input: GetResourcePolicyRequest,
    ) -> Result<GetResourcePolicyResponse, GetResourcePolicyError> {
        ops::policies::get_resource_policy(self, &ctx, input)
    }

    async fn get_secret_value(
        &self,
        ctx: RequestContext,
        input: GetSecretValueRequest,
    ) -> Result<GetSecretValueResponse, GetSecretValueError> {
        ops::values::get_secret_value(self, &ctx, input)
    }

    async fn list_resource_policies(
        &self,
        ctx: RequestContext,
        input: ListResourcePoliciesRequest,
    ) -> Result<ListResourcePoliciesResponse, ListResourcePoliciesError> {
        ops::policies::list_resource_policies(self, &ctx, input)
    }

    async fn list_secret_version_ids(
        &self,
        ctx: RequestContext,
        input: ListSecretVersionIdsRequest,
    ) -> Result<ListSecretVersionIdsResponse, ListSecretVersionIdsError> {
        ops::values::list_secret_version_ids(self, &ctx, input)
    }

    async fn list_secrets(
        &self,
        ctx: RequestContext,
        input: ListSecretsRequest,
    ) -> Result<ListSecretsResponse, ListSecretsError> {
        ops::listing::list_secrets(self, &ctx, input)
    }

    async fn put_resource_policy(
        &self,
        ctx: RequestContext,
        input: PutResourcePolicyRequest,
    ) -> Result<PutResourcePolicyResponse, PutResourcePolicyError> {
        ops::policies::put_resource_policy(self, &ctx, input)
    }

    async fn put_secret_value(
        &self,
        ctx: RequestContext,
        input: PutSecretValueRequest,
    ) -> Result<PutSecretValueResponse, PutSecretValueError> {
        ops::values::put_secret_value(self, &ctx, input)
    }

    async fn remove_regions_from_replication(
        &self,
        ctx: RequestContext,
        input: RemoveRegionsFromReplicationRequest,
    ) -> Result<RemoveRegionsFromReplicationResponse, RemoveRegionsFromReplicationError> {
        ops::replication::remove_regions_from_replication(self, &ctx, input)
    }

    async fn replicate_secret_to_regions(
        &self,
        ctx: RequestContext,
        input: ReplicateSecretToRegionsRequest,
    ) -> Result<ReplicateSecretToRegionsResponse, ReplicateSecretToRegionsError> {
        ops::replication::replicate_secret_to_regions(self, &ctx, input)
    }

    async fn restore_secret(
        &self,
        ctx: RequestContext,
        input: RestoreSecretRequest,
    ) -> Result<RestoreSecretResponse, RestoreSecretError> {
        ops::secrets::restore_secret(self, &ctx, input)
    }

    async fn rotate_secret(
        &self,
        ctx: RequestContext,
        input: RotateSecretRequest,
    ) -> Result<RotateSecretResponse, RotateSecretError> {
        ops::rotation::rotate_secret(self, &ctx, input).await
    }

    async fn stop_replication_to_replica(
        &self,
        ctx: RequestContext,
        input: StopReplicationToReplicaRequest,
    ) -> Result<StopReplicationToReplicaResponse, StopReplicationToReplicaError> {
        ops::replication::stop_replication_to_replica(self, &ctx, input)
    }

    async fn tag_resource(
        &self,
        ctx: RequestContext,
        input: TagResourceRequest,
    ) -> Result<(), TagResourceError> {
        ops::tags::tag_resource(self, &ctx, input)
    }

    async fn untag_resource(
        &self,
        ctx: RequestContext,
        input: UntagResourceRequest,
    ) -> Result<(), UntagResourceError> {
        ops::tags::untag_resource(self, &ctx, input)
    }

    async fn update_secret(
        &self,
        ctx: RequestContext,
        input: UpdateSecretRequest,
    ) -> Result<UpdateSecretResponse, UpdateSecretError> {
        ops::secrets::update_secret(self, &ctx, input)
    }

    async fn update_secret_version_stage(
        &self,
        ctx: RequestContext,
        input: UpdateSecretVersionStageRequest,
    ) -> Result<UpdateSecretVersionStageResponse, UpdateSecretVersionStageError> {
        ops::values::update_secret_version_stage(self, &ctx, input)
    }

    async fn validate_resource_policy(
        &self,
        ctx: RequestContext,
        input: ValidateResourcePolicyRequest,
    ) -> Result<ValidateResourcePolicyResponse, ValidateResourcePolicyError> {
        ops::policies::validate_resource_policy(self, &ctx, input)
    }
}
