//! AWS's errors to the letter, swept across every operation: an id no secret can have, a secret
//! that does not exist, a secret scheduled for deletion, and every kind of model constraint, each
//! answered with AWS's code, exact message and HTTP 400, and none changing stored data.
//!
//! The sweeps go over raw HTTP, so that one table covers all operations, including the three this
//! SDK release does not have (ListResourcePolicies and the cross-account replica calls); the
//! recorded invalid-name case goes through the SDK as the recording did.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_secretsmanager::types::Tag;
use common::{MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer, assert_error, create_secret};
use serde_json::{Value, json};
use std::fmt::Debug;

const INVALID_NAME: &str = "Invalid name. Must be a valid name containing alphanumeric characters, \
                            or any of the following: -/_+=.@!";
const TOKEN: &str = "eeeeeeee-1111-4111-8111-eeeeeeeeeeee";
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

/// Every operation that names a secret, each with a request that is valid apart from the secret
/// it names.
fn requests_naming(secret_id: &str) -> Vec<(&'static str, Value)> {
    let replica_arn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:copy-AbCdEf";
    vec![
        (
            "AssociateCrossAccountReplica",
            json!({"SecretId": secret_id, "CrossAccountReplicaARN": replica_arn}),
        ),
        ("CancelRotateSecret", json!({"SecretId": secret_id})),
        ("DeleteResourcePolicy", json!({"SecretId": secret_id})),
        ("DeleteSecret", json!({"SecretId": secret_id})),
        ("DescribeSecret", json!({"SecretId": secret_id})),
        (
            "DisassociateCrossAccountReplica",
            json!({"SecretId": secret_id, "CrossAccountReplicaARN": replica_arn}),
        ),
        ("GetResourcePolicy", json!({"SecretId": secret_id})),
        ("GetSecretValue", json!({"SecretId": secret_id})),
        ("ListResourcePolicies", json!({"SecretId": secret_id})),
        ("ListSecretVersionIds", json!({"SecretId": secret_id})),
        (
            "PutResourcePolicy",
            json!({"SecretId": secret_id, "ResourcePolicy": POLICY}),
        ),
        (
            "PutSecretValue",
            json!({"SecretId": secret_id, "SecretString": "v2", "ClientRequestToken": TOKEN}),
        ),
        (
            "RemoveRegionsFromReplication",
            json!({"SecretId": secret_id, "RemoveReplicaRegions": ["eu-west-1"]}),
        ),
        (
            "ReplicateSecretToRegions",
            json!({"SecretId": secret_id, "AddReplicaRegions": [{"Region": "eu-west-1"}]}),
        ),
        ("RestoreSecret", json!({"SecretId": secret_id})),
        (
            "RotateSecret",
            json!({"SecretId": secret_id, "ClientRequestToken": TOKEN}),
        ),
        ("StopReplicationToReplica", json!({"SecretId": secret_id})),
        (
            "TagResource",
            json!({"SecretId": secret_id, "Tags": [{"Key": "k", "Value": "v"}]}),
        ),
        (
            "UntagResource",
            json!({"SecretId": secret_id, "TagKeys": ["k"]}),
        ),
        (
            "UpdateSecret",
            json!({"SecretId": secret_id, "Description": "d"}),
        ),
        (
            "UpdateSecretVersionStage",
            json!({"SecretId": secret_id, "VersionStage": "blue", "MoveToVersionId": TOKEN}),
        ),
        (
            "ValidateResourcePolicy",
            json!({"SecretId": secret_id, "ResourcePolicy": POLICY}),
        ),
    ]
}

/// The operations [`requests_naming`] covers, for failure messages.
fn operation_names() -> Vec<&'static str> {
    requests_naming("x").into_iter().map(|(op, _)| op).collect()
}

// ----- Ids, unknown secrets, secrets scheduled for deletion -----------------------------------------

#[tokio::test]
async fn every_operation_naming_a_secret_refuses_an_id_no_name_can_have() {
    let server = TestServer::start().await;
    for secret_id in [
        "Inv Name",
        "star*",
        "arn:aws:secretsmanager:us-east-1:000000000000:secret:bad name",
    ] {
        for (operation, body) in requests_naming(secret_id) {
            let response = server.call(operation, body).await;
            assert_eq!(
                response.status, 400,
                "{operation} {secret_id}: {response:?}"
            );
            response.assert_error("ValidationException", INVALID_NAME);
        }
    }
    // CreateSecret checks the name it is given.
    server
        .call("CreateSecret", json!({"Name": "Inv Name"}))
        .await
        .assert_error("ValidationException", INVALID_NAME);
}

/// Recorded: `test_invalid_secret_name` (four names, the ten operations the recording called,
/// through an SDK).
#[tokio::test]
async fn invalid_names_are_validation_exceptions_on_the_recorded_operations() {
    let server = TestServer::start().await;
    let client = server.client();
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

#[track_caller]
fn expect_invalid_name<T: Debug, E: ProvideErrorMetadata + Debug>(result: Result<T, SdkError<E>>) {
    assert_error(result, "ValidationException", INVALID_NAME);
}

#[tokio::test]
async fn every_operation_naming_an_unknown_secret_answers_not_found() {
    let server = TestServer::start().await;
    let unknown_arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nowhere-AbCdEf";
    for secret_id in ["nowhere", unknown_arn] {
        for (operation, body) in requests_naming(secret_id) {
            let response = server.call(operation, body).await;
            assert_eq!(
                response.status, 400,
                "{operation} {secret_id}: {response:?}"
            );
            response.assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
        }
    }
    // A secret of another region or account is unknown here too.
    create_secret(&server.client_for("eu-west-1", "test"), "elsewhere", "v").await;
    create_secret(
        &server.client_for("us-east-1", "111111111111"),
        "elsewhere",
        "v",
    )
    .await;
    for (operation, body) in requests_naming("elsewhere") {
        server
            .call(operation, body)
            .await
            .assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    }
}

/// AWS-BEHAVIOUR §7: while scheduled for deletion a secret is still described and its versions
/// still listed, it can be restored (or deleted for good), and every other operation refuses it
/// with AWS's text, changing nothing.
#[tokio::test]
async fn a_secret_pending_deletion_refuses_every_operation_but_describe_list_versions_and_restore()
{
    let server = TestServer::start().await;
    let name = "errors/pending-deletion";
    create_secret(&server.client(), name, "v1").await;
    server
        .call("DeleteSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    let before = server
        .call("DescribeSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert!(before["DeletedDate"].is_number());

    let answering = ["DescribeSecret", "ListSecretVersionIds", "RestoreSecret"];
    for (operation, body) in requests_naming(name) {
        if answering.contains(&operation) {
            continue;
        }
        let response = server.call(operation, body).await;
        assert_eq!(response.status, 400, "{operation}: {response:?}");
        response.assert_error("InvalidRequestException", MARKED_FOR_DELETION);
    }
    // (A secret of this name cannot be created either; see secrets_lifecycle.rs.)
    let after = server
        .call("DescribeSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(after, before, "the refused requests changed nothing");
    let versions = server
        .call("ListSecretVersionIds", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(versions["Versions"].as_array().map(Vec::len), Some(1));

    server
        .call("RestoreSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(common::current_value(&server.client(), name).await, "v1");
}

#[test]
fn the_sweeps_cover_every_operation_that_names_a_secret() {
    let mut names = operation_names();
    names.sort();
    names.dedup();
    // 26 operations less CreateSecret (a Name, checked above), BatchGetSecretValue (errors per
    // secret), ListSecrets and GetRandomPassword (no secret).
    assert_eq!(names.len(), 22, "{names:?}");
}

// ----- Model constraints ---------------------------------------------------------------------------

fn repeat(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// `1 validation error detected: Value 'v' at 'member' failed to satisfy constraint: Member must
/// <constraint>`, with `Value at` for sensitive members, whose value is never echoed.
fn violation(value: Option<&str>, member: &str, constraint: &str) -> String {
    let shown = value.map(|v| format!(" '{v}'")).unwrap_or_default();
    format!(
        "1 validation error detected: Value{shown} at '{member}' failed to satisfy constraint: \
         Member must {constraint}"
    )
}

/// Each constraint kind of the model (length, range, list size, pattern, enum) on the members
/// that carry one, refused with AWS's ValidationException wording before the operation runs.
#[tokio::test]
async fn model_constraints_are_refused_with_aws_validation_wording() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "errors/limits", "v1").await;
    let long_name = repeat('a', 513);
    let long_description = repeat('d', 2049);
    let long_id = repeat('s', 2049);
    let long_key = repeat('k', 129);
    let long_value = repeat('x', 65_537);
    let long_binary = base64(&vec![7u8; 65_537]);
    let ids: Vec<String> = (0..21).map(|i| format!("s{i}")).collect();
    // A list of strings is shown as AWS shows it (words_and_limits.rs has the evidence).
    let shown_ids = format!("[{}]", ids.join(", "));
    let cases: Vec<(&str, Value, String)> = vec![
        (
            "CreateSecret",
            json!({"Name": long_name}),
            violation(
                Some(&long_name),
                "name",
                "have length less than or equal to 512",
            ),
        ),
        (
            "CreateSecret",
            json!({"Name": ""}),
            violation(Some(""), "name", "have length greater than or equal to 1"),
        ),
        (
            "CreateSecret",
            json!({"Name": "errors/x", "Description": long_description}),
            violation(
                Some(&long_description),
                "description",
                "have length less than or equal to 2048",
            ),
        ),
        (
            "CreateSecret",
            json!({"Name": "errors/x", "SecretString": long_value}),
            violation(
                None,
                "secretString",
                "have length less than or equal to 65536",
            ),
        ),
        (
            "PutSecretValue",
            json!({"SecretId": "errors/limits", "SecretBinary": long_binary}),
            violation(
                None,
                "secretBinary",
                "have length less than or equal to 65536",
            ),
        ),
        (
            "PutSecretValue",
            json!({"SecretId": "errors/limits", "SecretString": ""}),
            violation(
                None,
                "secretString",
                "have length greater than or equal to 1",
            ),
        ),
        (
            "GetSecretValue",
            json!({"SecretId": long_id}),
            violation(
                Some(&long_id),
                "secretId",
                "have length less than or equal to 2048",
            ),
        ),
        (
            "TagResource",
            json!({"SecretId": "errors/limits",
                   "Tags": [{"Key": "ok", "Value": "v"}, {"Key": long_key, "Value": "v"}]}),
            violation(
                Some(&long_key),
                "tags.2.member.key",
                "have length less than or equal to 128",
            ),
        ),
        (
            "BatchGetSecretValue",
            json!({"SecretIdList": ids}),
            violation(
                Some(&shown_ids),
                "secretIdList",
                "have length less than or equal to 20",
            ),
        ),
        (
            "BatchGetSecretValue",
            json!({"Filters": [{"Key": "name", "Values": ["s"]}], "MaxResults": 21}),
            violation(
                Some("21"),
                "maxResults",
                "have value less than or equal to 20",
            ),
        ),
        (
            "RotateSecret",
            json!({"SecretId": "errors/limits", "RotationRules": {"AutomaticallyAfterDays": 0}}),
            violation(
                Some("0"),
                "rotationRules.automaticallyAfterDays",
                "have value greater than or equal to 1",
            ),
        ),
        (
            "RotateSecret",
            json!({"SecretId": "errors/limits", "RotationRules": {"AutomaticallyAfterDays": 1001}}),
            violation(
                Some("1001"),
                "rotationRules.automaticallyAfterDays",
                "have value less than or equal to 1000",
            ),
        ),
        (
            "ListSecrets",
            json!({"MaxResults": 0}),
            violation(
                Some("0"),
                "maxResults",
                "have value greater than or equal to 1",
            ),
        ),
        (
            "ListSecretVersionIds",
            json!({"SecretId": "errors/limits", "MaxResults": 101}),
            violation(
                Some("101"),
                "maxResults",
                "have value less than or equal to 100",
            ),
        ),
        (
            "ListSecrets",
            json!({"SortOrder": "sideways"}),
            violation(
                Some("sideways"),
                "sortOrder",
                "satisfy enum value set: [asc, desc]",
            ),
        ),
        (
            "ListSecrets",
            json!({"Filters": [{"Key": "nombre", "Values": ["x"]}]}),
            violation(
                Some("nombre"),
                "filters.1.member.key",
                "satisfy enum value set: [description, name, tag-key, tag-value, \
                 primary-region, owning-service, all]",
            ),
        ),
        (
            "ListSecrets",
            json!({"Filters": [{"Key": "name", "Values": ["bad value*"]}]}),
            violation(
                Some("bad value*"),
                "filters.1.member.values.1.member",
                r"satisfy regular expression pattern: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$",
            ),
        ),
    ];
    for (operation, body, message) in cases {
        server
            .call(operation, body)
            .await
            .assert_error("ValidationException", &message);
    }
    // Nothing refused above reached the secret.
    let versions = server
        .call("ListSecretVersionIds", json!({"SecretId": "errors/limits"}))
        .await
        .ok_json();
    assert_eq!(versions["Versions"].as_array().map(Vec::len), Some(1));
    let described = server
        .call("DescribeSecret", json!({"SecretId": "errors/limits"}))
        .await
        .ok_json();
    assert!(described.get("Tags").is_none() && described.get("RotationEnabled").is_none());
}

#[tokio::test]
async fn client_request_tokens_must_be_32_to_64_characters() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "errors/tokens", "v1").await;
    let short = repeat('t', 31);
    let long = repeat('t', 65);
    for (token, constraint) in [
        (&short, "have length greater than or equal to 32"),
        (&long, "have length less than or equal to 64"),
    ] {
        let message = violation(Some(token), "clientRequestToken", constraint);
        for (operation, body) in [
            (
                "CreateSecret",
                json!({"Name": "errors/t", "SecretString": "v", "ClientRequestToken": token}),
            ),
            (
                "PutSecretValue",
                json!({"SecretId": "errors/tokens", "SecretString": "v", "ClientRequestToken": token}),
            ),
            (
                "UpdateSecret",
                json!({"SecretId": "errors/tokens", "SecretString": "v", "ClientRequestToken": token}),
            ),
            (
                "RotateSecret",
                json!({"SecretId": "errors/tokens", "ClientRequestToken": token}),
            ),
        ] {
            server
                .call(operation, body)
                .await
                .assert_error("ValidationException", &message);
        }
    }
    // The bounds themselves are accepted, and become the VersionId.
    for token in [repeat('a', 32), repeat('b', 64)] {
        let put = server
            .call(
                "PutSecretValue",
                json!({"SecretId": "errors/tokens", "SecretString": token, "ClientRequestToken": token}),
            )
            .await
            .ok_json();
        assert_eq!(put["VersionId"], token.as_str());
    }
}

/// The largest values the model allows are stored and read back whole.
#[tokio::test]
async fn values_at_the_limits_of_the_model_are_accepted() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = repeat('n', 512);
    let text = repeat('x', 65_536);
    let description = repeat('d', 2048);
    client
        .create_secret()
        .name(&name)
        .description(&description)
        .secret_string(&text)
        .send()
        .await
        .expect("a 512-character name, 2048-character description, 65536-character value");
    assert_eq!(common::current_value(&client, &name).await, text);
    let described = client
        .describe_secret()
        .secret_id(&name)
        .send()
        .await
        .expect("describe");
    assert_eq!(described.description(), Some(description.as_str()));

    let bytes = vec![0xA5u8; 65_536];
    client
        .put_secret_value()
        .secret_id(&name)
        .secret_binary(Blob::new(bytes.clone()))
        .send()
        .await
        .expect("a 65536-byte binary value");
    let read = client
        .get_secret_value()
        .secret_id(&name)
        .send()
        .await
        .expect("read");
    assert_eq!(read.secret_binary().map(Blob::as_ref), Some(&bytes[..]));
}

#[tokio::test]
async fn several_violations_are_reported_together() {
    let server = TestServer::start().await;
    let long_name = repeat('a', 513);
    let long_description = repeat('d', 2049);
    server
        .call(
            "CreateSecret",
            json!({"Name": long_name, "Description": long_description}),
        )
        .await
        .assert_error(
            "ValidationException",
            &format!(
                "2 validation errors detected: Value '{long_name}' at 'name' failed to satisfy \
                 constraint: Member must have length less than or equal to 512; Value \
                 '{long_description}' at 'description' failed to satisfy constraint: Member must \
                 have length less than or equal to 2048"
            ),
        );
}

// ----- Errors specific to one operation -------------------------------------------------------------

/// AWS-BEHAVIOUR §2: both value members at once, on every operation that takes a value.
#[tokio::test]
async fn a_string_and_a_binary_value_together_are_refused_everywhere() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "errors/both", "v1").await;
    let both = "You can't specify both a binary secret value and a string secret value in the \
                same secret.";
    let bytes = Blob::new(vec![1, 2, 3]);
    assert_error(
        client
            .create_secret()
            .name("errors/both-new")
            .secret_string("s")
            .secret_binary(bytes.clone())
            .send()
            .await,
        "InvalidParameterException",
        both,
    );
    assert_error(
        client
            .put_secret_value()
            .secret_id("errors/both")
            .secret_string("s")
            .secret_binary(bytes.clone())
            .send()
            .await,
        "InvalidParameterException",
        both,
    );
    assert_error(
        client
            .update_secret()
            .secret_id("errors/both")
            .secret_string("s")
            .secret_binary(bytes)
            .send()
            .await,
        "InvalidParameterException",
        both,
    );
    assert_error(
        client
            .describe_secret()
            .secret_id("errors/both-new")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_eq!(common::current_value(&client, "errors/both").await, "v1");
}

/// Recorded: `test_get_secret_value_errors`, `test_secret_version_not_found`: the four ways a
/// read names no version, each with its own text.
#[tokio::test]
async fn reads_of_a_version_that_is_not_there_say_which() {
    let server = TestServer::start().await;
    let client: Client = server.client();
    let created = client
        .create_secret()
        .name("errors/versions")
        .secret_string("test")
        .send()
        .await
        .expect("create");
    let version_id = created.version_id.expect("VersionId");
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
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "errors/taken", "v").await;
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
        "You can't create this secret because a secret with this name is already scheduled for \
         deletion.",
    );
}

fn base64(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}
