//! ClientRequestToken, as AWS applies it on CreateSecret, PutSecretValue and UpdateSecret: the
//! token becomes the VersionId; a retry with the same token and value is a no-op answering the
//! same version; the same token with another value is refused; a raw request without a token
//! gets a fresh UUID. (RotateSecret's token is in rotation.rs, the token's length limits in
//! validation.rs.)

mod common;

use common::{
    TestServer, assert_error, create_secret, current_value, is_uuid, put, value_at_stage, versions,
};

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";
const TOKEN_C: &str = "cccccccc-3333-4333-8333-333333333333";
const TOKEN: &str = "dddddddd-1111-4111-8111-dddddddddddd";

fn token_in_use(token: &str, arn: &str) -> String {
    format!(
        "You can't use ClientRequestToken {token} because that value is already in use for a \
         version of secret {arn}."
    )
}

#[tokio::test]
async fn the_token_becomes_the_version_id() {
    let (_server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("tokens/ids")
        .client_request_token(TOKEN_A)
        .secret_string("v1")
        .send()
        .await
        .expect("create");
    assert_eq!(created.version_id.as_deref(), Some(TOKEN_A));
    assert_eq!(put(&client, "tokens/ids", TOKEN_B, "v2").await, TOKEN_B);
    let updated = client
        .update_secret()
        .secret_id("tokens/ids")
        .client_request_token(TOKEN_C)
        .secret_string("v3")
        .send()
        .await
        .expect("update");
    assert_eq!(updated.version_id.as_deref(), Some(TOKEN_C));

    let fetched = client
        .get_secret_value()
        .secret_id("tokens/ids")
        .version_id(TOKEN_B)
        .send()
        .await
        .expect("get by version id");
    assert_eq!(fetched.secret_string.as_deref(), Some("v2"));
    assert_eq!(fetched.version_stages(), ["AWSPREVIOUS"]);
}

#[tokio::test]
async fn create_repeated_with_the_same_token_and_value_is_a_no_op() {
    let (_server, client) = TestServer::with_client().await;
    let create = || {
        client
            .create_secret()
            .name("tokens/create-twice")
            .client_request_token(TOKEN_A)
            .secret_string("v1")
            .send()
    };
    let first = create().await.expect("first create");
    let second = create().await.expect("a retry of the same create succeeds");

    assert_eq!(first.arn, second.arn);
    assert_eq!(first.name, second.name);
    assert_eq!(first.version_id.as_deref(), Some(TOKEN_A));
    assert_eq!(second.version_id.as_deref(), Some(TOKEN_A));
    assert_eq!(
        versions(&client, "tokens/create-twice", true).await.len(),
        1
    );
}

#[tokio::test]
async fn put_repeated_with_the_same_token_and_value_is_a_no_op() {
    let (_server, client) = TestServer::with_secret("tokens/put-twice", "v1").await;
    let put_twice = || {
        client
            .put_secret_value()
            .secret_id("tokens/put-twice")
            .client_request_token(TOKEN_A)
            .secret_string("v2")
            .send()
    };
    let first = put_twice().await.expect("first put");
    let second = put_twice().await.expect("a retry of the same put succeeds");

    assert_eq!(first.version_id.as_deref(), Some(TOKEN_A));
    assert_eq!(second.version_id.as_deref(), Some(TOKEN_A));
    assert_eq!(second.version_stages(), ["AWSCURRENT"]);
    assert_eq!(first.arn, second.arn);
    // Still two versions: the first and the put, with AWSPREVIOUS where the first put left it.
    assert_eq!(versions(&client, "tokens/put-twice", true).await.len(), 2);
    assert_eq!(
        value_at_stage(&client, "tokens/put-twice", "AWSPREVIOUS").await,
        "v1"
    );
}

/// AWS-BEHAVIOUR §6: a retried UpdateSecret (same token, same value) succeeds, answers with the
/// same VersionId and adds no version; with another value it is refused (see
/// put_and_update_with_a_used_token_and_another_value_are_refused).
#[tokio::test]
async fn update_repeated_with_the_same_token_and_value_is_a_no_op() {
    let (_server, client) = TestServer::with_secret("rules/update-twice", "v1").await;
    let update = || {
        client
            .update_secret()
            .secret_id("rules/update-twice")
            .client_request_token(TOKEN)
            .secret_string("v2")
            .send()
    };
    let first = update().await.expect("first update");
    let second = update().await.expect("a retry of the same update succeeds");
    assert_eq!(first.version_id.as_deref(), Some(TOKEN));
    assert_eq!(second.version_id.as_deref(), Some(TOKEN));

    assert_eq!(versions(&client, "rules/update-twice", true).await.len(), 2);
    assert_eq!(current_value(&client, "rules/update-twice").await, "v2");
    assert_eq!(
        value_at_stage(&client, "rules/update-twice", "AWSPREVIOUS").await,
        "v1"
    );
}

#[tokio::test]
async fn create_with_a_used_token_and_another_value_is_refused() {
    let (_server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("tokens/create-conflict")
        .client_request_token(TOKEN_A)
        .secret_string("original")
        .send()
        .await
        .expect("create");
    let arn = created.arn.expect("ARN");

    assert_error(
        client
            .create_secret()
            .name("tokens/create-conflict")
            .client_request_token(TOKEN_A)
            .secret_string("different")
            .send()
            .await,
        "ResourceExistsException",
        &token_in_use(TOKEN_A, &arn),
    );
    // A new token for an existing name is the ordinary "already exists".
    assert_error(
        client
            .create_secret()
            .name("tokens/create-conflict")
            .client_request_token(TOKEN_B)
            .secret_string("original")
            .send()
            .await,
        "ResourceExistsException",
        "The operation failed because the secret tokens/create-conflict already exists.",
    );
    assert_eq!(
        current_value(&client, "tokens/create-conflict").await,
        "original"
    );
    assert_eq!(
        versions(&client, "tokens/create-conflict", true)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn put_and_update_with_a_used_token_and_another_value_are_refused() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "tokens/put-conflict", "v1").await;
    put(&client, "tokens/put-conflict", TOKEN_A, "v2").await;

    assert_error(
        client
            .put_secret_value()
            .secret_id("tokens/put-conflict")
            .client_request_token(TOKEN_A)
            .secret_string("v3")
            .send()
            .await,
        "ResourceExistsException",
        &token_in_use(TOKEN_A, &arn),
    );
    assert_error(
        client
            .update_secret()
            .secret_id("tokens/put-conflict")
            .client_request_token(TOKEN_A)
            .secret_string("v3")
            .description("not applied either")
            .send()
            .await,
        "ResourceExistsException",
        &token_in_use(TOKEN_A, &arn),
    );
    // Neither rejected request changed anything.
    assert_eq!(current_value(&client, "tokens/put-conflict").await, "v2");
    assert_eq!(
        versions(&client, "tokens/put-conflict", true).await.len(),
        2
    );
    let described = common::describe(&client, "tokens/put-conflict").await;
    assert_eq!(described.description, None);
}

#[tokio::test]
async fn raw_requests_without_a_token_get_a_fresh_version_id() {
    let (server, client) = TestServer::with_secret("tokens/raw", "v1").await;

    let put = server
        .post_raw(
            "secretsmanager.PutSecretValue",
            r#"{"SecretId":"tokens/raw","SecretString":"v2"}"#,
        )
        .await
        .ok_json();
    let put_version = put["VersionId"].as_str().expect("VersionId");
    assert!(is_uuid(put_version), "{put_version}");
    assert_eq!(put["VersionStages"], serde_json::json!(["AWSCURRENT"]));

    let updated = server
        .post_raw(
            "secretsmanager.UpdateSecret",
            r#"{"SecretId":"tokens/raw","SecretString":"v3"}"#,
        )
        .await
        .ok_json();
    let update_version = updated["VersionId"].as_str().expect("VersionId");
    assert!(is_uuid(update_version), "{update_version}");
    assert_ne!(put_version, update_version);
    assert_eq!(current_value(&client, "tokens/raw").await, "v3");
}
