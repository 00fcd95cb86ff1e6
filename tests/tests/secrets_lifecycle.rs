//! Create, read, version, update, delete and restore secrets through the AWS SDK for Rust.

mod common;

use std::collections::HashMap;

use aws_sdk_secretsmanager::Client;
use common::{
    MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer, arn_suffix, assert_days_from_now,
    assert_error, create_secret, current_value, value_at_stage,
};

/// Puts a new value (which becomes AWSCURRENT) and returns its VersionId.
async fn put_value(client: &Client, secret_id: &str, value: &str) -> String {
    client
        .put_secret_value()
        .secret_id(secret_id)
        .secret_string(value)
        .send()
        .await
        .expect("put secret value")
        .version_id
        .expect("VersionId in PutSecretValue output")
}

async fn schedule_deletion(client: &Client, secret_id: &str) {
    client
        .delete_secret()
        .secret_id(secret_id)
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("schedule deletion");
}

/// Names of the secrets ListSecrets returns (one page is enough for a test's few secrets).
async fn listed_names(client: &Client, include_planned_deletion: bool) -> Vec<String> {
    client
        .list_secrets()
        .include_planned_deletion(include_planned_deletion)
        .send()
        .await
        .expect("list secrets")
        .secret_list()
        .iter()
        .filter_map(|entry| entry.name.clone())
        .collect()
}

#[tokio::test]
async fn create_then_get_by_name() {
    let server = TestServer::start().await;
    let client = server.client();

    let created = client
        .create_secret()
        .name("lifecycle/by-name")
        .secret_string("hunter2")
        .send()
        .await
        .expect("create secret");

    let fetched = client
        .get_secret_value()
        .secret_id("lifecycle/by-name")
        .send()
        .await
        .expect("get secret value");
    assert_eq!(fetched.secret_string(), Some("hunter2"));
    assert_eq!(fetched.name(), Some("lifecycle/by-name"));
    assert_eq!(fetched.arn(), created.arn());
    assert_eq!(fetched.version_id(), created.version_id());
    assert_eq!(fetched.version_stages(), ["AWSCURRENT"]);
    assert!(fetched.created_date().is_some());
}

#[tokio::test]
async fn get_by_full_arn() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "lifecycle/by-full-arn", "by arn").await;

    assert_eq!(current_value(&client, &arn).await, "by arn");
}

#[tokio::test]
async fn get_by_partial_arn() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "lifecycle/by_partial_arn", "by partial arn").await;
    // A partial ARN is the full one without `-` and the 6 random characters.
    let partial_arn = &arn[..arn.len() - 7];

    assert_eq!(current_value(&client, partial_arn).await, "by partial arn");
}

#[tokio::test]
async fn json_secret_string_round_trips() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn put_secret_value_moves_current_and_previous() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/put-value", "old").await;

    put_value(&client, "lifecycle/put-value", "new").await;

    assert_eq!(
        value_at_stage(&client, "lifecycle/put-value", "AWSCURRENT").await,
        "new"
    );
    assert_eq!(
        value_at_stage(&client, "lifecycle/put-value", "AWSPREVIOUS").await,
        "old"
    );
}

#[tokio::test]
async fn describe_maps_only_labelled_versions_to_stages() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "lifecycle/version-stages";
    create_secret(&client, name, "v1").await;
    let second = put_value(&client, name, "v2").await;
    let third = put_value(&client, name, "v3").await;

    let described = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe secret");

    // The first version lost AWSPREVIOUS to the second, so it has no label and is not listed.
    let expected = HashMap::from([
        (third, vec!["AWSCURRENT".to_owned()]),
        (second, vec!["AWSPREVIOUS".to_owned()]),
    ]);
    assert_eq!(described.version_ids_to_stages, Some(expected));
}

#[tokio::test]
async fn describe_omits_members_never_set() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "lifecycle/describe-minimal", "v").await;

    let described = client
        .describe_secret()
        .secret_id("lifecycle/describe-minimal")
        .send()
        .await
        .expect("describe secret");

    assert_eq!(described.arn(), Some(arn.as_str()));
    assert_eq!(described.name(), Some("lifecycle/describe-minimal"));
    assert!(described.created_date.is_some());
    assert!(described.last_changed_date.is_some());
    assert_eq!(described.description, None);
    assert_eq!(described.kms_key_id, None);
    assert_eq!(described.tags, None);
    assert_eq!(described.rotation_enabled, None);
    assert_eq!(described.last_accessed_date, None);
    assert_eq!(described.deleted_date, None);
}

#[tokio::test]
async fn list_secrets_includes_created_secrets() {
    let server = TestServer::start().await;
    let client = server.client();
    let mut arns = Vec::new();
    for name in ["lifecycle/list-a", "lifecycle/list-b"] {
        let created = client
            .create_secret()
            .name(name)
            .description(format!("description of {name}"))
            .secret_string("v")
            .send()
            .await
            .expect("create secret");
        arns.push((name, created.arn.unwrap(), created.version_id.unwrap()));
    }

    let listed = client.list_secrets().send().await.expect("list secrets");

    for (name, arn, version_id) in arns {
        let entry = listed
            .secret_list()
            .iter()
            .find(|entry| entry.name() == Some(name))
            .unwrap_or_else(|| panic!("{name} not listed: {listed:?}"));
        assert_eq!(entry.arn(), Some(arn.as_str()));
        assert_eq!(
            entry.description(),
            Some(format!("description of {name}").as_str())
        );
        assert!(entry.last_changed_date.is_some());
        assert_eq!(
            entry.secret_versions_to_stages,
            Some(HashMap::from([(version_id, vec!["AWSCURRENT".to_owned()])]))
        );
    }
}

#[tokio::test]
async fn update_secret_description_only_creates_no_version() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/update-description", "unchanged").await;

    let updated = client
        .update_secret()
        .secret_id("lifecycle/update-description")
        .description("new description")
        .send()
        .await
        .expect("update secret");

    assert_eq!(updated.version_id, None);
    assert_eq!(updated.name(), Some("lifecycle/update-description"));
    let described = client
        .describe_secret()
        .secret_id("lifecycle/update-description")
        .send()
        .await
        .expect("describe secret");
    assert_eq!(described.description(), Some("new description"));
    assert_eq!(
        current_value(&client, "lifecycle/update-description").await,
        "unchanged"
    );
}

#[tokio::test]
async fn update_secret_with_value_creates_current_version() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/update-value", "before").await;

    let updated = client
        .update_secret()
        .secret_id("lifecycle/update-value")
        .secret_string("after")
        .send()
        .await
        .expect("update secret");

    let version_id = updated.version_id.expect("VersionId for a new value");
    let fetched = client
        .get_secret_value()
        .secret_id("lifecycle/update-value")
        .send()
        .await
        .expect("get secret value");
    assert_eq!(fetched.secret_string(), Some("after"));
    assert_eq!(fetched.version_id(), Some(version_id.as_str()));
}

#[tokio::test]
async fn delete_with_recovery_window_returns_deletion_date() {
    let server = TestServer::start().await;
    let client = server.client();
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
async fn secret_scheduled_for_deletion_cannot_be_read_but_can_be_described() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/pending-deletion", "v").await;
    schedule_deletion(&client, "lifecycle/pending-deletion").await;

    assert_error(
        client
            .get_secret_value()
            .secret_id("lifecycle/pending-deletion")
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    let described = client
        .describe_secret()
        .secret_id("lifecycle/pending-deletion")
        .send()
        .await
        .expect("describe works on a deleted secret");
    assert!(described.deleted_date.is_some(), "{described:?}");
    assert!(described.version_ids_to_stages.is_some(), "{described:?}");
}

#[tokio::test]
async fn list_secrets_hides_planned_deletions_unless_asked() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/kept", "v").await;
    create_secret(&client, "lifecycle/deleted", "v").await;
    schedule_deletion(&client, "lifecycle/deleted").await;

    assert_eq!(listed_names(&client, false).await, ["lifecycle/kept"]);
    let mut all = listed_names(&client, true).await;
    all.sort();
    assert_eq!(all, ["lifecycle/deleted", "lifecycle/kept"]);
}

#[tokio::test]
async fn restore_secret_makes_it_readable_again() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "lifecycle/restored", "back again").await;
    schedule_deletion(&client, "lifecycle/restored").await;

    let restored = client
        .restore_secret()
        .secret_id("lifecycle/restored")
        .send()
        .await
        .expect("restore secret");

    assert_eq!(restored.arn(), Some(arn.as_str()));
    assert_eq!(restored.name(), Some("lifecycle/restored"));
    assert_eq!(
        current_value(&client, "lifecycle/restored").await,
        "back again"
    );
    let described = client
        .describe_secret()
        .secret_id("lifecycle/restored")
        .send()
        .await
        .expect("describe secret");
    assert_eq!(described.deleted_date, None);
    assert_eq!(listed_names(&client, false).await, ["lifecycle/restored"]);
}

#[tokio::test]
async fn recovery_window_outside_7_to_30_days_is_rejected() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/bad-window", "v").await;

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
async fn force_delete_removes_secret_and_frees_its_name() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "lifecycle/force-deleted";
    let first_arn = create_secret(&client, name, "first").await;

    client
        .delete_secret()
        .secret_id(name)
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("force delete");

    assert_error(
        client.get_secret_value().secret_id(name).send().await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_error(
        client.describe_secret().secret_id(name).send().await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    let second_arn = create_secret(&client, name, "second").await;
    assert_ne!(
        arn_suffix(&first_arn),
        arn_suffix(&second_arn),
        "a re-created secret gets a new ARN"
    );
    assert_eq!(current_value(&client, name).await, "second");
}

#[tokio::test]
async fn create_with_existing_name_is_resource_exists() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/duplicate", "original").await;

    assert_error(
        client
            .create_secret()
            .name("lifecycle/duplicate")
            .secret_string("impostor")
            .send()
            .await,
        "ResourceExistsException",
        "The operation failed because the secret lifecycle/duplicate already exists.",
    );
    assert_eq!(
        current_value(&client, "lifecycle/duplicate").await,
        "original"
    );
}

#[tokio::test]
async fn create_with_name_scheduled_for_deletion_is_invalid_request() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "lifecycle/name-in-recovery", "v").await;
    schedule_deletion(&client, "lifecycle/name-in-recovery").await;

    assert_error(
        client
            .create_secret()
            .name("lifecycle/name-in-recovery")
            .secret_string("v2")
            .send()
            .await,
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for \
         deletion.",
    );
}

#[tokio::test]
async fn invalid_name_is_validation_exception() {
    let server = TestServer::start().await;
    let client = server.client();

    assert_error(
        client
            .create_secret()
            .name("bad name*")
            .secret_string("v")
            .send()
            .await,
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the \
         following: -/_+=.@!",
    );
}

#[tokio::test]
async fn get_value_of_secret_without_value_is_not_found_for_awscurrent() {
    let server = TestServer::start().await;
    let client = server.client();
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
