//! The secret lifecycle member by member as AWS answers it: DescribeSecret's shape, UpdateSecret's
//! metadata, DeleteSecret's windows and purge, RestoreSecret, LastChangedDate, and the refusals
//! around replicas. Time moves with the emulator's clock, never with sleeps.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::{ReplicaRegionType, StatusType, Tag};
use common::{
    MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer, arn_suffix, assert_days_from_now,
    assert_error, create_secret, current_value,
};
use serde_json::Value;
use service::clock::DAY_MILLIS;

const REPLICA_REGION: &str = "eu-west-1";

/// The keys of a raw DescribeSecret answer, sorted.
async fn described_keys(server: &TestServer, secret_id: &str) -> Vec<String> {
    let body = server
        .post_raw(
            "secretsmanager.DescribeSecret",
            &format!(r#"{{"SecretId":"{secret_id}"}}"#),
        )
        .await
        .ok_json();
    let mut keys: Vec<String> = body.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    keys
}

async fn describe(server: &TestServer, secret_id: &str) -> Value {
    server
        .post_raw(
            "secretsmanager.DescribeSecret",
            &format!(r#"{{"SecretId":"{secret_id}"}}"#),
        )
        .await
        .ok_json()
}

/// LastChangedDate in epoch seconds.
async fn last_changed(client: &Client, secret_id: &str) -> f64 {
    client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("describe")
        .last_changed_date
        .expect("LastChangedDate")
        .as_secs_f64()
}

fn advance_days(server: &TestServer, days: i64) {
    server.emulator().clock().advance_millis(days * DAY_MILLIS);
}

// ----- CreateSecret and DescribeSecret ------------------------------------------------------------

#[tokio::test]
async fn describe_of_a_fresh_secret_has_only_the_members_it_has() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "shape/with-value", "v").await;
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
    let server = TestServer::start().await;
    let client = server.client();
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
async fn a_refused_cross_account_replica_create_stores_nothing() {
    let server = TestServer::start().await;
    // This SDK release has no CrossAccountPrimaryARN yet: the requests go raw.
    let create = |extra: &str| {
        format!(
            r#"{{"Name":"shape/cross-account","CrossAccountPrimaryARN":"arn:aws:secretsmanager:us-east-1:111111111111:secret:primary-AbCdEf"{extra}}}"#
        )
    };
    let refusals = [
        (
            create(r#","KmsKeyId":"alias/custom","SecretString":"own value""#),
            "You can't include SecretString, SecretBinary, Description, AddReplicaRegions, or \
             Type when you create a cross-account replica secret.",
        ),
        (
            create(""),
            "You must specify a customer managed KMS key in KmsKeyId to create a cross-account \
             replica secret.",
        ),
    ];
    for (body, message) in refusals {
        let response = server.post_raw("secretsmanager.CreateSecret", &body).await;
        assert_eq!(response.status, 400, "{response:?}");
        let error = response.json();
        assert_eq!(error["__type"], "InvalidParameterException");
        assert_eq!(error["Message"], message);
    }
    assert_error(
        server
            .client()
            .describe_secret()
            .secret_id("shape/cross-account")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn describe_of_an_unknown_or_invalid_id_fails() {
    let server = TestServer::start().await;
    let client = server.client();
    assert_error(
        client
            .describe_secret()
            .secret_id("shape/nowhere")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_error(
        client.describe_secret().secret_id("bad name").send().await,
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the \
         following: -/_+=.@!",
    );
}

// ----- UpdateSecret ---------------------------------------------------------------------------------

#[tokio::test]
async fn update_changes_metadata_without_a_new_version() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "update/metadata", "v1").await;
    let before = last_changed(&client, "update/metadata").await;
    server.emulator().clock().advance_millis(5_000);

    let updated = client
        .update_secret()
        .secret_id("update/metadata")
        .description("new description")
        .kms_key_id("alias/other")
        .r#type("partner-y")
        .send()
        .await
        .expect("update metadata");
    assert_eq!(updated.version_id, None);

    let described = describe(&server, "update/metadata").await;
    assert_eq!(described["Description"], "new description");
    assert_eq!(described["KmsKeyId"], "alias/other");
    assert_eq!(described["Type"], "partner-y");
    assert_eq!(
        described["VersionIdsToStages"].as_object().unwrap().len(),
        1
    );
    assert!(last_changed(&client, "update/metadata").await >= before + 5.0);

    // An empty KmsKeyId goes back to the default key, which DescribeSecret does not name.
    client
        .update_secret()
        .secret_id("update/metadata")
        .kms_key_id("")
        .send()
        .await
        .expect("reset the key");
    assert!(
        describe(&server, "update/metadata")
            .await
            .get("KmsKeyId")
            .is_none()
    );
}

#[tokio::test]
async fn an_empty_update_changes_nothing() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "update/empty", "v1").await;
    let before = describe(&server, "update/empty").await;
    server.emulator().clock().advance_millis(5_000);

    let updated = client
        .update_secret()
        .secret_id("update/empty")
        .send()
        .await
        .expect("empty update");
    assert_eq!(updated.name.as_deref(), Some("update/empty"));
    assert_eq!(updated.version_id, None);
    assert_eq!(describe(&server, "update/empty").await, before);
}

#[tokio::test]
async fn update_with_a_value_moves_current_and_previous() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "update/value", "v1").await;
    let updated = client
        .update_secret()
        .secret_id("update/value")
        .secret_string("v2")
        .send()
        .await
        .expect("update value");
    assert!(updated.version_id.is_some());
    assert_eq!(current_value(&client, "update/value").await, "v2");
    let previous = client
        .get_secret_value()
        .secret_id("update/value")
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("previous");
    assert_eq!(previous.secret_string.as_deref(), Some("v1"));
}

#[tokio::test]
async fn update_of_a_deleted_or_unknown_secret_is_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "update/deleted", "v1").await;
    client
        .delete_secret()
        .secret_id("update/deleted")
        .send()
        .await
        .expect("delete");
    assert_error(
        client
            .update_secret()
            .secret_id("update/deleted")
            .description("too late")
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    assert_error(
        client
            .update_secret()
            .secret_id("update/nowhere")
            .description("x")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

// ----- DeleteSecret, purge and RestoreSecret --------------------------------------------------------

#[tokio::test]
async fn delete_defaults_to_a_30_day_window() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "delete/default", "v").await;
    let deleted = client
        .delete_secret()
        .secret_id("delete/default")
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(deleted.name.as_deref(), Some("delete/default"));
    assert_days_from_now(deleted.deletion_date.as_ref(), 30.0);

    // Still described while scheduled, with its versions and DeletedDate.
    let described = describe(&server, "delete/default").await;
    assert!(described["DeletedDate"].is_number());
    assert!(described["VersionIdsToStages"].is_object());
    // ... and its versions still listed.
    let listed = client
        .list_secret_version_ids()
        .secret_id("delete/default")
        .send()
        .await
        .expect("list versions of a deleted secret");
    assert_eq!(listed.versions().len(), 1);
}

#[tokio::test]
async fn recovery_window_bounds_are_inclusive() {
    let server = TestServer::start().await;
    let client = server.client();
    for days in [7, 30] {
        let name = format!("delete/window-{days}");
        create_secret(&client, &name, "v").await;
        let deleted = client
            .delete_secret()
            .secret_id(&name)
            .recovery_window_in_days(days)
            .send()
            .await
            .expect("delete");
        assert_days_from_now(deleted.deletion_date.as_ref(), days as f64);
    }
}

#[tokio::test]
async fn force_and_window_together_are_refused_after_the_range_check() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "delete/both", "v").await;

    assert_error(
        client
            .delete_secret()
            .secret_id("delete/both")
            .force_delete_without_recovery(true)
            .recovery_window_in_days(10)
            .send()
            .await,
        "InvalidParameterException",
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    // The range is checked first, even with Force, and even for a secret that does not exist.
    assert_error(
        client
            .delete_secret()
            .secret_id("delete/nowhere")
            .force_delete_without_recovery(true)
            .recovery_window_in_days(0)
            .send()
            .await,
        "InvalidParameterException",
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    );
    assert_eq!(current_value(&client, "delete/both").await, "v");
}

#[tokio::test]
async fn force_deleting_a_missing_secret_succeeds() {
    let server = TestServer::start().await;
    let client = server.client();
    let deleted = client
        .delete_secret()
        .secret_id("delete/never-existed")
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("force delete of a missing secret");
    assert_eq!(deleted.name.as_deref(), Some("delete/never-existed"));
    assert!(deleted.arn.is_some());
    assert_days_from_now(deleted.deletion_date.as_ref(), 0.0);

    assert_error(
        client
            .delete_secret()
            .secret_id("delete/never-existed")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn a_scheduled_deletion_is_not_rescheduled_but_can_be_forced() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "delete/twice", "v").await;
    let first = client
        .delete_secret()
        .secret_id("delete/twice")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("schedule");

    assert_error(
        client
            .delete_secret()
            .secret_id("delete/twice")
            .recovery_window_in_days(20)
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    let described = client
        .describe_secret()
        .secret_id("delete/twice")
        .send()
        .await
        .expect("describe");
    assert!(described.deleted_date.is_some());
    assert!(first.deletion_date.is_some());

    client
        .delete_secret()
        .secret_id("delete/twice")
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("force the scheduled deletion");
    assert_error(
        client
            .describe_secret()
            .secret_id("delete/twice")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn a_secret_is_purged_when_its_window_ends() {
    let server = TestServer::start().await;
    let client = server.client();
    let first_arn = create_secret(&client, "delete/purged", "first").await;
    client
        .delete_secret()
        .secret_id("delete/purged")
        .send()
        .await
        .expect("delete with the default 30 days");

    advance_days(&server, 29);
    let described = client
        .describe_secret()
        .secret_id("delete/purged")
        .send()
        .await
        .expect("still there on day 29");
    assert!(described.deleted_date.is_some());

    advance_days(&server, 2);
    assert_error(
        client
            .describe_secret()
            .secret_id("delete/purged")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_error(
        client
            .restore_secret()
            .secret_id("delete/purged")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );

    // The name is free again, and the new secret has a new ARN.
    let second_arn = create_secret(&client, "delete/purged", "second").await;
    assert_ne!(arn_suffix(&first_arn), arn_suffix(&second_arn));
    assert_eq!(current_value(&client, "delete/purged").await, "second");
}

#[tokio::test]
async fn restore_clears_the_deletion() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "restore/me", "v").await;
    client
        .delete_secret()
        .secret_id("restore/me")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("delete");

    let restored = client
        .restore_secret()
        .secret_id("restore/me")
        .send()
        .await
        .expect("restore");
    assert_eq!(restored.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(restored.name.as_deref(), Some("restore/me"));
    assert!(
        describe(&server, "restore/me")
            .await
            .get("DeletedDate")
            .is_none()
    );

    // The old window no longer applies.
    advance_days(&server, 8);
    assert_eq!(current_value(&client, "restore/me").await, "v");
    // Restoring a secret that is not deleted changes nothing.
    client
        .restore_secret()
        .secret_id("restore/me")
        .send()
        .await
        .expect("restore a live secret");
    assert_error(
        client
            .restore_secret()
            .secret_id("restore/nowhere")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

// ----- LastChangedDate ------------------------------------------------------------------------------

#[tokio::test]
async fn every_change_bumps_last_changed_date_and_reads_do_not() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "changed/dates";
    create_secret(&client, name, "v1").await;
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
    client
        .delete_secret()
        .secret_id(name)
        .send()
        .await
        .expect("delete");
    let after_delete = last_changed(&client, name).await;
    assert!(after_delete >= after_stage + 60.0, "a delete");

    step();
    client
        .restore_secret()
        .secret_id(name)
        .send()
        .await
        .expect("restore");
    assert!(
        last_changed(&client, name).await >= after_delete + 60.0,
        "a restore"
    );
}

// ----- Replicas -------------------------------------------------------------------------------------

#[tokio::test]
async fn create_with_replica_regions_reports_their_status() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn a_replica_refuses_writes_and_its_primary_refuses_deletion() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "replicas/guarded", "v1").await;
    client
        .replicate_secret_to_regions()
        .secret_id("replicas/guarded")
        .add_replica_regions(ReplicaRegionType::builder().region(REPLICA_REGION).build())
        .send()
        .await
        .expect("replicate");
    let replica = server.client_for(REPLICA_REGION, "test");
    let on_replica = "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

    assert_error(
        replica
            .put_secret_value()
            .secret_id("replicas/guarded")
            .secret_string("v2")
            .send()
            .await,
        "InvalidParameterException",
        on_replica,
    );
    assert_error(
        replica
            .update_secret()
            .secret_id("replicas/guarded")
            .description("x")
            .send()
            .await,
        "InvalidParameterException",
        on_replica,
    );
    assert_error(
        replica
            .delete_secret()
            .secret_id("replicas/guarded")
            .send()
            .await,
        "InvalidParameterException",
        on_replica,
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
