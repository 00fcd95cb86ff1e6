//! What a replica is: a read-only copy of its primary in another region, with the same name and
//! ARN suffix and its own KMS key, that every change to the primary reaches; it refuses writes
//! and primary-only calls (values, metadata, tags, policies, replication), and a primary that has
//! replicas cannot be deleted.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput;
use aws_sdk_secretsmanager::types::{ReplicaRegionType, RotationRulesType, Tag};
use common::{
    ACCOUNT_POLICY, DEFAULT_ACCOUNT, ON_REPLICA, REPLICA_REGION, TestServer, arn_suffix,
    assert_error, assert_secret_arn, create_secret, current_value, put, region, replicate, tag,
};

const INVALID_PARAMETER: &str = "InvalidParameterException";
const VERSION_1: &str = "00000000-0000-0000-0000-000000000001";
const VERSION_2: &str = "00000000-0000-0000-0000-000000000002";
const FOLLOWER_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
const FOLLOWER: &str = "replication/follower";

/// DescribeSecret of the replica, read in its own region.
async fn describe_replica(server: &TestServer) -> DescribeSecretOutput {
    common::describe(&server.client_for(REPLICA_REGION, "test"), FOLLOWER).await
}

/// The resource policy the replica of [`FOLLOWER`] shows.
async fn replica_policy(replica_client: &Client) -> Option<String> {
    replica_client
        .get_resource_policy()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("replica policy")
        .resource_policy
}

fn tag_keys(described: &DescribeSecretOutput) -> Vec<&str> {
    described.tags().iter().filter_map(Tag::key).collect()
}

#[tokio::test]
async fn replica_is_readable_in_its_region() {
    let name = "replication/readable";
    let (server, client) = TestServer::with_secret(name, "replicated value").await;
    replicate(&client, name).await;

    let replica_client = server.client_for(REPLICA_REGION, "test");

    assert_eq!(
        current_value(&replica_client, name).await,
        "replicated value"
    );
    let described = common::describe(&replica_client, name).await;
    assert_eq!(described.primary_region(), Some("us-east-1"));
}

#[tokio::test]
async fn a_replica_carries_the_primary_with_its_own_kms_key_and_follows_writes() {
    let (server, client) = TestServer::with_client().await;
    let primary_arn = client
        .create_secret()
        .name("replication/carried")
        .secret_string("first")
        .description("shared settings")
        .tags(Tag::builder().key("team").value("core").build())
        .send()
        .await
        .expect("create")
        .arn
        .expect("ARN");

    let replicated = client
        .replicate_secret_to_regions()
        .secret_id("replication/carried")
        .add_replica_regions(
            ReplicaRegionType::builder()
                .region(REPLICA_REGION)
                .kms_key_id("alias/eu-key")
                .build(),
        )
        .send()
        .await
        .expect("replicate");

    assert_eq!(replicated.arn(), Some(primary_arn.as_str()));
    let [status] = replicated.replication_status() else {
        panic!("one replica: {replicated:?}");
    };
    assert_eq!(status.kms_key_id(), Some("alias/eu-key"));
    assert_eq!(status.status_message(), Some("Replication succeeded"));

    let replica_client = server.client_for(REPLICA_REGION, "test");
    let replica = common::describe(&replica_client, "replication/carried").await;
    let replica_arn = replica.arn().expect("replica ARN");
    assert_secret_arn(
        replica_arn,
        REPLICA_REGION,
        DEFAULT_ACCOUNT,
        "replication/carried",
    );
    assert_eq!(arn_suffix(replica_arn), arn_suffix(&primary_arn));
    assert_eq!(replica.kms_key_id(), Some("alias/eu-key"));
    assert_eq!(replica.description(), Some("shared settings"));
    assert_eq!(replica.tags().len(), 1);
    assert_eq!(replica.primary_region(), Some("us-east-1"));

    client
        .put_secret_value()
        .secret_id("replication/carried")
        .secret_string("second")
        .send()
        .await
        .expect("put on primary");
    client
        .update_secret()
        .secret_id("replication/carried")
        .description("changed")
        .send()
        .await
        .expect("update primary");

    assert_eq!(
        current_value(&replica_client, "replication/carried").await,
        "second"
    );
    let replica = common::describe(&replica_client, replica_arn).await;
    assert_eq!(replica.description(), Some("changed"));
    assert_eq!(replica.kms_key_id(), Some("alias/eu-key"));
}

#[tokio::test]
async fn every_change_to_a_primary_reaches_its_replica() {
    let (server, client) = TestServer::with_client().await;
    let replica_client = server.client_for(REPLICA_REGION, "test");
    client
        .create_secret()
        .name(FOLLOWER)
        .secret_string("v1")
        .client_request_token(VERSION_1)
        .description("first")
        .send()
        .await
        .expect("create");
    replicate(&client, FOLLOWER).await;

    // The value.
    put(&client, FOLLOWER, VERSION_2, "v2").await;
    assert_eq!(current_value(&replica_client, FOLLOWER).await, "v2");

    // The stages: AWSCURRENT back onto the first version.
    client
        .update_secret_version_stage()
        .secret_id(FOLLOWER)
        .version_stage("AWSCURRENT")
        .remove_from_version_id(VERSION_2)
        .move_to_version_id(VERSION_1)
        .send()
        .await
        .expect("move AWSCURRENT");
    assert_eq!(current_value(&replica_client, FOLLOWER).await, "v1");

    // The description.
    client
        .update_secret()
        .secret_id(FOLLOWER)
        .description("second")
        .send()
        .await
        .expect("update description");
    assert_eq!(
        describe_replica(&server).await.description(),
        Some("second")
    );

    // The KMS key: the value is encrypted anew and reaches the replica, which keeps its own key
    // (here the default one, shown as none).
    client
        .update_secret()
        .secret_id(FOLLOWER)
        .kms_key_id("alias/primary-key")
        .secret_string("v3")
        .send()
        .await
        .expect("update KMS key");
    assert_eq!(current_value(&replica_client, FOLLOWER).await, "v3");
    assert_eq!(describe_replica(&server).await.kms_key_id(), None);

    // Tags, added and removed.
    client
        .tag_resource()
        .secret_id(FOLLOWER)
        .tags(Tag::builder().key("team").value("core").build())
        .send()
        .await
        .expect("tag");
    assert_eq!(tag_keys(&describe_replica(&server).await), ["team"]);
    client
        .untag_resource()
        .secret_id(FOLLOWER)
        .tag_keys("team")
        .send()
        .await
        .expect("untag");
    assert!(tag_keys(&describe_replica(&server).await).is_empty());

    // The resource policy, put and deleted.
    client
        .put_resource_policy()
        .secret_id(FOLLOWER)
        .resource_policy(FOLLOWER_POLICY)
        .send()
        .await
        .expect("put policy");
    assert_eq!(
        replica_policy(&replica_client).await.as_deref(),
        Some(FOLLOWER_POLICY)
    );
    client
        .delete_resource_policy()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("delete policy");
    assert_eq!(replica_policy(&replica_client).await, None);

    // The rotation configuration.
    client
        .rotate_secret()
        .secret_id(FOLLOWER)
        .rotation_rules(
            RotationRulesType::builder()
                .automatically_after_days(10)
                .build(),
        )
        .rotate_immediately(false)
        .send()
        .await
        .expect("configure rotation");
    let replica = describe_replica(&server).await;
    assert_eq!(replica.rotation_enabled(), Some(true));
    assert_eq!(
        replica
            .rotation_rules()
            .and_then(RotationRulesType::automatically_after_days),
        Some(10)
    );
}

#[tokio::test]
async fn a_replica_refuses_writes_and_primary_only_calls() {
    let (server, client) = TestServer::with_secret("replication/read-only", "v").await;
    replicate(&client, "replication/read-only").await;
    let replica_client = server.client_for(REPLICA_REGION, "test");

    assert_error(
        replica_client
            .put_secret_value()
            .secret_id("replication/read-only")
            .secret_string("sneaky")
            .send()
            .await,
        INVALID_PARAMETER,
        ON_REPLICA,
    );
    assert_error(
        replica_client
            .replicate_secret_to_regions()
            .secret_id("replication/read-only")
            .add_replica_regions(region("ap-south-1"))
            .send()
            .await,
        INVALID_PARAMETER,
        ON_REPLICA,
    );
    assert_error(
        replica_client
            .remove_regions_from_replication()
            .secret_id("replication/read-only")
            .remove_replica_regions(REPLICA_REGION)
            .send()
            .await,
        INVALID_PARAMETER,
        ON_REPLICA,
    );
    assert_eq!(
        current_value(&replica_client, "replication/read-only").await,
        "v"
    );
}

#[tokio::test]
async fn a_replica_refuses_writes_and_its_primary_refuses_deletion() {
    let (server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "replicas/guarded", "v1").await;
    replicate(&client, "replicas/guarded").await;
    let replica = server.client_for(REPLICA_REGION, "test");

    assert_error(
        replica
            .put_secret_value()
            .secret_id("replicas/guarded")
            .secret_string("v2")
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        replica
            .update_secret()
            .secret_id("replicas/guarded")
            .description("x")
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        replica
            .delete_secret()
            .secret_id("replicas/guarded")
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        client
            .delete_secret()
            .secret_id("replicas/guarded")
            .send()
            .await,
        "InvalidParameterException",
        &format!(
            "You can't delete secret {arn} that still has replica regions [{REPLICA_REGION}]."
        ),
    );
    assert_eq!(current_value(&replica, "replicas/guarded").await, "v1");

    // Writes to the primary reach the replica.
    client
        .put_secret_value()
        .secret_id("replicas/guarded")
        .secret_string("v2")
        .send()
        .await
        .expect("put on the primary");
    assert_eq!(current_value(&replica, "replicas/guarded").await, "v2");
}

#[tokio::test]
async fn replicas_refuse_tag_and_policy_writes() {
    let (server, client) = TestServer::with_secret("replicated", "v").await;
    replicate(&client, "replicated").await;
    let replica = server.client_for(REPLICA_REGION, "test");

    assert_error(
        replica
            .tag_resource()
            .secret_id("replicated")
            .tags(tag("k", "v"))
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        replica
            .untag_resource()
            .secret_id("replicated")
            .tag_keys("k")
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        replica
            .put_resource_policy()
            .secret_id("replicated")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    assert_error(
        replica
            .delete_resource_policy()
            .secret_id("replicated")
            .send()
            .await,
        "InvalidParameterException",
        ON_REPLICA,
    );
    // Reading the replica's policy is fine.
    replica
        .get_resource_policy()
        .secret_id("replicated")
        .send()
        .await
        .expect("get the replica's policy");
}
