//! UpdateSecret: metadata (description, KMS key, type) without a new version, a value as a new
//! AWSCURRENT version, an empty update that changes nothing, and the refusals for deleted and
//! unknown secrets. (Its ClientRequestToken rules are in client_request_tokens.rs.)

mod common;

use common::{
    TestServer, assert_marked_for_deletion, assert_secret_not_found, current_value,
    describe_raw as describe, last_changed_secs as last_changed, value_at_stage,
};

#[tokio::test]
async fn update_secret_description_only_creates_no_version() {
    let (_server, client) =
        TestServer::with_secret("lifecycle/update-description", "unchanged").await;

    let updated = client
        .update_secret()
        .secret_id("lifecycle/update-description")
        .description("new description")
        .send()
        .await
        .expect("update secret");

    assert_eq!(updated.version_id, None);
    assert_eq!(updated.name(), Some("lifecycle/update-description"));
    let described = common::describe(&client, "lifecycle/update-description").await;
    assert_eq!(described.description(), Some("new description"));
    assert_eq!(
        current_value(&client, "lifecycle/update-description").await,
        "unchanged"
    );
}

#[tokio::test]
async fn update_secret_with_value_creates_current_version() {
    let (_server, client) = TestServer::with_secret("lifecycle/update-value", "before").await;

    let updated = client
        .update_secret()
        .secret_id("lifecycle/update-value")
        .secret_string("after")
        .send()
        .await
        .expect("update secret");

    let version_id = updated.version_id.expect("VersionId for a new value");
    let fetched = common::get_value(&client, "lifecycle/update-value").await;
    assert_eq!(fetched.secret_string(), Some("after"));
    assert_eq!(fetched.version_id(), Some(version_id.as_str()));
}

#[tokio::test]
async fn update_changes_metadata_without_a_new_version() {
    let (server, client) = TestServer::with_secret("update/metadata", "v1").await;
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
    let (server, client) = TestServer::with_secret("update/empty", "v1").await;
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
    let (_server, client) = TestServer::with_secret("update/value", "v1").await;
    let updated = client
        .update_secret()
        .secret_id("update/value")
        .secret_string("v2")
        .send()
        .await
        .expect("update value");
    assert!(updated.version_id.is_some());
    assert_eq!(current_value(&client, "update/value").await, "v2");
    assert_eq!(
        value_at_stage(&client, "update/value", "AWSPREVIOUS").await,
        "v1"
    );
}

#[tokio::test]
async fn update_of_a_deleted_or_unknown_secret_is_refused() {
    let (_server, client) = TestServer::with_secret("update/deleted", "v1").await;
    common::delete(&client, "update/deleted").await;
    assert_marked_for_deletion(
        client
            .update_secret()
            .secret_id("update/deleted")
            .description("too late")
            .send()
            .await,
    );
    assert_secret_not_found(
        client
            .update_secret()
            .secret_id("update/nowhere")
            .description("x")
            .send()
            .await,
    );
}
