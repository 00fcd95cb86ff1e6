//! "The secret exists but the SDK says it isn't there": AWS's ResourceNotFoundException stays
//! exactly as it is, and an `x-emulator-hint` header says where a secret of that name or ARN
//! does exist and where the request was routed, and why. Never a value.

mod common;

use common::{SECRET_NOT_FOUND, TestServer};
use serde_json::json;

const VALUE: &str = "hunter2-never-in-a-hint";

/// Reads `secret_id` as `region`/`access_key_id`, expects AWS's exact not-found error, and
/// returns the hint.
async fn hint_for(
    server: &TestServer,
    region: &str,
    access_key_id: &str,
    secret_id: &str,
) -> String {
    let response = server
        .call_as(
            region,
            access_key_id,
            "GetSecretValue",
            json!({ "SecretId": secret_id }),
        )
        .await;
    response.assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    let hint = response
        .header("x-emulator-hint")
        .unwrap_or_else(|| panic!("no hint on {response:?}"))
        .to_owned();
    assert!(!hint.contains(VALUE), "a value in the hint: {hint}");
    hint
}

/// The hint a client of `region`/`access_key_id` gets for `app/db`, made in us-east-1 of the
/// default account.
async fn hint_for_app_db_as(region: &str, access_key_id: &str) -> String {
    let server = TestServer::start().await;
    common::create_secret(&server.client(), "app/db", VALUE).await;
    hint_for(&server, region, access_key_id, "app/db").await
}

#[tokio::test]
async fn a_client_signed_for_another_region_is_told_where_the_secret_is() {
    assert_eq!(
        hint_for_app_db_as("eu-west-1", "test").await,
        "a secret named app/db exists in account 000000000000 region us-east-1; this request was \
         routed to account 000000000000 region eu-west-1 (region from the SigV4 credential scope, \
         default account since the access key id is not 12 digits)"
    );
}

#[tokio::test]
async fn a_client_of_another_account_is_told_where_the_secret_is() {
    assert_eq!(
        hint_for_app_db_as("us-east-1", "111122223333").await,
        "a secret named app/db exists in account 000000000000 region us-east-1; this request was \
         routed to account 111122223333 region us-east-1 (region from the SigV4 credential scope, \
         account from the 12-digit access key id)"
    );
}

#[tokio::test]
async fn an_arn_of_a_re_created_secret_and_a_deletion_elsewhere_are_named() {
    let server = TestServer::start().await;
    let arn = common::create_secret(&server.client(), "app/db", VALUE).await;
    let stale = format!("{}XXXXXX", &arn[..arn.len() - 6]);
    let hint = hint_for(&server, "us-east-1", "test", &stale).await;
    assert!(
        hint.starts_with(&format!(
            "a secret named app/db exists here, but its ARN is {arn} (another suffix"
        )),
        "{hint}"
    );

    let other = server.client_for("eu-west-2", "test");
    common::create_secret(&other, "old/db", VALUE).await;
    common::delete(&other, "old/db").await;
    let hint = hint_for(&server, "us-east-1", "test", "old/db").await;
    assert!(
        hint.starts_with(
            "a secret named old/db exists in account 000000000000 region eu-west-2 (scheduled for deletion)"
        ),
        "{hint}"
    );
}

#[tokio::test]
async fn an_unsigned_request_for_a_name_nobody_has_says_so() {
    let server = TestServer::start().await;
    let response = server
        .send(
            common::RawRequest::operation(
                "secretsmanager.DescribeSecret",
                r#"{"SecretId": "nowhere"}"#,
            )
            .without_header("Authorization"),
        )
        .await;
    response.assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    assert_eq!(
        response.header("x-emulator-hint"),
        Some(
            "no secret of that name exists in any account or region; this request was routed to \
             account 000000000000 region us-east-1 (no SigV4 credential scope, so the default \
             region and account)"
        )
    );
}

#[tokio::test]
async fn found_secrets_and_other_errors_carry_no_hint() {
    let server = TestServer::start().await;
    common::create_secret(&server.client(), "app/db", VALUE).await;
    let found = server
        .call("GetSecretValue", json!({ "SecretId": "app/db" }))
        .await;
    assert_eq!(found.status, 200);
    assert_eq!(found.header("x-emulator-hint"), None);
    let invalid = server
        .call("GetSecretValue", json!({ "SecretId": "bad name!?" }))
        .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(invalid.header("x-emulator-hint"), None);
}
