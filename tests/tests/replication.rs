//! Replication beyond the basics of rotation_replication.rs: what a replica carries and how it
//! follows its primary, the refusals, name clashes in the target region, and cross-account
//! replicas (through raw requests: the SDK has no cross-account operations yet).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput;
use aws_sdk_secretsmanager::types::{
    Filter, FilterNameStringType, ReplicaRegionType, RotationRulesType, StatusType, Tag,
};
use common::{
    DEFAULT_ACCOUNT, SECRET_NOT_FOUND, TestServer, access_denied, arn_suffix, assert_error,
    assert_secret_arn, create_secret, current_value,
};
use serde_json::{Value, json};

const REPLICA_REGION: &str = "eu-west-1";
const OTHER_ACCOUNT: &str = "222222222222";
const INVALID_PARAMETER: &str = "InvalidParameterException";
const ON_REPLICA: &str =
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

const VERSION_1: &str = "00000000-0000-0000-0000-000000000001";
const VERSION_2: &str = "00000000-0000-0000-0000-000000000002";
const FOLLOWER_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

fn region(name: &str) -> ReplicaRegionType {
    ReplicaRegionType::builder().region(name).build()
}

async fn replicate(client: &Client, secret_id: &str) {
    client
        .replicate_secret_to_regions()
        .secret_id(secret_id)
        .add_replica_regions(region(REPLICA_REGION))
        .send()
        .await
        .expect("replicate");
}

#[tokio::test]
async fn a_replica_carries_the_primary_with_its_own_kms_key_and_follows_writes() {
    let server = TestServer::start().await;
    let client = server.client();
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
    let replica = replica_client
        .describe_secret()
        .secret_id("replication/carried")
        .send()
        .await
        .expect("describe replica");
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
    let replica = replica_client
        .describe_secret()
        .secret_id(replica_arn)
        .send()
        .await
        .expect("describe replica by ARN");
    assert_eq!(replica.description(), Some("changed"));
    assert_eq!(replica.kms_key_id(), Some("alias/eu-key"));
}

const FOLLOWER: &str = "replication/follower";

/// DescribeSecret of the replica, read in its own region.
async fn describe_replica(server: &TestServer) -> DescribeSecretOutput {
    server
        .client_for(REPLICA_REGION, "test")
        .describe_secret()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("describe replica")
}

fn tag_keys(described: &DescribeSecretOutput) -> Vec<&str> {
    described.tags().iter().filter_map(Tag::key).collect()
}

#[tokio::test]
async fn every_change_to_a_primary_reaches_its_replica() {
    let server = TestServer::start().await;
    let client = server.client();
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
    client
        .put_secret_value()
        .secret_id(FOLLOWER)
        .secret_string("v2")
        .client_request_token(VERSION_2)
        .send()
        .await
        .expect("put");
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
    let replica_policy = replica_client
        .get_resource_policy()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("replica policy");
    assert_eq!(replica_policy.resource_policy(), Some(FOLLOWER_POLICY));
    client
        .delete_resource_policy()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("delete policy");
    let replica_policy = replica_client
        .get_resource_policy()
        .secret_id(FOLLOWER)
        .send()
        .await
        .expect("replica policy");
    assert_eq!(replica_policy.resource_policy(), None);

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
async fn a_primary_with_replicas_names_its_own_region_as_primary() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/primary", "v").await;
    create_secret(&client, "replication/alone", "v").await;
    replicate(&client, "replication/primary").await;

    let primary = client
        .describe_secret()
        .secret_id("replication/primary")
        .send()
        .await
        .expect("describe primary");
    assert_eq!(primary.primary_region(), Some("us-east-1"));
    let alone = client
        .describe_secret()
        .secret_id("replication/alone")
        .send()
        .await
        .expect("describe unreplicated");
    assert_eq!(alone.primary_region(), None);

    let listed = client.list_secrets().send().await.expect("list");
    let mut listed_regions: Vec<_> = listed
        .secret_list()
        .iter()
        .map(|entry| (entry.name().unwrap_or_default(), entry.primary_region()))
        .collect();
    listed_regions.sort_unstable();
    assert_eq!(
        listed_regions,
        [
            ("replication/alone", None),
            ("replication/primary", Some("us-east-1"))
        ]
    );
    let by_primary_region = client
        .list_secrets()
        .filters(
            Filter::builder()
                .key(FilterNameStringType::PrimaryRegion)
                .values("us-east-1")
                .build(),
        )
        .send()
        .await
        .expect("list by primary region");
    let names: Vec<_> = by_primary_region
        .secret_list()
        .iter()
        .filter_map(|entry| entry.name())
        .collect();
    assert_eq!(names, ["replication/primary"]);
}

#[tokio::test]
async fn replication_status_names_the_kms_key_of_each_replica() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/keys", "v").await;
    let replicated = client
        .replicate_secret_to_regions()
        .secret_id("replication/keys")
        .add_replica_regions(region(REPLICA_REGION))
        .add_replica_regions(
            ReplicaRegionType::builder()
                .region("ap-south-1")
                .kms_key_id("alias/ap-key")
                .build(),
        )
        .send()
        .await
        .expect("replicate");
    let described = client
        .describe_secret()
        .secret_id("replication/keys")
        .send()
        .await
        .expect("describe primary");
    let expected = [
        (REPLICA_REGION, Some("alias/aws/secretsmanager")),
        ("ap-south-1", Some("alias/ap-key")),
    ];
    for statuses in [
        replicated.replication_status(),
        described.replication_status(),
    ] {
        let keys: Vec<_> = statuses
            .iter()
            .map(|status| (status.region().unwrap_or_default(), status.kms_key_id()))
            .collect();
        assert_eq!(keys, expected);
    }
}

#[tokio::test]
async fn create_secret_with_add_replica_regions_replicates_at_once() {
    let server = TestServer::start().await;
    let client = server.client();

    let created = client
        .create_secret()
        .name("replication/at-create")
        .secret_string("v")
        .add_replica_regions(region(REPLICA_REGION))
        .add_replica_regions(region("ap-south-1"))
        .send()
        .await
        .expect("create with replicas");

    let regions: Vec<_> = created
        .replication_status()
        .iter()
        .map(|status| (status.region(), status.status()))
        .collect();
    assert_eq!(
        regions,
        [
            (Some(REPLICA_REGION), Some(&StatusType::InSync)),
            (Some("ap-south-1"), Some(&StatusType::InSync)),
        ]
    );
    for replica_region in [REPLICA_REGION, "ap-south-1"] {
        let replica_client = server.client_for(replica_region, "test");
        assert_eq!(
            current_value(&replica_client, "replication/at-create").await,
            "v"
        );
    }
}

#[tokio::test]
async fn a_replica_refuses_writes_and_primary_only_calls() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/read-only", "v").await;
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
async fn replicating_to_the_primary_region_is_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/own-region", "v").await;

    assert_error(
        client
            .replicate_secret_to_regions()
            .secret_id("replication/own-region")
            .add_replica_regions(region(REPLICA_REGION))
            .add_replica_regions(region("us-east-1"))
            .send()
            .await,
        INVALID_PARAMETER,
        "Invalid replica region.",
    );

    // Refused as a whole: not even the valid region got a replica.
    let described = client
        .describe_secret()
        .secret_id("replication/own-region")
        .send()
        .await
        .expect("describe");
    assert!(described.replication_status().is_empty());
    assert_error(
        server
            .client_for(REPLICA_REGION, "test")
            .describe_secret()
            .secret_id("replication/own-region")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn a_name_taken_in_the_target_region_fails_unless_overwritten() {
    let server = TestServer::start().await;
    let client = server.client();
    let replica_client = server.client_for(REPLICA_REGION, "test");
    create_secret(&client, "replication/clash", "primary value").await;
    create_secret(&replica_client, "replication/clash", "local value").await;

    let replicated = client
        .replicate_secret_to_regions()
        .secret_id("replication/clash")
        .add_replica_regions(region(REPLICA_REGION))
        .send()
        .await
        .expect("replicate");

    let [status] = replicated.replication_status() else {
        panic!("one entry: {replicated:?}");
    };
    assert_eq!(status.status(), Some(&StatusType::Failed));
    assert_eq!(
        status.status_message(),
        Some(
            "Replication failed: Secret name replication/clash already exists in region eu-west-1."
        )
    );
    assert_eq!(
        current_value(&replica_client, "replication/clash").await,
        "local value"
    );

    let forced = client
        .replicate_secret_to_regions()
        .secret_id("replication/clash")
        .add_replica_regions(region(REPLICA_REGION))
        .force_overwrite_replica_secret(true)
        .send()
        .await
        .expect("replicate with overwrite");

    let [status] = forced.replication_status() else {
        panic!("the failed entry is replaced: {forced:?}");
    };
    assert_eq!(status.status(), Some(&StatusType::InSync));
    assert_eq!(
        current_value(&replica_client, "replication/clash").await,
        "primary value"
    );
}

#[tokio::test]
async fn remove_regions_returns_the_remaining_replicas() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/remaining", "v").await;
    client
        .replicate_secret_to_regions()
        .secret_id("replication/remaining")
        .add_replica_regions(region(REPLICA_REGION))
        .add_replica_regions(region("ap-south-1"))
        .send()
        .await
        .expect("replicate");

    let removed = client
        .remove_regions_from_replication()
        .secret_id("replication/remaining")
        .remove_replica_regions(REPLICA_REGION)
        .send()
        .await
        .expect("remove one region");

    let regions: Vec<_> = removed
        .replication_status()
        .iter()
        .map(|status| status.region())
        .collect();
    assert_eq!(regions, [Some("ap-south-1")]);
    assert_eq!(
        current_value(
            &server.client_for("ap-south-1", "test"),
            "replication/remaining"
        )
        .await,
        "v"
    );
}

#[tokio::test]
async fn stop_replication_on_a_secret_that_is_no_replica_is_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replication/standalone", "v").await;

    assert_error(
        client
            .stop_replication_to_replica()
            .secret_id("replication/standalone")
            .send()
            .await,
        "InvalidRequestException",
        "The secret replication/standalone isn't a replica secret.",
    );
}

// -------------------------------------------------------------------------------------------
// Cross-account replicas.
// -------------------------------------------------------------------------------------------

/// The other account creates `name` as a replica of `primary_arn`; returns its ARN.
async fn create_cross_account_replica(
    server: &TestServer,
    name: &str,
    primary_arn: &str,
) -> String {
    let body = server
        .call_as(
            common::DEFAULT_REGION,
            OTHER_ACCOUNT,
            "CreateSecret",
            json!({
                "Name": name,
                "CrossAccountPrimaryARN": primary_arn,
                "KmsKeyId": "alias/replica-key",
                "ClientRequestToken": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            }),
        )
        .await
        .ok_json();
    body["ARN"].as_str().expect("ARN").to_owned()
}

async fn associate(server: &TestServer, primary: &str, replica_arn: &str) -> common::RawResponse {
    server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "AssociateCrossAccountReplica",
            json!({"SecretId": primary, "CrossAccountReplicaARN": replica_arn}),
        )
        .await
}

async fn describe_as(server: &TestServer, account: &str, secret_id: &str) -> Value {
    server
        .call_as(
            common::DEFAULT_REGION,
            account,
            "DescribeSecret",
            json!({"SecretId": secret_id}),
        )
        .await
        .ok_json()
}

#[tokio::test]
async fn a_cross_account_replica_receives_the_primary_until_disassociated() {
    let server = TestServer::start().await;
    let client = server.client();
    let replica_client = server.client_for("us-east-1", OTHER_ACCOUNT);
    let primary_arn = create_secret(&client, "shared/db", "first").await;
    let replica_arn = create_cross_account_replica(&server, "copy/db", &primary_arn).await;
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "Pending"
    );

    let associated = associate(&server, "shared/db", &replica_arn)
        .await
        .ok_json();
    assert_eq!(
        associated,
        json!({
            "ARN": primary_arn,
            "CrossAccountReplicaARN": replica_arn,
            "ReplicationStatus": "InSync",
        })
    );
    assert_eq!(current_value(&replica_client, "copy/db").await, "first");
    let primary = describe_as(&server, DEFAULT_ACCOUNT, "shared/db").await;
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicaSecretARN"],
        replica_arn
    );
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicationStatus"],
        "InSync"
    );
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["PrimarySecretARN"],
        primary_arn
    );
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "InSync"
    );
    assert_eq!(replica["KmsKeyId"], "alias/replica-key");

    // Writes to the primary reach the replica; the replica itself is read-only.
    client
        .put_secret_value()
        .secret_id("shared/db")
        .secret_string("second")
        .send()
        .await
        .expect("put on primary");
    assert_eq!(current_value(&replica_client, "copy/db").await, "second");
    assert_error(
        replica_client
            .put_secret_value()
            .secret_id("copy/db")
            .secret_string("local")
            .send()
            .await,
        INVALID_PARAMETER,
        ON_REPLICA,
    );

    let disassociated = server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "DisassociateCrossAccountReplica",
            json!({"SecretId": "shared/db", "CrossAccountReplicaARN": replica_arn}),
        )
        .await
        .ok_json();
    assert_eq!(
        disassociated,
        json!({"ARN": primary_arn, "CrossAccountReplicaARN": replica_arn})
    );
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "Detached"
    );
    assert!(
        describe_as(&server, DEFAULT_ACCOUNT, "shared/db").await["CrossAccountReplicas"].is_null()
    );
    client
        .put_secret_value()
        .secret_id("shared/db")
        .secret_string("third")
        .send()
        .await
        .expect("put on primary");
    assert_eq!(current_value(&replica_client, "copy/db").await, "second");

    // Its owner promotes it to a standalone secret.
    replica_client
        .stop_replication_to_replica()
        .secret_id("copy/db")
        .send()
        .await
        .expect("promote");
    assert!(describe_as(&server, OTHER_ACCOUNT, "copy/db").await["CrossAccountPrimary"].is_null());
    replica_client
        .put_secret_value()
        .secret_id("copy/db")
        .secret_string("its own")
        .send()
        .await
        .expect("put on the promoted secret");
}

#[tokio::test]
async fn promoting_a_cross_account_replica_shows_it_detached_at_the_primary() {
    let server = TestServer::start().await;
    let client = server.client();
    let primary_arn = create_secret(&client, "shared/api", "key").await;
    let replica_arn = create_cross_account_replica(&server, "copy/api", &primary_arn).await;
    associate(&server, "shared/api", &replica_arn).await;

    server
        .client_for("us-east-1", OTHER_ACCOUNT)
        .stop_replication_to_replica()
        .secret_id("copy/api")
        .send()
        .await
        .expect("promote");

    let primary = describe_as(&server, DEFAULT_ACCOUNT, "shared/api").await;
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicationStatus"],
        "Detached"
    );
}

#[tokio::test]
async fn association_errors() {
    let server = TestServer::start().await;
    let client = server.client();
    let primary_arn = create_secret(&client, "shared/main", "v").await;
    let other_primary_arn = create_secret(&client, "shared/other", "v").await;
    let replica_arn = create_cross_account_replica(&server, "copy/main", &primary_arn).await;

    // A replica created for another primary.
    associate(&server, "shared/other", &replica_arn).await.assert_error(
        "InvalidRequestException",
        &format!(
            "The secret {replica_arn} isn't a cross-account replica of the secret {other_primary_arn}."
        ),
    );
    // A replica in another Region, or in the primary's own account.
    let in_other_region = replica_arn.replace("us-east-1", REPLICA_REGION);
    associate(&server, "shared/main", &in_other_region)
        .await
        .assert_error(
            INVALID_PARAMETER,
            "The cross-account replica must be in the same Region as the primary secret.",
        );
    associate(&server, "shared/main", &other_primary_arn)
        .await
        .assert_error(
            INVALID_PARAMETER,
            "The cross-account replica must be in a different account than the primary secret.",
        );
    // A replica that does not exist.
    let missing = replica_arn.replace("copy/main", "copy/missing");
    associate(&server, "shared/main", &missing)
        .await
        .assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    // At most one cross-account replica per primary.
    associate(&server, "shared/main", &replica_arn)
        .await
        .ok_json();
    // Associating again repairs the link.
    associate(&server, "shared/main", &replica_arn)
        .await
        .ok_json();
    let second = create_cross_account_replica(&server, "copy/second", &primary_arn).await;
    associate(&server, "shared/main", &second).await.assert_error(
        "LimitExceededException",
        &format!(
            "A primary secret can have at most one cross-account replica. This secret already replicates to {replica_arn}."
        ),
    );
    // Disassociating a secret that is not linked.
    server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "DisassociateCrossAccountReplica",
            json!({"SecretId": "shared/main", "CrossAccountReplicaARN": second}),
        )
        .await
        .assert_error(
            "InvalidRequestException",
            &format!(
                "The secret {second} isn't a cross-account replica of the secret {primary_arn}."
            ),
        );
}

#[tokio::test]
async fn accounts_see_each_other_only_through_replication_links() {
    let server = TestServer::start().await;
    let client = server.client();
    let primary_arn = create_secret(&client, "shared/private", "v").await;
    let other_account = server.client_for("us-east-1", OTHER_ACCOUNT);

    // Not by name; by full ARN only as a resource policy allows, and this secret has none
    // (see cross_account_access.rs).
    assert_error(
        other_account
            .get_secret_value()
            .secret_id("shared/private")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_error(
        other_account
            .get_secret_value()
            .secret_id(&primary_arn)
            .send()
            .await,
        "AccessDeniedException",
        &access_denied(OTHER_ACCOUNT, "GetSecretValue", &primary_arn),
    );
    // And a replica in another region is not the primary's region's business either.
    replicate(&client, "shared/private").await;
    let replica_arn = primary_arn.replace("us-east-1", REPLICA_REGION);
    assert_error(
        client
            .get_secret_value()
            .secret_id(&replica_arn)
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}
