//! RotateSecret and CancelRotateSecret without a rotation function (with one: rotation_function.rs):
//! a rotation makes a new AWSCURRENT version (a JSON value keeps its shape with a new password),
//! the token as VersionId, schedules (days, rate and cron expressions, windows) and their errors,
//! NextRotationDate, rotating at once or later, unfinished rotations, cancelling, rotations that
//! fall due as the clock moves, and the refusals for unknown, deleted and replica secrets.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput;
use aws_sdk_secretsmanager::operation::rotate_secret::builders::RotateSecretFluentBuilder;
use aws_sdk_secretsmanager::types::{ReplicaRegionType, RotationRulesType};
use common::{
    TestServer, assert_days_from_now, assert_error, assert_marked_for_deletion,
    assert_secret_not_found, create_secret, current_value, describe, is_uuid, now_secs, versions,
};

const DAY_SECS: i64 = 86_400;
const DAY_MILLIS: i64 = DAY_SECS * 1000;
const TOKEN: &str = "11111111-2222-3333-4444-555555555555";
const INVALID_PARAMETER: &str = "InvalidParameterException";
const ROTATION_LAMBDA: &str = "arn:aws:lambda:us-east-1:000000000000:function:rotator";

fn every_days(days: i64) -> RotationRulesType {
    RotationRulesType::builder()
        .automatically_after_days(days)
        .build()
}

fn expression(expression: &str, duration: Option<&str>) -> RotationRulesType {
    RotationRulesType::builder()
        .schedule_expression(expression)
        .set_duration(duration.map(str::to_owned))
        .build()
}

fn rotate(client: &Client, secret_id: &str) -> RotateSecretFluentBuilder {
    client.rotate_secret().secret_id(secret_id)
}

/// Rotates `secret_id` once under `rules`, and describes it after.
async fn describe_after_rotating(
    client: &Client,
    secret_id: &str,
    rules: RotationRulesType,
) -> DescribeSecretOutput {
    rotate(client, secret_id)
        .rotation_rules(rules)
        .send()
        .await
        .expect("rotate");
    describe(client, secret_id).await
}

async fn version_count(client: &Client, secret_id: &str) -> usize {
    versions(client, secret_id, true).await.len()
}

fn secs(date: Option<&aws_smithy_types::DateTime>) -> i64 {
    date.expect("date present").secs()
}

/// The last second of the UTC day `days` days after the day of `epoch_secs`: AWS's
/// NextRotationDate for a schedule in days.
fn end_of_day_after(epoch_secs: i64, days: i64) -> i64 {
    epoch_secs.div_euclid(DAY_SECS) * DAY_SECS + (days + 1) * DAY_SECS - 1
}

/// Rotates every 30 days with the test's Lambda ARN and returns the new VersionId.
async fn rotate_every_30_days(client: &Client, secret_id: &str) -> String {
    rotate(client, secret_id)
        .rotation_lambda_arn(ROTATION_LAMBDA)
        .rotation_rules(every_days(30))
        .send()
        .await
        .expect("rotate secret")
        .version_id
        .expect("VersionId in RotateSecret output")
}

#[tokio::test]
async fn rotate_secret_makes_a_new_current_version() {
    let name = "rotation/new-version";
    let (_server, client) = TestServer::with_secret(name, "before rotation").await;
    let original_version = common::get_value(&client, name).await.version_id.unwrap();

    let rotated_version = rotate_every_30_days(&client, name).await;

    assert_ne!(rotated_version, original_version);
    let current = client
        .get_secret_value()
        .secret_id(name)
        .version_stage("AWSCURRENT")
        .send()
        .await
        .expect("get AWSCURRENT");
    assert_eq!(current.version_id(), Some(rotated_version.as_str()));
    let previous = client
        .get_secret_value()
        .secret_id(name)
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("get AWSPREVIOUS");
    assert_eq!(previous.version_id(), Some(original_version.as_str()));
    assert_eq!(previous.secret_string(), Some("before rotation"));
}

#[tokio::test]
async fn rotates_without_a_rotation_function_and_uses_the_token_as_version_id() {
    let (_server, client) = TestServer::with_secret("rotation/no-lambda", "old value").await;

    // AWS refuses a first rotation without RotationLambdaARN; the emulator rotates anyway.
    let rotated = rotate(&client, "rotation/no-lambda")
        .client_request_token(TOKEN)
        .send()
        .await
        .expect("rotate without a Lambda ARN");

    assert_eq!(rotated.version_id(), Some(TOKEN));
    assert_eq!(rotated.name(), Some("rotation/no-lambda"));
    let value = current_value(&client, "rotation/no-lambda").await;
    assert_eq!(value.len(), 32);
    assert_ne!(value, "old value");
    let described = describe(&client, "rotation/no-lambda").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    assert_eq!(described.rotation_lambda_arn(), None);
    assert_eq!(described.next_rotation_date(), None, "no schedule, no date");
    let stages = described.version_ids_to_stages().expect("stages");
    assert_eq!(stages[TOKEN], ["AWSCURRENT"]);
    assert!(
        stages
            .values()
            .all(|labels| !labels.iter().any(|l| l == "AWSPENDING")),
        "a finished rotation leaves no AWSPENDING: {stages:?}"
    );
}

#[tokio::test]
async fn a_json_value_keeps_its_shape_with_a_new_password() {
    let (_server, client) = TestServer::with_client().await;
    let old = r#"{"engine":"postgres","username":"app","password":"hunter2"}"#;
    create_secret(&client, "rotation/json", old).await;

    rotate(&client, "rotation/json")
        .send()
        .await
        .expect("rotate");

    let new: serde_json::Value =
        serde_json::from_str(&current_value(&client, "rotation/json").await).expect("JSON");
    assert_eq!(new["engine"], "postgres");
    assert_eq!(new["username"], "app");
    let password = new["password"].as_str().expect("password string");
    assert_eq!(password.len(), 32);
    assert_ne!(password, "hunter2");
}

#[tokio::test]
async fn repeating_a_rotation_with_the_same_token_makes_no_second_version() {
    let (_server, client) = TestServer::with_secret("rotation/retry", "v").await;

    for _ in 0..2 {
        let rotated = rotate(&client, "rotation/retry")
            .client_request_token(TOKEN)
            .send()
            .await
            .expect("rotate");
        assert_eq!(rotated.version_id(), Some(TOKEN));
    }

    assert_eq!(version_count(&client, "rotation/retry").await, 2);
}

#[tokio::test]
async fn a_raw_request_without_a_token_still_rotates() {
    let (server, client) = TestServer::with_secret("rotation/raw", "v").await;

    let response = server
        .post_raw(
            "secretsmanager.RotateSecret",
            r#"{"SecretId": "rotation/raw", "RotationRules": {"AutomaticallyAfterDays": 7}}"#,
        )
        .await;

    let body = response.ok_json();
    let version_id = body["VersionId"].as_str().expect("VersionId");
    assert!(is_uuid(version_id), "{version_id}");
    let current = common::get_value(&client, "rotation/raw").await;
    assert_eq!(current.version_id(), Some(version_id));
}

#[tokio::test]
async fn describe_shows_rotation_configuration() {
    let name = "rotation/described";
    let (_server, client) = TestServer::with_secret(name, "v").await;

    rotate_every_30_days(&client, name).await;

    let described = common::describe(&client, name).await;
    assert_eq!(described.rotation_enabled, Some(true));
    assert_eq!(described.rotation_lambda_arn(), Some(ROTATION_LAMBDA));
    assert_eq!(
        described
            .rotation_rules()
            .and_then(|rules| rules.automatically_after_days()),
        Some(30)
    );
    assert_days_from_now(described.last_rotated_date(), 0.0);
    // AWS may round NextRotationDate, so allow a day either side of 30 days from now.
    let next = described
        .next_rotation_date()
        .expect("NextRotationDate")
        .as_secs_f64();
    let days_ahead = (next - now_secs()) / 86_400.0;
    assert!(
        (29.0..=31.0).contains(&days_ahead),
        "NextRotationDate {days_ahead:.2} days ahead"
    );
}

#[tokio::test]
async fn rotate_immediately_false_only_sets_the_schedule() {
    let (_server, client) = TestServer::with_secret("rotation/later", "unchanged").await;

    let token = "7e8d3f5a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    let response = rotate(&client, "rotation/later")
        .rotation_rules(every_days(10))
        .rotate_immediately(false)
        .client_request_token(token)
        .send()
        .await
        .expect("schedule rotation");

    // AWS reports the request's token as the VersionId even when nothing is rotated yet.
    assert_eq!(response.version_id(), Some(token));
    assert_eq!(current_value(&client, "rotation/later").await, "unchanged");
    assert_eq!(version_count(&client, "rotation/later").await, 1);
    let described = describe(&client, "rotation/later").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    assert_eq!(described.last_rotated_date(), None);
    // Counted from the current value's creation.
    assert_eq!(
        secs(described.next_rotation_date()),
        end_of_day_after(secs(described.created_date()), 10)
    );
}

#[tokio::test]
async fn next_rotation_date_closes_the_window_n_days_after_the_rotation() {
    let (_server, client) = TestServer::with_secret("rotation/dates", "v").await;

    let described = describe_after_rotating(&client, "rotation/dates", every_days(30)).await;
    let rotated_at = secs(described.last_rotated_date());
    assert_eq!(
        secs(described.next_rotation_date()),
        end_of_day_after(rotated_at, 30)
    );
}

#[tokio::test]
async fn a_rate_in_days_is_also_shown_as_automatically_after_days() {
    let (_server, client) = TestServer::with_secret("rotation/rate", "v").await;

    let described = describe_after_rotating(
        &client,
        "rotation/rate",
        expression("rate(10 days)", Some("3h")),
    )
    .await;
    let rules = described.rotation_rules().expect("rules");
    assert_eq!(rules.schedule_expression(), Some("rate(10 days)"));
    assert_eq!(rules.automatically_after_days(), Some(10));
    assert_eq!(rules.duration(), Some("3h"));
    // A three-hour window from midnight, ten days on.
    let rotated_at = secs(described.last_rotated_date());
    let window_close = end_of_day_after(rotated_at, 9) + 3 * 3600;
    assert_eq!(secs(described.next_rotation_date()), window_close);

    // The rules as described can be sent back: the stored rules are reused.
    rotate(&client, "rotation/rate")
        .send()
        .await
        .expect("rotate again with the stored rules");
}

#[tokio::test]
async fn a_cron_schedule_opens_its_window_at_the_next_matching_hour() {
    let (_server, client) = TestServer::with_secret("rotation/cron", "v").await;

    let described = describe_after_rotating(
        &client,
        "rotation/cron",
        expression("cron(0 0 * * ? *)", None),
    )
    .await;
    // Daily at midnight, open until the end of the day: tomorrow's last second.
    let rotated_at = secs(described.last_rotated_date());
    assert_eq!(
        secs(described.next_rotation_date()),
        end_of_day_after(rotated_at, 1)
    );
}

#[tokio::test]
async fn invalid_schedules_are_refused_with_aws_messages_and_change_nothing() {
    let (_server, client) = TestServer::with_secret("rotation/refused", "v").await;

    let both = RotationRulesType::builder()
        .automatically_after_days(30)
        .schedule_expression("rate(30 days)")
        .build();
    let cases = [
        (
            both,
            "You cannot specify both rotation frequency and schedule expression together.",
        ),
        (
            expression("rate(3 hours)", None),
            "Rate in hour should be least 4 and less than 24.",
        ),
        (
            expression("rate(1000 days)", None),
            "Rate in day should be greater than 0 and less than 1000.",
        ),
        (
            expression("rate(5 minutes)", None),
            "Invalid schedule expression.",
        ),
        (
            expression("cron(0 10 * * *)", None),
            "Invalid schedule expression.",
        ),
        (
            expression("cron(15 10 * * ? *)", None),
            "Invalid schedule expression.",
        ),
        (
            expression("rate(10 days)", Some("25h")),
            "Duration must be at least 1 hour, at most 24 hour.",
        ),
        (
            expression("rate(6 hours)", Some("7h")),
            "Duration cannot be greater than Rate in hour.",
        ),
        (
            expression("cron(0 20 * * ? *)", Some("5h")),
            "Starting hour and duration must be within a day.",
        ),
    ];
    for (rules, message) in cases {
        assert_error(
            rotate(&client, "rotation/refused")
                .rotation_rules(rules)
                .send()
                .await,
            INVALID_PARAMETER,
            message,
        );
    }

    let described = describe(&client, "rotation/refused").await;
    assert_eq!(described.rotation_enabled(), None);
    assert_eq!(described.rotation_rules(), None);
    assert_eq!(version_count(&client, "rotation/refused").await, 1);
}

#[tokio::test]
async fn an_unfinished_rotation_blocks_the_next_and_cancel_reports_it() {
    let (_server, client) = TestServer::with_secret("rotation/pending", "v").await;
    client
        .put_secret_value()
        .secret_id("rotation/pending")
        .secret_string("half-rotated")
        .client_request_token(TOKEN)
        .version_stages("AWSPENDING")
        .send()
        .await
        .expect("put an AWSPENDING version");

    assert_error(
        rotate(&client, "rotation/pending")
            .rotation_rules(every_days(5))
            .send()
            .await,
        "InvalidRequestException",
        "A previous rotation isn't complete. That rotation will be reattempted.",
    );
    assert_eq!(
        describe(&client, "rotation/pending").await.rotation_rules(),
        None
    );

    let cancelled = client
        .cancel_rotate_secret()
        .secret_id("rotation/pending")
        .send()
        .await
        .expect("cancel");
    assert_eq!(cancelled.version_id(), Some(TOKEN));
}

#[tokio::test]
async fn cancel_rotate_secret_disables_rotation() {
    let name = "rotation/cancelled";
    let (_server, client) = TestServer::with_secret(name, "v").await;
    rotate_every_30_days(&client, name).await;

    client
        .cancel_rotate_secret()
        .secret_id(name)
        .send()
        .await
        .expect("cancel rotation");

    let described = common::describe(&client, name).await;
    assert_eq!(described.rotation_enabled, Some(false));
}

#[tokio::test]
async fn cancel_keeps_the_schedule_and_function_but_drops_the_dates() {
    let (_server, client) = TestServer::with_client().await;
    let lambda = "arn:aws:lambda:us-east-1:000000000000:function:rotator";
    create_secret(&client, "rotation/cancel", "v").await;
    rotate(&client, "rotation/cancel")
        .rotation_lambda_arn(lambda)
        .rotation_rules(every_days(7))
        .send()
        .await
        .expect("rotate");

    let cancelled = client
        .cancel_rotate_secret()
        .secret_id("rotation/cancel")
        .send()
        .await
        .expect("cancel");

    assert_eq!(cancelled.name(), Some("rotation/cancel"));
    assert_eq!(cancelled.version_id(), None, "no rotation was in progress");
    let described = describe(&client, "rotation/cancel").await;
    assert_eq!(described.rotation_enabled(), Some(false));
    assert_eq!(described.rotation_lambda_arn(), Some(lambda));
    assert_eq!(
        described
            .rotation_rules()
            .and_then(|r| r.automatically_after_days()),
        Some(7)
    );
    assert_eq!(described.next_rotation_date(), None);
    assert_eq!(described.last_rotated_date(), None);

    // Turning it back on reuses the stored schedule.
    rotate(&client, "rotation/cancel")
        .send()
        .await
        .expect("rotate again");
    let described = describe(&client, "rotation/cancel").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    assert_eq!(
        secs(described.next_rotation_date()),
        end_of_day_after(secs(described.last_rotated_date()), 7)
    );
}

#[tokio::test]
async fn due_rotations_happen_when_the_clock_passes_next_rotation_date() {
    let (server, client) = TestServer::with_secret("rotation/due", "v").await;
    rotate(&client, "rotation/due")
        .rotation_rules(every_days(1))
        .rotate_immediately(false)
        .send()
        .await
        .expect("schedule daily rotation");
    let emulator = server.emulator();

    assert_eq!(emulator.rotate_due_secrets(), 0, "not due yet");
    emulator.clock().advance_millis(2 * DAY_MILLIS);
    assert_eq!(emulator.rotate_due_secrets(), 1);
    assert_eq!(emulator.rotate_due_secrets(), 0, "rescheduled");

    assert_ne!(current_value(&client, "rotation/due").await, "v");
    let described = describe(&client, "rotation/due").await;
    let rotated_at = secs(described.last_rotated_date());
    assert_eq!(
        secs(described.next_rotation_date()),
        end_of_day_after(rotated_at, 1)
    );
    assert_eq!(version_count(&client, "rotation/due").await, 2);
}

#[tokio::test]
async fn refused_on_unknown_deleted_and_replica_secrets() {
    let (server, client) = TestServer::with_client().await;

    assert_secret_not_found(rotate(&client, "rotation/missing").send().await);
    assert_secret_not_found(
        client
            .cancel_rotate_secret()
            .secret_id("rotation/missing")
            .send()
            .await,
    );

    create_secret(&client, "rotation/deleted", "v").await;
    common::delete(&client, "rotation/deleted").await;
    assert_marked_for_deletion(rotate(&client, "rotation/deleted").send().await);
    assert_marked_for_deletion(
        client
            .cancel_rotate_secret()
            .secret_id("rotation/deleted")
            .send()
            .await,
    );

    create_secret(&client, "rotation/replicated", "v").await;
    client
        .replicate_secret_to_regions()
        .secret_id("rotation/replicated")
        .add_replica_regions(ReplicaRegionType::builder().region("eu-west-1").build())
        .send()
        .await
        .expect("replicate");
    let replica_client = server.client_for("eu-west-1", "test");
    let on_replica = "Operation not permitted on a replica secret. Call must be made in primary secret's region.";
    assert_error(
        rotate(&replica_client, "rotation/replicated").send().await,
        INVALID_PARAMETER,
        on_replica,
    );
    assert_error(
        replica_client
            .cancel_rotate_secret()
            .secret_id("rotation/replicated")
            .send()
            .await,
        INVALID_PARAMETER,
        on_replica,
    );
}

#[tokio::test]
async fn replicas_follow_a_rotation_of_their_primary() {
    let (server, client) = TestServer::with_secret("rotation/replicated", "v").await;
    client
        .replicate_secret_to_regions()
        .secret_id("rotation/replicated")
        .add_replica_regions(ReplicaRegionType::builder().region("eu-west-1").build())
        .send()
        .await
        .expect("replicate");

    rotate(&client, "rotation/replicated")
        .rotation_rules(every_days(3))
        .send()
        .await
        .expect("rotate");

    let replica_client = server.client_for("eu-west-1", "test");
    assert_eq!(
        current_value(&replica_client, "rotation/replicated").await,
        current_value(&client, "rotation/replicated").await
    );
    let replica = describe(&replica_client, "rotation/replicated").await;
    assert_eq!(replica.rotation_enabled(), Some(true));
    assert_eq!(
        replica
            .rotation_rules()
            .and_then(|r| r.automatically_after_days()),
        Some(3)
    );
}
