//! The README quick start as a user runs it with curl, and the AWS JSON 1.1 wire format that SDKs
//! and the CLI rely on: status codes, error bodies, request ids, timestamps.

mod common;

use common::{RawResponse, SECRET_NOT_FOUND, TestServer, assert_secret_arn, is_uuid, now_secs};
use serde_json::{Value, json};

const CREATE_SECRET: &str = "secretsmanager.CreateSecret";
const GET_SECRET_VALUE: &str = "secretsmanager.GetSecretValue";

/// Asserts an error answer: HTTP 400 and `__type` in the body.
#[track_caller]
fn assert_error_type(response: &RawResponse, error_type: &str) -> Value {
    assert_eq!(response.status, 400, "{response:?}");
    let body = response.json();
    assert_eq!(body["__type"], error_type, "{response:?}");
    body
}

/// Asserts the answer carries a non-empty `x-amzn-RequestId`.
#[track_caller]
fn assert_has_request_id(response: &RawResponse) {
    assert!(
        response
            .header("x-amzn-RequestId")
            .is_some_and(|id| !id.is_empty()),
        "{response:?}"
    );
}

#[track_caller]
fn assert_json_number_near_now(value: &Value) {
    let secs = value
        .as_f64()
        .unwrap_or_else(|| panic!("timestamp should be a JSON number, got {value}"));
    assert!(
        (secs - now_secs()).abs() < 60.0,
        "timestamp {secs} is not now"
    );
}

/// DescribeSecret's raw JSON answer for a string secret just created by raw request on a fresh
/// server.
async fn described_after_creating(name: &str) -> Value {
    let server = TestServer::start().await;
    common::create_raw(&server, json!({"Name": name, "SecretString": "v"})).await;
    common::describe_raw(&server, name).await
}

#[tokio::test]
async fn quick_start_create_then_get_over_raw_http() {
    let server = TestServer::start().await;

    // No ClientRequestToken, as in the README's curl example: the server makes up the VersionId.
    let created = server
        .post_raw(
            CREATE_SECRET,
            r#"{"Name":"my-db-password","Description":"Production DB password","SecretString":"s3cur3p@ss"}"#,
        )
        .await;
    let created = created.ok_json();
    let mut keys: Vec<&str> = created
        .as_object()
        .expect("JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["ARN", "Name", "VersionId"]);
    assert_secret_arn(
        created["ARN"].as_str().unwrap(),
        "us-east-1",
        "000000000000",
        "my-db-password",
    );
    assert_eq!(created["Name"], "my-db-password");
    let version_id = created["VersionId"].as_str().unwrap();
    assert!(is_uuid(version_id), "VersionId {version_id} is not a UUID");

    let fetched = server
        .post_raw(GET_SECRET_VALUE, r#"{"SecretId":"my-db-password"}"#)
        .await;
    let fetched = fetched.ok_json();
    assert_eq!(fetched["SecretString"], "s3cur3p@ss");
    assert_eq!(fetched["VersionStages"], json!(["AWSCURRENT"]));
    assert_eq!(fetched["VersionId"], version_id);
    assert_eq!(fetched["ARN"], created["ARN"]);
    assert_eq!(fetched["Name"], "my-db-password");
    assert_json_number_near_now(&fetched["CreatedDate"]);
}

#[tokio::test]
async fn successful_responses_are_json_1_1_with_a_request_id() {
    let server = TestServer::start().await;

    let response = server.post_raw("secretsmanager.ListSecrets", r#"{}"#).await;

    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(
        response.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_has_request_id(&response);
}

#[tokio::test]
async fn error_responses_carry_a_request_id_too() {
    let server = TestServer::start().await;

    let response = server
        .post_raw(GET_SECRET_VALUE, r#"{"SecretId":"request-id-missing"}"#)
        .await;

    assert_eq!(response.status, 400);
    assert_has_request_id(&response);
}

#[tokio::test]
async fn request_ids_differ_between_requests() {
    let server = TestServer::start().await;

    let first = server.post_raw("secretsmanager.ListSecrets", "{}").await;
    let second = server.post_raw("secretsmanager.ListSecrets", "{}").await;

    assert_ne!(
        first.header("x-amzn-RequestId"),
        second.header("x-amzn-RequestId")
    );
}

#[tokio::test]
async fn unknown_target_is_unknown_operation_exception() {
    let server = TestServer::start().await;

    let response = server
        .post_raw("secretsmanager.NoSuchOperation", "{}")
        .await;

    assert_error_type(&response, "UnknownOperationException");
}

#[tokio::test]
async fn malformed_json_is_serialization_exception() {
    let server = TestServer::start().await;

    let response = server.post_raw(GET_SECRET_VALUE, r#"{"SecretId":"#).await;

    assert_error_type(&response, "SerializationException");
}

#[tokio::test]
async fn empty_body_is_read_as_empty_object() {
    let server = TestServer::start().await;

    let response = server.post_raw("secretsmanager.ListSecrets", "").await;

    assert_eq!(response.ok_json()["SecretList"], json!([]));
}

#[tokio::test]
async fn missing_required_member_is_validation_exception() {
    let server = TestServer::start().await;

    let response = server.post_raw(GET_SECRET_VALUE, "{}").await;

    let body = assert_error_type(&response, "ValidationException");
    assert_eq!(
        body["Message"],
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: \
         Member must not be null"
    );
}

#[tokio::test]
async fn resource_not_found_is_400_with_aws_error_body() {
    let server = TestServer::start().await;

    let response = server
        .post_raw(GET_SECRET_VALUE, r#"{"SecretId":"never-created"}"#)
        .await;

    // Exactly `__type` and capital-M `Message`: botocore reads nothing else.
    assert_eq!(response.status, 400);
    assert_eq!(
        response.json(),
        json!({"__type": "ResourceNotFoundException", "Message": SECRET_NOT_FOUND})
    );
}

#[tokio::test]
async fn timestamps_are_epoch_second_numbers() {
    let described = described_after_creating("timestamps-as-numbers").await;

    assert_json_number_near_now(&described["CreatedDate"]);
    assert_json_number_near_now(&described["LastChangedDate"]);
}

#[tokio::test]
async fn absent_members_are_omitted_not_null() {
    let described = described_after_creating("no-nulls-here").await;

    let nulls: Vec<&String> = described
        .as_object()
        .expect("JSON object")
        .iter()
        .filter(|(_, value)| value.is_null())
        .map(|(key, _)| key)
        .collect();
    assert!(nulls.is_empty(), "members sent as null: {nulls:?}");
}
