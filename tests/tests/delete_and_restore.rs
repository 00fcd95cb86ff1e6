//! DeleteSecret and RestoreSecret: recovery windows (7 to 30 days, default 30) and forced
//! deletion, what a secret scheduled for deletion still answers, the purge when its window ends
//! (time moves with the emulator's clock, never with sleeps), and restoring. (Every operation's
//! refusal of a secret pending deletion is swept in errors_across_operations.rs.)

mod common;

use common::{
    DEFAULT_ACCOUNT, TestServer, arn_suffix, assert_days_from_now, assert_error,
    assert_marked_for_deletion, assert_secret_not_found, create_secret, current_value,
    describe_raw as describe, listed_names, schedule_deletion,
};
use serde_json::json;
use service::clock::DAY_MILLIS;

fn advance_days(server: &TestServer, days: i64) {
    server.emulator().clock().advance_millis(days * DAY_MILLIS);
}

#[tokio::test]
async fn delete_with_recovery_window_returns_deletion_date() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "lifecycle/delete-window", "v").await;

    let deleted = client
        .delete_secret()
        .secret_id("lifecycle/delete-window")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("delete secret");

    assert_eq!(deleted.arn(), Some(arn.as_str()));
    assert_eq!(deleted.name(), Some("lifecycle/delete-window"));
    assert_days_from_now(deleted.deletion_date(), 7.0);
}

#[tokio::test]
async fn delete_defaults_to_a_30_day_window() {
    let (server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "delete/default", "v").await;
    let deleted = common::delete(&client, "delete/default").await;
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
    let (_server, client) = TestServer::with_client().await;
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
async fn recovery_window_outside_7_to_30_days_is_rejected() {
    let (_server, client) = TestServer::with_secret("lifecycle/bad-window", "v").await;

    for days in [6, 31] {
        assert_error(
            client
                .delete_secret()
                .secret_id("lifecycle/bad-window")
                .recovery_window_in_days(days)
                .send()
                .await,
            "InvalidParameterException",
            "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
        );
    }
    // A rejected request changes nothing.
    assert_eq!(current_value(&client, "lifecycle/bad-window").await, "v");
}

#[tokio::test]
async fn force_and_window_together_are_refused_after_the_range_check() {
    let (_server, client) = TestServer::with_secret("delete/both", "v").await;

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
async fn force_delete_removes_secret_and_frees_its_name() {
    let (_server, client) = TestServer::with_client().await;
    let name = "lifecycle/force-deleted";
    let first_arn = create_secret(&client, name, "first").await;

    client
        .delete_secret()
        .secret_id(name)
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("force delete");

    assert_secret_not_found(client.get_secret_value().secret_id(name).send().await);
    assert_secret_not_found(client.describe_secret().secret_id(name).send().await);
    let second_arn = create_secret(&client, name, "second").await;
    assert_ne!(
        arn_suffix(&first_arn),
        arn_suffix(&second_arn),
        "a re-created secret gets a new ARN"
    );
    assert_eq!(current_value(&client, name).await, "second");
}

#[tokio::test]
async fn force_deleting_a_missing_secret_succeeds() {
    let (_server, client) = TestServer::with_client().await;
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

    assert_secret_not_found(
        client
            .delete_secret()
            .secret_id("delete/never-existed")
            .send()
            .await,
    );
}

/// The model documents that a forced delete of a nonexistent secret does not fail. With no
/// secret to take them from, the answer echoes the ARN it was given (or makes one for a name).
#[tokio::test]
async fn force_deleting_an_unknown_secret_answers_for_the_id_given() {
    let server = TestServer::start().await;
    let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:rules/never-AbCdEf";
    let by_arn = server
        .call(
            "DeleteSecret",
            json!({"SecretId": arn, "ForceDeleteWithoutRecovery": true}),
        )
        .await
        .ok_json();
    assert_eq!(by_arn["ARN"], arn);
    assert_eq!(by_arn["Name"], "rules/never-AbCdEf");
    assert!(by_arn["DeletionDate"].is_number());

    let by_name = server
        .call(
            "DeleteSecret",
            json!({"SecretId": "rules/never", "ForceDeleteWithoutRecovery": true}),
        )
        .await
        .ok_json();
    common::assert_secret_arn(
        by_name["ARN"].as_str().expect("ARN"),
        "us-east-1",
        DEFAULT_ACCOUNT,
        "rules/never",
    );
    assert_eq!(by_name["Name"], "rules/never");
}

#[tokio::test]
async fn secret_scheduled_for_deletion_cannot_be_read_but_can_be_described() {
    let (_server, client) = TestServer::with_secret("lifecycle/pending-deletion", "v").await;
    schedule_deletion(&client, "lifecycle/pending-deletion").await;

    assert_marked_for_deletion(
        client
            .get_secret_value()
            .secret_id("lifecycle/pending-deletion")
            .send()
            .await,
    );
    let described = common::describe(&client, "lifecycle/pending-deletion").await;
    assert!(described.deleted_date.is_some(), "{described:?}");
    assert!(described.version_ids_to_stages.is_some(), "{described:?}");
}

#[tokio::test]
async fn a_scheduled_deletion_is_not_rescheduled_but_can_be_forced() {
    let (_server, client) = TestServer::with_secret("delete/twice", "v").await;
    let first = client
        .delete_secret()
        .secret_id("delete/twice")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("schedule");

    assert_marked_for_deletion(
        client
            .delete_secret()
            .secret_id("delete/twice")
            .recovery_window_in_days(20)
            .send()
            .await,
    );
    let described = common::describe(&client, "delete/twice").await;
    assert!(described.deleted_date.is_some());
    assert!(first.deletion_date.is_some());

    client
        .delete_secret()
        .secret_id("delete/twice")
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("force the scheduled deletion");
    assert_secret_not_found(
        client
            .describe_secret()
            .secret_id("delete/twice")
            .send()
            .await,
    );
}

#[tokio::test]
async fn a_secret_is_purged_when_its_window_ends() {
    let (server, client) = TestServer::with_client().await;
    let first_arn = create_secret(&client, "delete/purged", "first").await;
    common::delete(&client, "delete/purged").await;

    advance_days(&server, 29);
    let described = common::describe(&client, "delete/purged").await;
    assert!(described.deleted_date.is_some());

    advance_days(&server, 2);
    assert_secret_not_found(
        client
            .describe_secret()
            .secret_id("delete/purged")
            .send()
            .await,
    );
    assert_secret_not_found(
        client
            .restore_secret()
            .secret_id("delete/purged")
            .send()
            .await,
    );

    // The name is free again, and the new secret has a new ARN.
    let second_arn = create_secret(&client, "delete/purged", "second").await;
    assert_ne!(arn_suffix(&first_arn), arn_suffix(&second_arn));
    assert_eq!(current_value(&client, "delete/purged").await, "second");
}

#[tokio::test]
async fn restore_secret_makes_it_readable_again() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "lifecycle/restored", "back again").await;
    schedule_deletion(&client, "lifecycle/restored").await;

    let restored = common::restore(&client, "lifecycle/restored").await;

    assert_eq!(restored.arn(), Some(arn.as_str()));
    assert_eq!(restored.name(), Some("lifecycle/restored"));
    assert_eq!(
        current_value(&client, "lifecycle/restored").await,
        "back again"
    );
    let described = common::describe(&client, "lifecycle/restored").await;
    assert_eq!(described.deleted_date, None);
    assert_eq!(listed_names(&client, false).await, ["lifecycle/restored"]);
}

#[tokio::test]
async fn restore_clears_the_deletion() {
    let (server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "restore/me", "v").await;
    client
        .delete_secret()
        .secret_id("restore/me")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("delete");

    let restored = common::restore(&client, "restore/me").await;
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
    common::restore(&client, "restore/me").await;
    assert_secret_not_found(
        client
            .restore_secret()
            .secret_id("restore/nowhere")
            .send()
            .await,
    );
}
