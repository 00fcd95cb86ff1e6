//! What a secret's value can be: a string (JSON and non-ASCII text come back byte for byte) or
//! binary bytes (not UTF-8), exactly one of the two on every operation that takes a value.
//! (The largest values the model allows are in validation.rs.)

mod common;

use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::primitives::Blob;
use common::{
    TestServer, assert_error, assert_secret_not_found, create_secret, current_value, versions,
};
use std::fmt::Debug;

/// Asserts a call was refused for carrying both a string and a binary value.
#[track_caller]
fn assert_both_values_refused<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) {
    assert_error(
        result,
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same \
         secret.",
    );
}

#[tokio::test]
async fn json_secret_string_round_trips() {
    let (_server, client) = TestServer::with_client().await;
    // Escapes and non-ASCII text must come back byte for byte.
    let value = r#"{"username":"admin","password":"p@ss \"quoted\" \u00e9 naïve","port":5432}"#;
    create_secret(&client, "lifecycle/json-value", value).await;

    let fetched = current_value(&client, "lifecycle/json-value").await;

    assert_eq!(fetched, value);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&fetched).unwrap()["port"],
        5432
    );
}

#[tokio::test]
async fn binary_secret_round_trips_bytes_that_are_not_utf8() {
    let (_server, client) = TestServer::with_client().await;
    let bytes = vec![0x00, 0xff, 0xfe, 0x80, b'a', 0xc3, 0x28, 0x0a];

    client
        .create_secret()
        .name("binary/non-utf8")
        .secret_binary(Blob::new(bytes.clone()))
        .send()
        .await
        .expect("create binary secret");

    let fetched = common::get_value(&client, "binary/non-utf8").await;
    assert_eq!(
        fetched.secret_binary().map(Blob::as_ref),
        Some(bytes.as_slice())
    );
    assert_eq!(fetched.secret_string, None);
    assert_eq!(fetched.version_stages(), ["AWSCURRENT"]);
}

#[tokio::test]
async fn string_and_binary_together_are_rejected() {
    let (_server, client) = TestServer::with_client().await;

    assert_both_values_refused(
        client
            .create_secret()
            .name("binary/both-values")
            .secret_string("text")
            .secret_binary(Blob::new(vec![1, 2, 3]))
            .send()
            .await,
    );
    // The rejected request created nothing.
    assert_secret_not_found(
        client
            .describe_secret()
            .secret_id("binary/both-values")
            .send()
            .await,
    );
}

/// AWS-BEHAVIOUR §2: both value members at once, on every operation that takes a value.
#[tokio::test]
async fn a_string_and_a_binary_value_together_are_refused_everywhere() {
    let (_server, client) = TestServer::with_secret("errors/both", "v1").await;
    let bytes = Blob::new(vec![1, 2, 3]);
    assert_both_values_refused(
        client
            .create_secret()
            .name("errors/both-new")
            .secret_string("s")
            .secret_binary(bytes.clone())
            .send()
            .await,
    );
    assert_both_values_refused(
        client
            .put_secret_value()
            .secret_id("errors/both")
            .secret_string("s")
            .secret_binary(bytes.clone())
            .send()
            .await,
    );
    assert_both_values_refused(
        client
            .update_secret()
            .secret_id("errors/both")
            .secret_string("s")
            .secret_binary(bytes)
            .send()
            .await,
    );
    assert_secret_not_found(
        client
            .describe_secret()
            .secret_id("errors/both-new")
            .send()
            .await,
    );
    assert_eq!(common::current_value(&client, "errors/both").await, "v1");
}

#[tokio::test]
async fn put_needs_exactly_one_value() {
    let (_server, client) = TestServer::with_secret("values/one-value", "v1").await;

    assert_error(
        client
            .put_secret_value()
            .secret_id("values/one-value")
            .send()
            .await,
        "InvalidRequestException",
        "You must provide either SecretString or SecretBinary.",
    );
    assert_both_values_refused(
        client
            .put_secret_value()
            .secret_id("values/one-value")
            .secret_string("text")
            .secret_binary(Blob::new(vec![1, 2]))
            .send()
            .await,
    );
    assert_eq!(versions(&client, "values/one-value", true).await.len(), 1);
}
