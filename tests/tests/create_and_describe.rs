//! CreateSecret and DescribeSecret: what a created secret holds and how DescribeSecret shows it
//! (only the members it has; VersionIdsToStages for labelled versions only; LastChangedDate moved
//! by every change and by no read), and CreateSecret's refusals: a name that is taken or awaits
//! deletion, an invalid name. (Response members replayed from AWS's recordings are in
//! replay_responses.rs; cross-account replica creation is in cross_account_replicas.rs.)

mod common;

use std::collections::HashMap;

use aws_sdk_secretsmanager::types::Tag;
use common::{
    NAME_SCHEDULED_FOR_DELETION, TestServer, assert_error, assert_secret_not_found, create_secret,
    current_value, describe_raw as describe, last_changed_secs as last_changed, put_value,
    schedule_deletion, sorted_keys,
};

/// The keys of a raw DescribeSecret answer, sorted.
async fn described_keys(server: &TestServer, secret_id: &str) -> Vec<String> {
    sorted_keys(&describe(server, secret_id).await)
}

#[tokio::test]
async fn describe_omits_members_never_set() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "lifecycle/describe-minimal", "v").await;

    let described = common::describe(&client, "lifecycle/describe-minimal").await;

    assert_eq!(described.arn(), Some(arn.as_str()));
    assert_eq!(described.name(), Some("lifecycle/describe-minimal"));
    assert!(described.created_date.is_some());
    assert!(described.last_changed_date.is_some());
    assert_eq!(described.description, None);
    assert_eq!(described.kms_key_id, None);
    assert_eq!(described.tags, None);
    assert_eq!(described.rotation_enabled, None);
    assert_eq!(described.last_accessed_date, None);
    assert_eq!(described.deleted_date, None);
}

#[tokio::test]
async fn describe_of_a_fresh_secret_has_only_the_members_it_has() {
    let (server, client) = TestServer::with_secret("shape/with-value", "v").await;
    client
        .create_secret()
        .name("shape/without-value")
        .send()
        .await
        .expect("create without value");

    assert_eq!(
        described_keys(&server, "shape/with-value").await,
        [
            "ARN",
            "CreatedDate",
            "LastChangedDate",
            "Name",
            "VersionIdsToStages"
        ]
    );
    assert_eq!(
        described_keys(&server, "shape/without-value").await,
        ["ARN", "CreatedDate", "LastChangedDate", "Name"]
    );
}

#[tokio::test]
async fn describe_shows_what_create_was_given() {
    let (server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("shape/full")
        .description("the full set")
        .kms_key_id("alias/custom")
        .r#type("partner-x")
        .tags(Tag::builder().key("team").value("core").build())
        .secret_string("v")
        .send()
        .await
        .expect("create");
    assert!(created.replication_status.is_none(), "no AddReplicaRegions");

    let described = describe(&server, "shape/full").await;
    assert_eq!(described["Description"], "the full set");
    assert_eq!(described["KmsKeyId"], "alias/custom");
    assert_eq!(described["Type"], "partner-x");
    assert_eq!(
        described["Tags"],
        serde_json::json!([{"Key": "team", "Value": "core"}])
    );
    assert_eq!(described["ARN"], created.arn.unwrap().as_str());
    for absent in [
        "RotationEnabled",
        "LastAccessedDate",
        "DeletedDate",
        "PrimaryRegion",
        "ReplicationStatus",
        "OwningService",
        "NextRotationDate",
    ] {
        assert!(described.get(absent).is_none(), "{absent} in {described}");
    }
    let stages = described["VersionIdsToStages"]
        .as_object()
        .expect("VersionIdsToStages");
    assert_eq!(stages.len(), 1);
    assert_eq!(
        stages.values().next().unwrap(),
        &serde_json::json!(["AWSCURRENT"])
    );
}

#[tokio::test]
async fn describe_maps_only_labelled_versions_to_stages() {
    let name = "lifecycle/version-stages";
    let (_server, client) = TestServer::with_secret(name, "v1").await;
    let second = put_value(&client, name, "v2").await;
    let third = put_value(&client, name, "v3").await;

    let described = common::describe(&client, name).await;

    // The first version lost AWSPREVIOUS to the second, so it has no label and is not listed.
    let expected = HashMap::from([
        (third, vec!["AWSCURRENT".to_owned()]),
        (second, vec!["AWSPREVIOUS".to_owned()]),
    ]);
    assert_eq!(described.version_ids_to_stages, Some(expected));
}

#[tokio::test]
async fn describe_of_an_unknown_or_invalid_id_fails() {
    let (_server, client) = TestServer::with_client().await;
    assert_secret_not_found(
        client
            .describe_secret()
            .secret_id("shape/nowhere")
            .send()
            .await,
    );
    assert_error(
        client.describe_secret().secret_id("bad name").send().await,
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the \
         following: -/_+=.@!",
    );
}

#[tokio::test]
async fn every_change_bumps_last_changed_date_and_reads_do_not() {
    let name = "changed/dates";
    let (server, client) = TestServer::with_secret(name, "v1").await;
    let created = last_changed(&client, name).await;
    let step = || server.emulator().clock().advance_millis(60_000);

    step();
    current_value(&client, name).await;
    assert_eq!(last_changed(&client, name).await, created, "a read");

    step();
    let v2 = client
        .put_secret_value()
        .secret_id(name)
        .secret_string("v2")
        .send()
        .await
        .expect("put")
        .version_id
        .unwrap();
    let after_put = last_changed(&client, name).await;
    assert!(after_put >= created + 60.0, "a put");

    step();
    client
        .update_secret_version_stage()
        .secret_id(name)
        .version_stage("blue")
        .move_to_version_id(&v2)
        .send()
        .await
        .expect("stage");
    let after_stage = last_changed(&client, name).await;
    assert!(after_stage >= after_put + 60.0, "a stage move");

    step();
    common::delete(&client, name).await;
    let after_delete = last_changed(&client, name).await;
    assert!(after_delete >= after_stage + 60.0, "a delete");

    step();
    common::restore(&client, name).await;
    assert!(
        last_changed(&client, name).await >= after_delete + 60.0,
        "a restore"
    );
}

#[tokio::test]
async fn create_with_existing_name_is_resource_exists() {
    let (_server, client) = TestServer::with_secret("lifecycle/duplicate", "original").await;

    assert_error(
        client
            .create_secret()
            .name("lifecycle/duplicate")
            .secret_string("impostor")
            .send()
            .await,
        "ResourceExistsException",
        "The operation failed because the secret lifecycle/duplicate already exists.",
    );
    assert_eq!(
        current_value(&client, "lifecycle/duplicate").await,
        "original"
    );
}

#[tokio::test]
async fn create_with_name_scheduled_for_deletion_is_invalid_request() {
    let (_server, client) = TestServer::with_secret("lifecycle/name-in-recovery", "v").await;
    schedule_deletion(&client, "lifecycle/name-in-recovery").await;

    assert_error(
        client
            .create_secret()
            .name("lifecycle/name-in-recovery")
            .secret_string("v2")
            .send()
            .await,
        "InvalidRequestException",
        NAME_SCHEDULED_FOR_DELETION,
    );
}

#[tokio::test]
async fn invalid_name_is_validation_exception() {
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client
            .create_secret()
            .name("bad name*")
            .secret_string("v")
            .send()
            .await,
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the \
         following: -/_+=.@!",
    );
}
