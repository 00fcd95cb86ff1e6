//! Replays of AWS's errors recorded by LocalStack's AWS-validated snapshot tests: invalid names on
//! the operations the recording called (through the SDK, as the recording did), reads of a version
//! that is not there, and creating a name that is taken or awaits deletion. Part of the replay
//! family (`replay_*.rs`): the same calls as a recording made against real AWS, and what AWS
//! answered.

mod common;

use std::fmt::Debug;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::types::Tag;
use common::{
    ACCOUNT_POLICY as POLICY, INVALID_NAME, NAME_SCHEDULED_FOR_DELETION, TestServer, assert_error,
};

const TOKEN: &str = "eeeeeeee-1111-4111-8111-eeeeeeeeeeee";

#[track_caller]
fn expect_invalid_name<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, SdkError<E>>) {
    assert_error(result, "ValidationException", INVALID_NAME);
}

/// Recorded: `test_invalid_secret_name` (four names, the ten operations the recording called,
/// through an SDK).
#[tokio::test]
async fn invalid_names_are_validation_exceptions_on_the_recorded_operations() {
    let (_server, client) = TestServer::with_client().await;
    for name in ["Inv Name", " Inv Name", " Inv*Name? ", " Inv *?!]Name\\-"] {
        expect_invalid_name(
            client
                .create_secret()
                .name(name)
                .secret_string("MySecretString")
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .delete_secret()
                .secret_id(name)
                .force_delete_without_recovery(true)
                .send()
                .await,
        );
        expect_invalid_name(client.describe_secret().secret_id(name).send().await);
        expect_invalid_name(client.get_secret_value().secret_id(name).send().await);
        expect_invalid_name(
            client
                .list_secret_version_ids()
                .secret_id(name)
                .include_deprecated(true)
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .put_secret_value()
                .secret_id(name)
                .secret_string("MySecretString")
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .tag_resource()
                .secret_id(name)
                .tags(Tag::builder().key("FirstTag").value("SomeValue").build())
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .untag_resource()
                .secret_id(name)
                .tag_keys("FirstTag")
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .update_secret()
                .secret_id(name)
                .description("MyNewDescription")
                .send()
                .await,
        );
        expect_invalid_name(
            client
                .validate_resource_policy()
                .secret_id(name)
                .resource_policy(POLICY)
                .send()
                .await,
        );
    }
}

/// Recorded: `test_get_secret_value_errors`, `test_secret_version_not_found`: the four ways a
/// read names no version, each with its own text.
#[tokio::test]
async fn reads_of_a_version_that_is_not_there_say_which() {
    let server = TestServer::start().await;
    let client: Client = server.client();
    let version_id = common::create_version(&client, "errors/versions", None, "test").await;
    client
        .create_secret()
        .name("errors/no-value")
        .send()
        .await
        .expect("create without a value");
    let read = |secret_id: &str| client.get_secret_value().secret_id(secret_id);

    assert_error(
        read("errors/no-value").send().await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    );
    assert_error(
        read("errors/versions")
            .version_stage("AWSPREVIOUS")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    );
    assert_error(
        read("errors/versions").version_id(TOKEN).send().await,
        "ResourceNotFoundException",
        &format!("Secrets Manager can't find the specified secret value for VersionId: {TOKEN}"),
    );
    assert_error(
        read("errors/versions")
            .version_id(&version_id)
            .version_stage("AWSPREVIOUS")
            .send()
            .await,
        "InvalidRequestException",
        "You provided a VersionStage that is not associated to the provided VersionId.",
    );
}

/// Recorded: `test_secret_exists_snapshots`, `test_exp_raised_on_creation_of_secret_scheduled_for_deletion`.
#[tokio::test]
async fn creating_a_taken_name_says_whether_it_exists_or_awaits_deletion() {
    let (_server, client) = TestServer::with_secret("errors/taken", "v").await;
    assert_error(
        client
            .create_secret()
            .name("errors/taken")
            .secret_string("v")
            .description("Snapshot testing secret already exists.")
            .send()
            .await,
        "ResourceExistsException",
        "The operation failed because the secret errors/taken already exists.",
    );
    client
        .delete_secret()
        .secret_id("errors/taken")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("schedule the deletion");
    assert_error(
        client
            .create_secret()
            .name("errors/taken")
            .secret_string("v")
            .send()
            .await,
        "InvalidRequestException",
        NAME_SCHEDULED_FOR_DELETION,
    );
}
