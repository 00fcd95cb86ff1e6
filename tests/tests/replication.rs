//! Replication to other regions of the same account: ReplicateSecretToRegions (and
//! AddReplicaRegions at creation) with each replica's status and KMS key, name clashes in the
//! target region, replicating to the primary's own region, RemoveRegionsFromReplication,
//! StopReplicationToReplica, and the members the replication calls answer with. (What a replica
//! holds and refuses is in replicas.rs; cross-account replicas in cross_account_replicas.rs.)

mod common;

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, ReplicaRegionType, StatusType};
use common::{
    REPLICA_REGION, TestServer, assert_error, assert_secret_not_found, create_raw as create,
    create_secret, current_value, region, replicate, sorted_keys, sorted_strings as keys,
};
use serde_json::json;

const INVALID_PARAMETER: &str = "InvalidParameterException";
const TOKEN_1: &str = "11111111-aaaa-4aaa-8aaa-111111111111";

#[tokio::test]
async fn replicate_secret_reports_in_sync_replica() {
    let name = "replication/status";
    let (_server, client) = TestServer::with_secret(name, "v").await;

    let replicated = replicate(&client, name).await;

    let [status] = replicated.replication_status() else {
        panic!("one replica expected: {replicated:?}");
    };
    assert_eq!(status.region(), Some(REPLICA_REGION));
    assert_eq!(status.status(), Some(&StatusType::InSync));

    let described = common::describe(&client, name).await;
    let regions: Vec<_> = described
        .replication_status()
        .iter()
        .map(|s| s.region())
        .collect();
    assert_eq!(regions, [Some(REPLICA_REGION)]);
}

#[tokio::test]
async fn create_with_replica_regions_reports_their_status() {
    let (server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("replicas/at-create")
        .secret_string("v")
        .add_replica_regions(ReplicaRegionType::builder().region(REPLICA_REGION).build())
        .send()
        .await
        .expect("create with a replica");
    let [status] = created.replication_status() else {
        panic!("one replica expected: {created:?}");
    };
    assert_eq!(status.region(), Some(REPLICA_REGION));
    assert_eq!(status.status(), Some(&StatusType::InSync));

    let replica = server.client_for(REPLICA_REGION, "test");
    assert_eq!(current_value(&replica, "replicas/at-create").await, "v");
}

#[tokio::test]
async fn create_secret_with_add_replica_regions_replicates_at_once() {
    let (server, client) = TestServer::with_client().await;

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
async fn replication_status_names_the_kms_key_of_each_replica() {
    let (_server, client) = TestServer::with_secret("replication/keys", "v").await;
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
    let described = common::describe(&client, "replication/keys").await;
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
async fn a_primary_with_replicas_names_its_own_region_as_primary() {
    let (_server, client) = TestServer::with_secret("replication/primary", "v").await;
    create_secret(&client, "replication/alone", "v").await;
    replicate(&client, "replication/primary").await;

    let primary = common::describe(&client, "replication/primary").await;
    assert_eq!(primary.primary_region(), Some("us-east-1"));
    let alone = common::describe(&client, "replication/alone").await;
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
async fn replicating_to_the_primary_region_is_refused() {
    let (server, client) = TestServer::with_secret("replication/own-region", "v").await;

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
    let described = common::describe(&client, "replication/own-region").await;
    assert!(described.replication_status().is_empty());
    assert_secret_not_found(
        server
            .client_for(REPLICA_REGION, "test")
            .describe_secret()
            .secret_id("replication/own-region")
            .send()
            .await,
    );
}

#[tokio::test]
async fn a_name_taken_in_the_target_region_fails_unless_overwritten() {
    let (server, client) = TestServer::with_client().await;
    let replica_client = server.client_for(REPLICA_REGION, "test");
    create_secret(&client, "replication/clash", "primary value").await;
    create_secret(&replica_client, "replication/clash", "local value").await;

    let replicated = replicate(&client, "replication/clash").await;

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
async fn remove_regions_from_replication_deletes_the_replica() {
    let name = "replication/removed";
    let (server, client) = TestServer::with_secret(name, "v").await;
    replicate(&client, name).await;

    client
        .remove_regions_from_replication()
        .secret_id(name)
        .remove_replica_regions(REPLICA_REGION)
        .send()
        .await
        .expect("remove replica region");

    let replica_client = server.client_for(REPLICA_REGION, "test");
    assert_secret_not_found(
        replica_client
            .get_secret_value()
            .secret_id(name)
            .send()
            .await,
    );
    let described = common::describe(&client, name).await;
    assert!(described.replication_status().is_empty(), "{described:?}");
}

#[tokio::test]
async fn remove_regions_returns_the_remaining_replicas() {
    let (server, client) = TestServer::with_secret("replication/remaining", "v").await;
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
async fn stop_replication_to_replica_makes_it_standalone() {
    let name = "replication/promoted";
    let (server, client) = TestServer::with_secret(name, "v").await;
    replicate(&client, name).await;
    let replica_client = server.client_for(REPLICA_REGION, "test");

    // Called in the replica's region, as AWS requires.
    replica_client
        .stop_replication_to_replica()
        .secret_id(name)
        .send()
        .await
        .expect("stop replication");

    let described = common::describe(&replica_client, name).await;
    assert_eq!(described.primary_region, None);
    // No longer a read-only replica: it takes writes of its own, and the primary is unaffected.
    replica_client
        .put_secret_value()
        .secret_id(name)
        .secret_string("written in the former replica")
        .send()
        .await
        .expect("put value in the standalone secret");
    assert_eq!(
        current_value(&replica_client, name).await,
        "written in the former replica"
    );
    assert_eq!(current_value(&client, name).await, "v");
    let primary = common::describe(&client, name).await;
    assert!(primary.replication_status().is_empty(), "{primary:?}");
}

#[tokio::test]
async fn stop_replication_on_a_secret_that_is_no_replica_is_refused() {
    let (_server, client) = TestServer::with_secret("replication/standalone", "v").await;

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

/// The replication calls answer with the members the model gives them: the primary's ARN and
/// its whole ReplicationStatus (ReplicateSecretToRegions, RemoveRegionsFromReplication), the
/// replica's ARN (StopReplicationToReplica); DescribeSecret of a replica names its PrimaryRegion,
/// and so does that of a primary with replicas (its own region).
#[tokio::test]
async fn replication_answers_carry_the_modelled_members() {
    let server = TestServer::start().await;
    create(
        &server,
        json!({"Name": "shapes/replicated", "SecretString": "v", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let replicated = server
        .call(
            "ReplicateSecretToRegions",
            json!({"SecretId": "shapes/replicated",
                   "AddReplicaRegions": [{"Region": "eu-west-1"}, {"Region": "ap-south-1"}]}),
        )
        .await;
    assert_eq!(replicated.ok_keys(), keys(&["ARN", "ReplicationStatus"]));
    for status in replicated.ok_json()["ReplicationStatus"]
        .as_array()
        .expect("ReplicationStatus")
    {
        // KmsKeyId names the default key's alias, as both AWS CLI examples show (issue 10 item 4).
        assert_eq!(
            sorted_keys(status),
            keys(&["KmsKeyId", "Region", "Status", "StatusMessage"])
        );
        assert_eq!(status["Status"], "InSync");
    }

    let replica = server
        .call_as(
            "eu-west-1",
            "test",
            "DescribeSecret",
            json!({"SecretId": "shapes/replicated"}),
        )
        .await;
    assert_eq!(
        replica.ok_keys(),
        keys(&[
            "ARN",
            "CreatedDate",
            "LastChangedDate",
            "Name",
            "PrimaryRegion",
            "VersionIdsToStages"
        ])
    );
    let primary = server
        .call("DescribeSecret", json!({"SecretId": "shapes/replicated"}))
        .await
        .ok_json();
    assert_eq!(
        primary["ReplicationStatus"].as_array().map(Vec::len),
        Some(2)
    );
    // A primary with replicas names its own region (the AWS CLI's describe-secret example).
    assert_eq!(primary["PrimaryRegion"], "us-east-1");

    let removed = server
        .call(
            "RemoveRegionsFromReplication",
            json!({"SecretId": "shapes/replicated", "RemoveReplicaRegions": ["ap-south-1"]}),
        )
        .await;
    assert_eq!(removed.ok_keys(), keys(&["ARN", "ReplicationStatus"]));

    let stopped = server
        .call_as(
            "eu-west-1",
            "test",
            "StopReplicationToReplica",
            json!({"SecretId": "shapes/replicated"}),
        )
        .await;
    assert_eq!(stopped.ok_keys(), keys(&["ARN"]));
    assert!(
        stopped.ok_json()["ARN"]
            .as_str()
            .expect("ARN")
            .starts_with("arn:aws:secretsmanager:eu-west-1:")
    );
}
