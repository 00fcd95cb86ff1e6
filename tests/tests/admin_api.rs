//! The admin API under `/_emulator/`: moving the clock purges and rotates what became due,
//! the state endpoint counts, reset starts over; and time passing on its own does the same work
//! in the background.

mod common;

use common::{DEFAULT_ACCOUNT, TestServer, assert_secret_not_found, create_secret, listed_names};
use common::{RawRequest, RawResponse};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const OTHER_ACCOUNT: &str = "111111111111";

async fn admin(server: &TestServer, method: &str, path: &str, body: &str) -> RawResponse {
    server.send(RawRequest::new(method, path).body(body)).await
}

async fn advance(server: &TestServer, body: &str) -> Value {
    admin(server, "POST", "/_emulator/clock", body)
        .await
        .ok_json()
}

async fn state(server: &TestServer) -> Value {
    admin(server, "GET", "/_emulator/state", "").await.ok_json()
}

/// Sets `id` to rotate every day, which rotates it once at once.
async fn rotate_daily(client: &aws_sdk_secretsmanager::Client, id: &str) {
    client
        .rotate_secret()
        .secret_id(id)
        .rotation_rules(
            aws_sdk_secretsmanager::types::RotationRulesType::builder()
                .automatically_after_days(1)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn moving_the_clock_past_a_recovery_window_purges_the_secret() {
    let (server, client) = TestServer::with_client().await;
    let first_arn = create_secret(&client, "old/db", "first").await;
    create_secret(&client, "kept", "x").await;
    client
        .delete_secret()
        .secret_id("old/db")
        .recovery_window_in_days(7)
        .send()
        .await
        .unwrap();

    let before = state(&server).await;
    let moved = advance(&server, r#"{"advanceDays": 8}"#).await;

    assert_eq!(moved["purged"], 1);
    assert_eq!(moved["rotated"], 0);
    assert_eq!(moved["offsetSeconds"], 8.0 * 86_400.0);
    let moved_by = moved["now"].as_f64().unwrap() - before["now"].as_f64().unwrap();
    assert!(
        (moved_by - 8.0 * 86_400.0).abs() < 60.0,
        "now moved by {moved_by} s"
    );
    assert!(moved["nowUtc"].as_str().unwrap().ends_with('Z'));
    assert_eq!(listed_names(&client, true).await, ["kept"]);
    assert_secret_not_found(client.describe_secret().secret_id("old/db").send().await);
    let second_arn = create_secret(&client, "old/db", "second").await;
    assert_ne!(second_arn, first_arn, "the name is free for a new secret");
}

#[tokio::test]
async fn a_window_that_has_not_ended_keeps_the_secret() {
    let (server, client) = TestServer::with_secret("pending", "x").await;
    client
        .delete_secret()
        .secret_id("pending")
        .recovery_window_in_days(7)
        .send()
        .await
        .unwrap();

    let moved = advance(&server, r#"{"advanceDays": 6, "advanceSeconds": 3600}"#).await;

    assert_eq!(moved["purged"], 0);
    assert_eq!(listed_names(&client, true).await, ["pending"]);
    common::restore(&client, "pending").await;
}

#[tokio::test]
async fn a_rotation_that_falls_due_happens_when_the_clock_moves() {
    let (server, client) = TestServer::with_secret("rotating", r#"{"password":"first"}"#).await;
    rotate_daily(&client, "rotating").await;
    let current_before = current_version(&client, "rotating").await;

    let moved = advance(&server, r#"{"advanceDays": 2}"#).await;

    assert_eq!(moved["rotated"], 1);
    assert_ne!(current_version(&client, "rotating").await, current_before);
}

async fn current_version(client: &aws_sdk_secretsmanager::Client, id: &str) -> String {
    common::get_value(client, id)
        .await
        .version_id()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn state_counts_per_account_and_region() {
    let (server, client) = TestServer::with_secret("a", "1").await;
    create_secret(&client, "b", "1").await;
    client
        .put_secret_value()
        .secret_id("a")
        .secret_string("2")
        .send()
        .await
        .unwrap();
    client.delete_secret().secret_id("b").send().await.unwrap();
    create_secret(&server.client_for("eu-west-1", OTHER_ACCOUNT), "c", "1").await;

    let state = state(&server).await;

    assert_eq!(state["persistent"], false);
    assert_eq!(
        state["partitions"],
        json!([
            {"accountId": DEFAULT_ACCOUNT, "region": "us-east-1", "secrets": 2, "versions": 3,
             "scheduledForDeletion": 1},
            {"accountId": OTHER_ACCOUNT, "region": "eu-west-1", "secrets": 1, "versions": 1,
             "scheduledForDeletion": 0},
        ])
    );
}

#[tokio::test]
async fn reset_drops_every_secret_and_puts_the_clock_back() {
    let (server, client) = TestServer::with_secret("a", "1").await;
    create_secret(&server.client_for("eu-west-1", OTHER_ACCOUNT), "b", "1").await;
    advance(&server, r#"{"advanceDays": 3}"#).await;

    let reset = admin(&server, "POST", "/_emulator/reset", "")
        .await
        .ok_json();

    assert_eq!(reset["offsetSeconds"], 0.0);
    let state = state(&server).await;
    assert_eq!(state["partitions"], json!([]));
    assert_eq!(state["offsetSeconds"], 0.0);
    assert!(listed_names(&client, true).await.is_empty());
    create_secret(&client, "a", "again").await;
}

#[tokio::test]
async fn clock_moves_that_make_no_sense_are_refused() {
    let server = TestServer::start().await;
    for (body, message) in [
        (r#"{"advanceSeconds": -5}"#, "The clock only moves forward"),
        ("{}", "Give advanceSeconds and/or advanceDays."),
        (r#"{"advanceHours": 1}"#, "unknown field `advanceHours`"),
        ("not json", "Expected a JSON object"),
        (r#"{"advanceDays": 9223372036854775807}"#, "too large"),
    ] {
        let response = admin(&server, "POST", "/_emulator/clock", body).await;
        assert_eq!(response.status, 400, "{body}: {response:?}");
        let text = response.json()["message"].as_str().unwrap().to_owned();
        assert!(text.contains(message), "{body}: {text}");
    }
    assert_eq!(state(&server).await["offsetSeconds"], 0.0, "nothing moved");
}

/// Without the admin API: the clock moved in-process, and the background task (once a second)
/// notices the rotation that fell due.
#[tokio::test]
async fn due_rotations_happen_in_the_background() {
    let (server, client) = TestServer::with_secret("background", "first").await;
    rotate_daily(&client, "background").await;
    let rotated_once = current_version(&client, "background").await;

    server.emulator().clock().advance_millis(2 * 86_400_000);

    let deadline = Instant::now() + Duration::from_secs(10);
    while current_version(&client, "background").await == rotated_once {
        assert!(
            Instant::now() < deadline,
            "no background rotation within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
