//! Versions, staging labels and ClientRequestToken idempotency, as AWS applies them:
//! PutSecretValue, GetSecretValue by id and stage, ListSecretVersionIds, UpdateSecretVersionStage,
//! BatchGetSecretValue, LastAccessedDate and version retention.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, SecretVersionsListEntry};
use common::{
    MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer, assert_error, create_secret, current_value,
    is_uuid, value_at_stage,
};
use service::clock::DAY_MILLIS;

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";
const TOKEN_C: &str = "cccccccc-3333-4333-8333-333333333333";

fn token_in_use(token: &str, arn: &str) -> String {
    format!(
        "You can't use ClientRequestToken {token} because that value is already in use for a \
         version of secret {arn}."
    )
}

async fn put(client: &Client, secret_id: &str, token: &str, value: &str) -> String {
    client
        .put_secret_value()
        .secret_id(secret_id)
        .client_request_token(token)
        .secret_string(value)
        .send()
        .await
        .expect("put secret value")
        .version_id
        .expect("VersionId")
}

async fn put_with_stages(client: &Client, secret_id: &str, value: &str, stages: &[&str]) -> String {
    let mut request = client
        .put_secret_value()
        .secret_id(secret_id)
        .secret_string(value);
    for stage in stages {
        request = request.version_stages(*stage);
    }
    request
        .send()
        .await
        .expect("put secret value with stages")
        .version_id
        .expect("VersionId")
}

/// Every version ListSecretVersionIds returns (one page), deprecated ones too if asked.
async fn versions(
    client: &Client,
    secret_id: &str,
    include_deprecated: bool,
) -> Vec<SecretVersionsListEntry> {
    client
        .list_secret_version_ids()
        .secret_id(secret_id)
        .include_deprecated(include_deprecated)
        .send()
        .await
        .expect("list secret version ids")
        .versions
        .unwrap_or_default()
}

/// The labels on `version_id`, sorted, from DescribeSecret (empty when it has none).
async fn stages_of(client: &Client, secret_id: &str, version_id: &str) -> Vec<String> {
    let described = client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("describe secret");
    let mut stages = described
        .version_ids_to_stages
        .unwrap_or_default()
        .remove(version_id)
        .unwrap_or_default();
    stages.sort();
    stages
}

// ----- ClientRequestToken -------------------------------------------------------------------------

#[tokio::test]
async fn create_repeated_with_the_same_token_and_value_is_a_no_op() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn create_with_a_used_token_and_another_value_is_refused() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn put_repeated_with_the_same_token_and_value_is_a_no_op() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tokens/put-twice", "v1").await;
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

#[tokio::test]
async fn put_and_update_with_a_used_token_and_another_value_are_refused() {
    let server = TestServer::start().await;
    let client = server.client();
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
    let described = client
        .describe_secret()
        .secret_id("tokens/put-conflict")
        .send()
        .await
        .expect("describe");
    assert_eq!(described.description, None);
}

#[tokio::test]
async fn the_token_becomes_the_version_id() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn raw_requests_without_a_token_get_a_fresh_version_id() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tokens/raw", "v1").await;

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

// ----- PutSecretValue and labels ------------------------------------------------------------------

#[tokio::test]
async fn put_needs_exactly_one_value() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "values/one-value", "v1").await;

    assert_error(
        client
            .put_secret_value()
            .secret_id("values/one-value")
            .send()
            .await,
        "InvalidRequestException",
        "You must provide either SecretString or SecretBinary.",
    );
    assert_error(
        client
            .put_secret_value()
            .secret_id("values/one-value")
            .secret_string("text")
            .secret_binary(Blob::new(vec![1, 2]))
            .send()
            .await,
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same \
         secret.",
    );
    assert_eq!(versions(&client, "values/one-value", true).await.len(), 1);
}

#[tokio::test]
async fn put_to_an_unknown_secret_is_not_found() {
    let server = TestServer::start().await;
    assert_error(
        server
            .client()
            .put_secret_value()
            .secret_id("values/nowhere")
            .secret_string("v")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn put_with_other_labels_leaves_awscurrent_alone() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "values/pending", "current").await;

    let response = client
        .put_secret_value()
        .secret_id("values/pending")
        .secret_string("pending")
        .version_stages("AWSPENDING")
        .send()
        .await
        .expect("put pending");
    assert_eq!(response.version_stages(), ["AWSPENDING"]);

    assert_eq!(current_value(&client, "values/pending").await, "current");
    assert_eq!(
        value_at_stage(&client, "values/pending", "AWSPENDING").await,
        "pending"
    );
    assert_error(
        client
            .get_secret_value()
            .secret_id("values/pending")
            .version_stage("AWSPREVIOUS")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    );
}

#[tokio::test]
async fn a_label_moves_to_the_version_that_is_given_it() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "values/labels", "v1").await;
    let v2 = put_with_stages(&client, "values/labels", "v2", &["one", "two", "three"]).await;
    let v3 = put_with_stages(&client, "values/labels", "v3", &["one", "two", "four"]).await;

    assert_eq!(stages_of(&client, "values/labels", &v2).await, ["three"]);
    assert_eq!(
        stages_of(&client, "values/labels", &v3).await,
        ["four", "one", "two"]
    );
    assert_eq!(current_value(&client, "values/labels").await, "v1");
    assert_eq!(value_at_stage(&client, "values/labels", "one").await, "v3");
}

#[tokio::test]
async fn a_new_current_pushes_previous_and_deprecates_the_old_previous() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "values/chain", "v1").await;
    let v2 = put(&client, "values/chain", TOKEN_A, "v2").await;
    let v3 = put(&client, "values/chain", TOKEN_B, "v3").await;

    assert_eq!(
        stages_of(&client, "values/chain", &v3).await,
        ["AWSCURRENT"]
    );
    assert_eq!(
        stages_of(&client, "values/chain", &v2).await,
        ["AWSPREVIOUS"]
    );
    let labelled = versions(&client, "values/chain", false).await;
    assert_eq!(labelled.len(), 2, "v1 has no label left: {labelled:?}");
    assert_eq!(versions(&client, "values/chain", true).await.len(), 3);
}

#[tokio::test]
async fn the_first_value_of_an_empty_secret_is_current_whatever_its_labels() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .create_secret()
        .name("values/empty")
        .send()
        .await
        .expect("create without a value");

    let response = client
        .put_secret_value()
        .secret_id("values/empty")
        .secret_string("first")
        .version_stages("AWSPENDING")
        .send()
        .await
        .expect("first put");
    let mut stages = response.version_stages().to_vec();
    stages.sort();
    assert_eq!(stages, ["AWSCURRENT", "AWSPENDING"]);
    assert_eq!(current_value(&client, "values/empty").await, "first");
}

// ----- GetSecretValue ------------------------------------------------------------------------------

#[tokio::test]
async fn get_by_version_id_and_stage_must_agree() {
    let server = TestServer::start().await;
    let client = server.client();
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
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "get/dates", "v1").await;
    let first = client
        .get_secret_value()
        .secret_id("get/dates")
        .send()
        .await
        .expect("get v1");
    server.emulator().clock().advance_millis(60_000);
    put(&client, "get/dates", TOKEN_A, "v2").await;
    let second = client
        .get_secret_value()
        .secret_id("get/dates")
        .send()
        .await
        .expect("get v2");

    let first_created = first.created_date.expect("CreatedDate").secs();
    let second_created = second.created_date.expect("CreatedDate").secs();
    assert!(
        second_created - first_created >= 60,
        "{first_created} then {second_created}"
    );
}

#[tokio::test]
async fn last_accessed_date_is_the_day_of_the_last_read() {
    let server = TestServer::start().await;
    let client = server.client();
    let v1 = client
        .create_secret()
        .name("get/accessed")
        .secret_string("v1")
        .send()
        .await
        .expect("create")
        .version_id
        .expect("VersionId");
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

// ----- ListSecretVersionIds ------------------------------------------------------------------------

#[tokio::test]
async fn list_versions_hides_deprecated_ones_unless_asked() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "list/deprecated", "v1").await;
    put(&client, "list/deprecated", TOKEN_A, "v2").await;
    put(&client, "list/deprecated", TOKEN_B, "v3").await;

    let response = server
        .post_raw(
            "secretsmanager.ListSecretVersionIds",
            r#"{"SecretId":"list/deprecated","IncludeDeprecated":true}"#,
        )
        .await
        .ok_json();
    let listed = response["Versions"].as_array().expect("Versions");
    assert_eq!(listed.len(), 3);
    let deprecated: Vec<_> = listed
        .iter()
        .filter(|version| version.get("VersionStages").is_none())
        .collect();
    assert_eq!(
        deprecated.len(),
        1,
        "one version without a VersionStages key"
    );
    for version in listed {
        assert_eq!(
            version["KmsKeyIds"],
            serde_json::json!(["DefaultEncryptionKey"])
        );
        assert!(version["CreatedDate"].is_number());
        assert!(version.get("LastAccessedDate").is_none(), "never read");
    }
    assert_eq!(response["Name"], "list/deprecated");
    assert!(
        response["ARN"]
            .as_str()
            .unwrap()
            .contains(":secret:list/deprecated-")
    );

    let labelled = versions(&client, "list/deprecated", false).await;
    assert_eq!(labelled.len(), 2);
    assert!(
        labelled
            .iter()
            .all(|version| !version.version_stages().is_empty())
    );
}

#[tokio::test]
async fn list_versions_reports_a_custom_kms_key() {
    let server = TestServer::start().await;
    let client = server.client();
    client
        .create_secret()
        .name("list/kms")
        .kms_key_id("alias/custom")
        .secret_string("v1")
        .send()
        .await
        .expect("create");
    let listed = versions(&client, "list/kms", false).await;
    assert_eq!(listed[0].kms_key_ids(), ["alias/custom"]);
}

#[tokio::test]
async fn list_versions_pages_with_next_tokens() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "list/paged", "v0").await;
    for index in 1..5 {
        put_with_stages(
            &client,
            "list/paged",
            &format!("v{index}"),
            &[&format!("l{index}")],
        )
        .await;
    }
    let page = |token: Option<String>| {
        client
            .list_secret_version_ids()
            .secret_id("list/paged")
            .max_results(2)
            .set_next_token(token)
            .send()
    };

    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let response = page(token).await.expect("page");
        pages += 1;
        assert!(response.versions().len() <= 2);
        seen.extend(
            response
                .versions()
                .iter()
                .map(|v| v.version_id().unwrap().to_owned()),
        );
        token = response.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "every version exactly once");

    // A forged token, or one issued for another secret, is refused.
    let invalid = "The NextToken value is invalid.";
    assert_error(
        page(Some("forged".into())).await,
        "InvalidNextTokenException",
        invalid,
    );
    create_secret(&client, "list/other", "x").await;
    for index in 0..3 {
        put_with_stages(&client, "list/other", "y", &[&format!("l{index}")]).await;
    }
    let other_token = client
        .list_secret_version_ids()
        .secret_id("list/other")
        .max_results(1)
        .send()
        .await
        .expect("other listing")
        .next_token
        .expect("a next page");
    assert_error(
        page(Some(other_token)).await,
        "InvalidNextTokenException",
        invalid,
    );
}

#[tokio::test]
async fn list_versions_of_an_unknown_secret_is_not_found() {
    let server = TestServer::start().await;
    assert_error(
        server
            .client()
            .list_secret_version_ids()
            .secret_id("list/nowhere")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

// ----- UpdateSecretVersionStage ---------------------------------------------------------------------

#[tokio::test]
async fn moving_awscurrent_needs_the_version_that_holds_it() {
    let server = TestServer::start().await;
    let client = server.client();
    let v1 = client
        .create_secret()
        .name("stages/current")
        .client_request_token(TOKEN_A)
        .secret_string("v1")
        .send()
        .await
        .expect("create")
        .version_id
        .expect("VersionId");
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
    let server = TestServer::start().await;
    let client = server.client();
    let v1 = client
        .create_secret()
        .name("stages/custom")
        .client_request_token(TOKEN_A)
        .secret_string("v1")
        .send()
        .await
        .expect("create")
        .version_id
        .expect("VersionId");
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
    let server = TestServer::start().await;
    let client = server.client();
    let v1 = client
        .create_secret()
        .name("stages/deleted")
        .secret_string("v1")
        .send()
        .await
        .expect("create")
        .version_id
        .expect("VersionId");
    client
        .delete_secret()
        .secret_id("stages/deleted")
        .send()
        .await
        .expect("delete");
    assert_error(
        client
            .update_secret_version_stage()
            .secret_id("stages/deleted")
            .version_stage("blue")
            .move_to_version_id(&v1)
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    assert_error(
        client
            .put_secret_value()
            .secret_id("stages/deleted")
            .secret_string("v2")
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
}

// ----- Version retention ----------------------------------------------------------------------------

#[tokio::test]
async fn versions_beyond_100_are_dropped_only_once_a_day_old() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "retention/many", "v0").await;
    for index in 1..=105 {
        put_with_stages(
            &client,
            "retention/many",
            &format!("v{index}"),
            &["AWSCURRENT"],
        )
        .await;
    }
    // Every version is younger than a day: none is dropped.
    assert_eq!(versions(&client, "retention/many", true).await.len(), 106);

    server
        .emulator()
        .clock()
        .advance_millis(DAY_MILLIS + 60_000);
    put_with_stages(&client, "retention/many", "late", &["AWSCURRENT"]).await;

    let kept = versions(&client, "retention/many", true).await;
    assert_eq!(kept.len(), 100);
    assert_eq!(current_value(&client, "retention/many").await, "late");
    assert_eq!(
        value_at_stage(&client, "retention/many", "AWSPREVIOUS").await,
        "v105"
    );
}

// ----- BatchGetSecretValue ----------------------------------------------------------------------------

#[tokio::test]
async fn batch_get_by_ids_reports_each_failure() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "batch/one", "first").await;
    create_secret(&client, "batch/two", "second").await;
    create_secret(&client, "batch/gone", "x").await;
    client
        .delete_secret()
        .secret_id("batch/gone")
        .send()
        .await
        .expect("delete");
    client
        .create_secret()
        .name("batch/empty")
        .send()
        .await
        .expect("create without value");

    let response = client
        .batch_get_secret_value()
        .secret_id_list(&arn)
        .secret_id_list("batch/two")
        .secret_id_list("batch/missing")
        .secret_id_list("batch/gone")
        .secret_id_list("batch/empty")
        .send()
        .await
        .expect("batch get");

    let values: Vec<_> = response
        .secret_values()
        .iter()
        .map(|entry| (entry.name().unwrap(), entry.secret_string().unwrap()))
        .collect();
    assert_eq!(values, [("batch/one", "first"), ("batch/two", "second")]);
    assert_eq!(response.secret_values()[0].version_stages(), ["AWSCURRENT"]);
    assert!(response.secret_values()[0].created_date.is_some());
    let errors: Vec<_> = response
        .errors()
        .iter()
        .map(|error| {
            (
                error.secret_id().unwrap(),
                error.error_code().unwrap(),
                error.message().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "batch/missing",
                "ResourceNotFoundException",
                SECRET_NOT_FOUND
            ),
            ("batch/gone", "InvalidRequestException", MARKED_FOR_DELETION),
            (
                "batch/empty",
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: \
                 AWSCURRENT"
            ),
        ]
    );
    // A batch read is a read: it sets LastAccessedDate.
    let described = client
        .describe_secret()
        .secret_id("batch/two")
        .send()
        .await
        .expect("describe");
    assert!(described.last_accessed_date.is_some());
}

#[tokio::test]
async fn batch_get_by_filters_pages_through_matches() {
    let server = TestServer::start().await;
    let client = server.client();
    for name in ["team/a", "team/b", "team/c", "other/d"] {
        create_secret(&client, name, &format!("value of {name}")).await;
    }
    let filter = Filter::builder()
        .key(FilterNameStringType::Name)
        .values("team/")
        .build();
    let page = |token: Option<String>| {
        client
            .batch_get_secret_value()
            .filters(filter.clone())
            .max_results(2)
            .set_next_token(token)
            .send()
    };

    let first = page(None).await.expect("first page");
    assert_eq!(first.secret_values().len(), 2);
    let second = page(first.next_token.clone()).await.expect("second page");
    assert_eq!(second.next_token, None);
    let mut names: Vec<_> = first
        .secret_values()
        .iter()
        .chain(second.secret_values())
        .map(|entry| entry.name().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["team/a", "team/b", "team/c"]);
    assert!(first.errors().is_empty());

    assert_error(
        page(Some("forged".into())).await,
        "InvalidNextTokenException",
        "The NextToken value is invalid.",
    );
}

#[tokio::test]
async fn batch_get_needs_ids_or_filters_but_not_both() {
    let server = TestServer::start().await;
    let client = server.client();
    let message = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";
    assert_error(
        client.batch_get_secret_value().send().await,
        "InvalidParameterException",
        message,
    );
    assert_error(
        client
            .batch_get_secret_value()
            .secret_id_list("a")
            .filters(
                Filter::builder()
                    .key(FilterNameStringType::Name)
                    .values("a")
                    .build(),
            )
            .send()
            .await,
        "InvalidParameterException",
        message,
    );
}
