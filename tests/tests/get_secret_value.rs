//! GetSecretValue: the secret named by name, full ARN or partial ARN; a version chosen by
//! VersionId, VersionStage or both (which must agree); the version's CreatedDate; and
//! LastAccessedDate, the day of the last read, on the secret and on the version read.

mod common;

use common::{
    TestServer, assert_error, create_secret, create_version, current_value, put, versions,
};
use service::clock::DAY_MILLIS;

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";
const TOKEN_C: &str = "cccccccc-3333-4333-8333-333333333333";

#[tokio::test]
async fn create_then_get_by_name() {
    let (_server, client) = TestServer::with_client().await;

    let created = client
        .create_secret()
        .name("lifecycle/by-name")
        .secret_string("hunter2")
        .send()
        .await
        .expect("create secret");

    let fetched = common::get_value(&client, "lifecycle/by-name").await;
    assert_eq!(fetched.secret_string(), Some("hunter2"));
    assert_eq!(fetched.name(), Some("lifecycle/by-name"));
    assert_eq!(fetched.arn(), created.arn());
    assert_eq!(fetched.version_id(), created.version_id());
    assert_eq!(fetched.version_stages(), ["AWSCURRENT"]);
    assert!(fetched.created_date().is_some());
}

#[tokio::test]
async fn get_by_full_arn() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "lifecycle/by-full-arn", "by arn").await;

    assert_eq!(current_value(&client, &arn).await, "by arn");
}

#[tokio::test]
async fn get_by_partial_arn() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "lifecycle/by_partial_arn", "by partial arn").await;
    // A partial ARN is the full one without `-` and the 6 random characters.
    let partial_arn = &arn[..arn.len() - 7];

    assert_eq!(current_value(&client, partial_arn).await, "by partial arn");
}

#[tokio::test]
async fn get_value_of_secret_without_value_is_not_found_for_awscurrent() {
    let (_server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("lifecycle/no-value")
        .send()
        .await
        .expect("create secret without a value");
    assert_eq!(created.version_id, None, "no value, no version");

    assert_error(
        client
            .get_secret_value()
            .secret_id("lifecycle/no-value")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    );
}

#[tokio::test]
async fn get_by_version_id_and_stage_must_agree() {
    let (_server, client) = TestServer::with_client().await;
    let created = client
        .create_secret()
        .name("get/by-id")
        .client_request_token(TOKEN_A)
        .secret_string("v1")
        .send()
        .await
        .expect("create");
    put(&client, "get/by-id", TOKEN_B, "v2").await;

    let both = client
        .get_secret_value()
        .secret_id("get/by-id")
        .version_id(TOKEN_A)
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("id and stage of the same version");
    assert_eq!(both.secret_string.as_deref(), Some("v1"));
    assert_eq!(both.arn, created.arn);

    assert_error(
        client
            .get_secret_value()
            .secret_id("get/by-id")
            .version_id(TOKEN_A)
            .version_stage("AWSCURRENT")
            .send()
            .await,
        "InvalidRequestException",
        "You provided a VersionStage that is not associated to the provided VersionId.",
    );
    assert_error(
        client
            .get_secret_value()
            .secret_id("get/by-id")
            .version_id(TOKEN_C)
            .send()
            .await,
        "ResourceNotFoundException",
        &format!("Secrets Manager can't find the specified secret value for VersionId: {TOKEN_C}"),
    );
    assert_error(
        client
            .get_secret_value()
            .secret_id("get/by-id")
            .version_stage("AWSPENDING")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    );
}

#[tokio::test]
async fn get_returns_the_versions_creation_date() {
    let (server, client) = TestServer::with_secret("get/dates", "v1").await;
    let first = common::get_value(&client, "get/dates").await;
    server.emulator().clock().advance_millis(60_000);
    put(&client, "get/dates", TOKEN_A, "v2").await;
    let second = common::get_value(&client, "get/dates").await;

    let first_created = first.created_date.expect("CreatedDate").secs();
    let second_created = second.created_date.expect("CreatedDate").secs();
    assert!(
        second_created - first_created >= 60,
        "{first_created} then {second_created}"
    );
}

#[tokio::test]
async fn last_accessed_date_is_the_day_of_the_last_read() {
    let (server, client) = TestServer::with_client().await;
    let v1 = create_version(&client, "get/accessed", None, "v1").await;
    let unread = put(&client, "get/accessed", TOKEN_A, "v2").await;
    let described = || client.describe_secret().secret_id("get/accessed").send();
    assert_eq!(described().await.unwrap().last_accessed_date, None);

    client
        .get_secret_value()
        .secret_id("get/accessed")
        .version_id(&v1)
        .send()
        .await
        .expect("read v1");
    let first_day = described()
        .await
        .unwrap()
        .last_accessed_date
        .expect("LastAccessedDate after a read")
        .secs();
    assert_eq!(first_day % 86_400, 0, "midnight UTC");

    // Only the version that was read shows a date.
    let listed = versions(&client, "get/accessed", true).await;
    let accessed = |id: &str| {
        listed
            .iter()
            .find(|version| version.version_id() == Some(id))
            .and_then(|version| version.last_accessed_date)
            .map(|date| date.secs())
    };
    assert_eq!(accessed(&v1), Some(first_day));
    assert_eq!(accessed(&unread), None);

    server.emulator().clock().advance_millis(DAY_MILLIS);
    current_value(&client, "get/accessed").await;
    let next_day = described()
        .await
        .unwrap()
        .last_accessed_date
        .expect("LastAccessedDate")
        .secs();
    assert_eq!(next_day, first_day + 86_400);
}
