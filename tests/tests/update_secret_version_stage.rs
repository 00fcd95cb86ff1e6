//! UpdateSecretVersionStage: moving AWSCURRENT needs the version that holds it (and takes
//! AWSPREVIOUS along), custom labels are added and removed, and the refusals (no version named,
//! an unknown version, a secret scheduled for deletion).

mod common;

use common::{
    TestServer, assert_error, assert_marked_for_deletion, create_version, current_value, put,
    stages_of,
};

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";
const TOKEN_C: &str = "cccccccc-3333-4333-8333-333333333333";

#[tokio::test]
async fn moving_awscurrent_needs_the_version_that_holds_it() {
    let (_server, client) = TestServer::with_client().await;
    let v1 = create_version(&client, "stages/current", Some(TOKEN_A), "v1").await;
    let v2 = put(&client, "stages/current", TOKEN_B, "v2").await;

    assert_error(
        client
            .update_secret_version_stage()
            .secret_id("stages/current")
            .version_stage("AWSCURRENT")
            .move_to_version_id(&v1)
            .send()
            .await,
        "InvalidParameterException",
        &format!(
            "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is \
             currently attached to version {v2}, so you must explicitly reference that version \
             in RemoveFromVersionId."
        ),
    );
    assert_error(
        client
            .update_secret_version_stage()
            .secret_id("stages/current")
            .version_stage("AWSCURRENT")
            .move_to_version_id(&v1)
            .remove_from_version_id(&v1)
            .send()
            .await,
        "InvalidParameterException",
        &format!(
            "Staging label AWSCURRENT is not attached to version {v1}, so it can't be removed \
             from that version."
        ),
    );
    // The rejected requests moved nothing.
    assert_eq!(current_value(&client, "stages/current").await, "v2");

    let moved = client
        .update_secret_version_stage()
        .secret_id("stages/current")
        .version_stage("AWSCURRENT")
        .move_to_version_id(&v1)
        .remove_from_version_id(&v2)
        .send()
        .await
        .expect("roll back to v1");
    assert_eq!(moved.name.as_deref(), Some("stages/current"));
    assert!(moved.arn.is_some());
    assert_eq!(current_value(&client, "stages/current").await, "v1");
    // AWSPREVIOUS followed AWSCURRENT's old holder.
    assert_eq!(
        stages_of(&client, "stages/current", &v2).await,
        ["AWSPREVIOUS"]
    );
    assert_eq!(
        stages_of(&client, "stages/current", &v1).await,
        ["AWSCURRENT"]
    );
}

#[tokio::test]
async fn custom_labels_are_added_and_removed() {
    let (_server, client) = TestServer::with_client().await;
    let v1 = create_version(&client, "stages/custom", Some(TOKEN_A), "v1").await;
    let stage = |label: &str| {
        client
            .update_secret_version_stage()
            .secret_id("stages/custom")
            .version_stage(label)
    };

    stage("blue")
        .move_to_version_id(&v1)
        .send()
        .await
        .expect("add a label");
    assert_eq!(
        stages_of(&client, "stages/custom", &v1).await,
        ["AWSCURRENT", "blue"]
    );
    // Moving a label onto the version that already has it changes nothing.
    stage("blue")
        .move_to_version_id(&v1)
        .send()
        .await
        .expect("no-op");
    stage("blue")
        .remove_from_version_id(&v1)
        .send()
        .await
        .expect("remove it");
    assert_eq!(
        stages_of(&client, "stages/custom", &v1).await,
        ["AWSCURRENT"]
    );

    assert_error(
        stage("AWSCURRENT").remove_from_version_id(&v1).send().await,
        "InvalidParameterException",
        "You can't remove the staging label AWSCURRENT from a version without moving it to \
         another version with MoveToVersionId.",
    );
    assert_error(
        stage("blue").send().await,
        "InvalidParameterException",
        "You must specify MoveToVersionId, RemoveFromVersionId, or both.",
    );
    assert_error(
        stage("blue").move_to_version_id(TOKEN_C).send().await,
        "ResourceNotFoundException",
        &format!("Secrets Manager can't find the specified secret value for VersionId: {TOKEN_C}"),
    );
    assert_eq!(
        stages_of(&client, "stages/custom", &v1).await,
        ["AWSCURRENT"]
    );
}

#[tokio::test]
async fn stage_updates_on_a_deleted_secret_are_refused() {
    let (_server, client) = TestServer::with_client().await;
    let v1 = create_version(&client, "stages/deleted", None, "v1").await;
    common::delete(&client, "stages/deleted").await;
    assert_marked_for_deletion(
        client
            .update_secret_version_stage()
            .secret_id("stages/deleted")
            .version_stage("blue")
            .move_to_version_id(&v1)
            .send()
            .await,
    );
    assert_marked_for_deletion(
        client
            .put_secret_value()
            .secret_id("stages/deleted")
            .secret_string("v2")
            .send()
            .await,
    );
}
