//! Input checked against the model's constraints before an operation runs: each constraint kind
//! (length, range, list size, pattern, enum) refused with AWS's ValidationException wording
//! (sensitive values never echoed, lists shown as AWS shows them, several violations reported
//! together), ClientRequestToken's 32 to 64 characters, and the largest values the model allows
//! accepted. (Malformed requests of every other kind are in bad_input.rs.)

mod common;

use aws_sdk_secretsmanager::primitives::Blob;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use common::{TestServer, assert_error, create_secret};
use serde_json::{Value, json};

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

fn base64(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
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
    // A list of strings is shown as AWS shows it (see list_values_are_shown_in_validation_messages).
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

/// A list of strings that breaks a length rule is printed in the message as AWS prints it, as
/// pasted from AWS in a Jenkins plugin issue (`Value '[secret1, secrets2, ...]' at
/// 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or
/// equal to 10`).
#[tokio::test]
async fn list_values_are_shown_in_validation_messages() {
    let (_server, client) = TestServer::with_client().await;
    let values: Vec<String> = (1..=11).map(|index| format!("secret{index}")).collect();
    let shown = values.join(", ");

    assert_error(
        client
            .list_secrets()
            .filters(
                Filter::builder()
                    .key(FilterNameStringType::Name)
                    .set_values(Some(values.clone()))
                    .build(),
            )
            .send()
            .await,
        "ValidationException",
        &format!(
            "1 validation error detected: Value '[{shown}]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10"
        ),
    );
    // The id list of BatchGetSecretValue (at most 20) is shown the same way.
    let ids: Vec<String> = (1..=21).map(|index| format!("id{index}")).collect();
    assert_error(
        client
            .batch_get_secret_value()
            .set_secret_id_list(Some(ids.clone()))
            .send()
            .await,
        "ValidationException",
        &format!(
            "1 validation error detected: Value '[{}]' at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20",
            ids.join(", ")
        ),
    );
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
    let (_server, client) = TestServer::with_client().await;
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
    let described = common::describe(&client, &name).await;
    assert_eq!(described.description(), Some(description.as_str()));

    let bytes = vec![0xA5u8; 65_536];
    client
        .put_secret_value()
        .secret_id(&name)
        .secret_binary(Blob::new(bytes.clone()))
        .send()
        .await
        .expect("a 65536-byte binary value");
    let read = common::get_value(&client, &name).await;
    assert_eq!(read.secret_binary().map(Blob::as_ref), Some(&bytes[..]));
}
