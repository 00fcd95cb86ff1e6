//! Bad input of every class, sent as raw HTTP: each is answered as AWS answers it (HTTP 400 with
//! `{"__type", "Message"}`, never a 500, a hang or a closed connection), and none changes the
//! stored data. Every test seeds the same secrets, snapshots them, sends its bad requests and
//! compares the snapshot afterwards.

mod common;

use common::{RawRequest, RawResponse, TestServer, assert_error};
use serde_json::{Value, json};

const SEEDED: &str = "bad-input/seeded";
const TARGET_PREFIX: &str = "secretsmanager.";

/// A server with seeded secrets and a snapshot of them taken before any bad request.
struct Fixture {
    server: TestServer,
    before: Value,
    requests_sent: usize,
}

impl Fixture {
    async fn new() -> Self {
        let server = TestServer::start().await;
        seed(&server).await;
        let before = snapshot(&server).await;
        Self {
            server,
            before,
            requests_sent: 0,
        }
    }

    /// Sends `request`, asserts an AWS-shaped HTTP 400 of type `code`, and returns it.
    async fn rejects(&mut self, request: RawRequest, code: &str) -> RawResponse {
        let shown = describe(&request);
        let response = self.server.send(request).await;
        self.requests_sent += 1;
        assert_eq!(response.status, 400, "{shown} -> {response:?}");
        assert!(
            response.header("x-amzn-requestid").is_some(),
            "{shown}: no request id"
        );
        let body = response.json();
        assert_eq!(body["__type"].as_str(), Some(code), "{shown} -> {body}");
        assert!(body["Message"].is_string(), "{shown} -> {body}");
        response
    }

    /// [`Self::rejects`] and the exact message.
    async fn rejects_with(&mut self, request: RawRequest, code: &str, message: &str) {
        let response = self.rejects(request, code).await;
        assert_eq!(response.json()["Message"].as_str(), Some(message));
    }

    /// Calls `operation` with a body that is not valid JSON text, or not of the right shape.
    fn operation(operation: &str, body: impl Into<Vec<u8>>) -> RawRequest {
        RawRequest::operation(&format!("{TARGET_PREFIX}{operation}"), body)
    }

    /// Asserts the stored data is exactly as before the bad requests.
    async fn assert_unchanged(self) {
        assert!(self.requests_sent > 0);
        let after = snapshot(&self.server).await;
        assert_eq!(
            after, self.before,
            "stored data changed after rejected requests"
        );
    }
}

fn describe(request: &RawRequest) -> String {
    let body = String::from_utf8_lossy(&request.body);
    let body: String = body.chars().take(120).collect();
    format!(
        "{} {} {:?} {body}",
        request.method, request.path, request.headers
    )
}

/// A string secret with two versions, a custom label, tags, a description and a policy; a binary
/// secret; and a secret scheduled for deletion.
async fn seed(server: &TestServer) {
    let seeded = [
        (
            "CreateSecret",
            json!({"Name": SEEDED, "SecretString": "first", "Description": "seeded",
                   "ClientRequestToken": "00000000-0000-0000-0000-000000000001",
                   "Tags": [{"Key": "team", "Value": "core"}]}),
        ),
        (
            "PutSecretValue",
            json!({"SecretId": SEEDED, "SecretString": "second",
                   "ClientRequestToken": "00000000-0000-0000-0000-000000000002"}),
        ),
        (
            "UpdateSecretVersionStage",
            json!({"SecretId": SEEDED, "VersionStage": "custom",
                   "MoveToVersionId": "00000000-0000-0000-0000-000000000001"}),
        ),
        (
            "PutResourcePolicy",
            json!({"SecretId": SEEDED, "ResourcePolicy": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#}),
        ),
        (
            "CreateSecret",
            json!({"Name": "bad-input/binary", "SecretBinary": "AAEC/w=="}),
        ),
        (
            "CreateSecret",
            json!({"Name": "bad-input/deleted", "SecretString": "gone soon"}),
        ),
        (
            "DeleteSecret",
            json!({"SecretId": "bad-input/deleted", "RecoveryWindowInDays": 7}),
        ),
    ];
    for (operation, body) in seeded {
        server.call(operation, body).await.ok_json();
    }
}

/// Everything the API shows of the default partition: the listing, and for each secret its
/// description, versions, values and policy. Last-accessed dates are left out: reading a value
/// for the snapshot sets them.
async fn snapshot(server: &TestServer) -> Value {
    let listing = server
        .call("ListSecrets", json!({"IncludePlannedDeletion": true}))
        .await
        .ok_json();
    let mut secrets = Vec::new();
    for secret in listing["SecretList"].as_array().expect("SecretList") {
        let arn = &secret["ARN"];
        let versions = answer(
            server
                .call(
                    "ListSecretVersionIds",
                    json!({"SecretId": arn, "IncludeDeprecated": true}),
                )
                .await,
        );
        let mut values = Vec::new();
        for version in versions["Versions"].as_array().into_iter().flatten() {
            let request = json!({"SecretId": arn, "VersionId": version["VersionId"]});
            values.push(answer(server.call("GetSecretValue", request).await));
        }
        secrets.push(json!({
            "describe": answer(server.call("DescribeSecret", json!({"SecretId": arn})).await),
            "versions": versions,
            "values": values,
            "policy": answer(server.call("GetResourcePolicy", json!({"SecretId": arn})).await),
        }));
    }
    let mut snapshot = json!({"listing": listing, "secrets": secrets});
    strip_access_dates(&mut snapshot);
    snapshot
}

/// A response as a JSON value, errors included (a deleted secret's value is an error).
fn answer(response: RawResponse) -> Value {
    json!({"status": response.status, "body": response.json()})
}

fn strip_access_dates(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.remove("LastAccessedDate");
            members.values_mut().for_each(strip_access_dates);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_access_dates),
        _ => {}
    }
}

fn repeated(character: char, count: usize) -> String {
    std::iter::repeat_n(character, count).collect()
}

#[tokio::test]
async fn bodies_that_are_not_json() {
    let mut fixture = Fixture::new().await;
    for body in [
        "SecretId=bad-input/seeded&SecretString=x",
        r#"{"SecretId": "bad-input/seeded", "SecretString": "x""#,
        r#"{'SecretId': 'bad-input/seeded'}"#,
        r#"{"SecretId": "bad-input/seeded",}"#,
        r#"{"SecretId": "bad-input/seeded"} trailing"#,
        r#"{"SecretId": "bad-input/seeded", "SecretString": "\ud800"}"#,
        "\u{feff}{}",
    ] {
        let request = Fixture::operation("PutSecretValue", body);
        let response = fixture.rejects(request, "SerializationException").await;
        let message = response.json()["Message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.starts_with("Unable to parse request body as JSON"),
            "{body}: {message}"
        );
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn json_that_is_not_an_object() {
    let mut fixture = Fixture::new().await;
    let cases = [
        // Positionally, these eleven values fill CreateSecret's members; AWS never reads them so.
        (
            r#"["by-position", null, null, null, null, "value", null, null, null, null, null]"#,
            "Start of list found where not expected.",
        ),
        ("[]", "Start of list found where not expected."),
        (
            r#""bad-input/seeded""#,
            "STRING_VALUE can not be converted to Structure",
        ),
        ("42", "NUMBER_VALUE can not be converted to Structure"),
        ("true", "BOOLEAN_VALUE can not be converted to Structure"),
        ("null", "NULL_VALUE can not be converted to Structure"),
    ];
    for (body, message) in cases {
        for operation in ["CreateSecret", "PutSecretValue", "DeleteSecret"] {
            let request = Fixture::operation(operation, body);
            fixture
                .rejects_with(request, "SerializationException", message)
                .await;
        }
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn members_of_the_wrong_type() {
    let mut fixture = Fixture::new().await;
    let cases = [
        (
            "PutSecretValue",
            json!({"SecretId": 5, "SecretString": "x"}),
            "NUMBER_VALUE can not be converted to String",
        ),
        (
            "PutSecretValue",
            json!({"SecretId": SEEDED, "SecretString": true}),
            "BOOLEAN_VALUE can not be converted to String",
        ),
        (
            "PutSecretValue",
            json!({"SecretId": SEEDED, "SecretString": "x", "VersionStages": "AWSCURRENT"}),
            "STRING_VALUE can not be converted to List",
        ),
        (
            "TagResource",
            json!({"SecretId": SEEDED, "Tags": {"Key": "k", "Value": "v"}}),
            "Start of structure or map found where not expected.",
        ),
        (
            "TagResource",
            json!({"SecretId": SEEDED, "Tags": [["k", "v"]]}),
            "Start of list found where not expected.",
        ),
        (
            "RotateSecret",
            json!({"SecretId": SEEDED, "RotationRules": [30]}),
            "Start of list found where not expected.",
        ),
        (
            "DeleteSecret",
            json!({"SecretId": SEEDED, "RecoveryWindowInDays": "7"}),
            "STRING_VALUE can not be converted to Long",
        ),
        (
            "DeleteSecret",
            json!({"SecretId": SEEDED, "ForceDeleteWithoutRecovery": "true"}),
            "STRING_VALUE can not be converted to Boolean",
        ),
        (
            "UpdateSecret",
            json!({"SecretId": SEEDED, "Description": {"text": "x"}}),
            "Start of structure or map found where not expected.",
        ),
        (
            "ListSecrets",
            json!({"MaxResults": 1.5}),
            "NUMBER_VALUE can not be converted to Integer",
        ),
    ];
    for (operation, body, message) in cases {
        let request = Fixture::operation(operation, body.to_string());
        fixture
            .rejects_with(request, "SerializationException", message)
            .await;
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn unknown_members_are_ignored() {
    let fixture = Fixture::new().await;
    let server = &fixture.server;
    let plain = json!({"SecretId": SEEDED, "VersionStage": "AWSPREVIOUS"});
    let mut with_unknown = plain.clone();
    with_unknown["Unknown"] = json!({"nested": [1, {"deeper": null}]});
    with_unknown["secretid"] = json!("member names are case-sensitive");
    with_unknown["VersionStages"] = json!(["a member of another operation"]);
    let expected = server.call("GetSecretValue", plain).await.ok_json();
    let answered = server.call("GetSecretValue", with_unknown).await.ok_json();
    assert_eq!(answered, expected);

    // A write with unknown members does exactly what it does without them.
    let created = server
        .call(
            "CreateSecret",
            json!({"Name": "bad-input/unknown-members", "SecretString": "v",
                   "Tags": [{"Key": "k", "Value": "v", "Extra": 1}], "Bogus": true}),
        )
        .await
        .ok_json();
    assert_eq!(created["Name"], "bad-input/unknown-members");
    let described = server
        .call("DescribeSecret", json!({"SecretId": created["ARN"]}))
        .await
        .ok_json();
    assert_eq!(described["Tags"], json!([{"Key": "k", "Value": "v"}]));
}

#[tokio::test]
async fn null_members() {
    let mut fixture = Fixture::new().await;
    for (operation, body, member) in [
        ("PutSecretValue", json!({"SecretId": null}), "secretId"),
        ("CreateSecret", json!({"Name": null}), "name"),
        (
            "TagResource",
            json!({"SecretId": SEEDED, "Tags": null}),
            "tags",
        ),
        (
            "UpdateSecretVersionStage",
            json!({"SecretId": SEEDED, "VersionStage": null}),
            "versionStage",
        ),
    ] {
        let message = format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        );
        let request = Fixture::operation(operation, body.to_string());
        fixture
            .rejects_with(request, "ValidationException", &message)
            .await;
    }
    // An empty body is `{}`: every required member is missing.
    let request = Fixture::operation("DeleteSecret", "");
    fixture.rejects(request, "ValidationException").await;
    // An optional member set to null is absent.
    let current = fixture
        .server
        .call(
            "GetSecretValue",
            json!({"SecretId": SEEDED, "VersionId": null, "VersionStage": null}),
        )
        .await
        .ok_json();
    assert_eq!(current["SecretString"], "second");
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn numbers_out_of_range() {
    let mut fixture = Fixture::new().await;
    let serialization = [
        (
            "DeleteSecret",
            r#"{"SecretId": "bad-input/seeded", "RecoveryWindowInDays": 9223372036854775808}"#,
            "NUMBER_VALUE can not be converted to Long",
        ),
        (
            "DeleteSecret",
            r#"{"SecretId": "bad-input/seeded", "RecoveryWindowInDays": -9223372036854775809}"#,
            "NUMBER_VALUE can not be converted to Long",
        ),
        (
            "ListSecrets",
            r#"{"MaxResults": 2147483648}"#,
            "NUMBER_VALUE can not be converted to Integer",
        ),
        (
            "GetRandomPassword",
            r#"{"PasswordLength": 100000000000000000000000000000}"#,
            "NUMBER_VALUE can not be converted to Long",
        ),
    ];
    for (operation, body, message) in serialization {
        let request = Fixture::operation(operation, body);
        fixture
            .rejects_with(request, "SerializationException", message)
            .await;
    }
    let request = Fixture::operation("ListSecrets", r#"{"MaxResults": 1e400}"#);
    fixture.rejects(request, "SerializationException").await;

    let validation = [
        (
            "ListSecrets",
            json!({"MaxResults": 0}),
            "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
        (
            "ListSecrets",
            json!({"MaxResults": 101}),
            "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
        ),
        (
            "GetRandomPassword",
            json!({"PasswordLength": 4097}),
            "Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
        ),
        (
            "RotateSecret",
            json!({"SecretId": SEEDED, "RotationRules": {"AutomaticallyAfterDays": 1001}}),
            "Value '1001' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must have value less than or equal to 1000",
        ),
    ];
    for (operation, body, detail) in validation {
        let request = Fixture::operation(operation, body.to_string());
        let message = format!("1 validation error detected: {detail}");
        fixture
            .rejects_with(request, "ValidationException", &message)
            .await;
    }
    for window in [-1, 0, 6, 31, i64::MAX] {
        let body = json!({"SecretId": SEEDED, "RecoveryWindowInDays": window});
        fixture
            .rejects_with(
                Fixture::operation("DeleteSecret", body.to_string()),
                "InvalidParameterException",
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
            )
            .await;
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn strings_over_every_length_limit() {
    let mut fixture = Fixture::new().await;
    let token = "00000000-0000-0000-0000-0000000000aa";
    let tag = |key: usize, value: usize| json!([{"Key": repeated('k', key), "Value": repeated('v', value)}]);
    // (operation, body, member path, limit, whether the value is echoed)
    let cases = [
        (
            "CreateSecret",
            json!({"Name": repeated('n', 513)}),
            "name",
            512,
            true,
        ),
        (
            "PutSecretValue",
            json!({"SecretId": SEEDED, "SecretString": repeated('s', 65_537), "ClientRequestToken": token}),
            "secretString",
            65_536,
            false,
        ),
        (
            "UpdateSecret",
            json!({"SecretId": SEEDED, "Description": repeated('d', 2049)}),
            "description",
            2048,
            true,
        ),
        (
            "PutSecretValue",
            json!({"SecretId": SEEDED, "SecretString": "x", "ClientRequestToken": repeated('t', 65)}),
            "clientRequestToken",
            64,
            true,
        ),
        (
            "UpdateSecret",
            json!({"SecretId": SEEDED, "KmsKeyId": repeated('k', 2049)}),
            "kmsKeyId",
            2048,
            true,
        ),
        (
            "GetSecretValue",
            json!({"SecretId": repeated('i', 2049)}),
            "secretId",
            2048,
            true,
        ),
        (
            "TagResource",
            json!({"SecretId": SEEDED, "Tags": tag(129, 1)}),
            "tags.1.member.key",
            128,
            true,
        ),
        (
            "TagResource",
            json!({"SecretId": SEEDED, "Tags": tag(1, 257)}),
            "tags.1.member.value",
            256,
            true,
        ),
        (
            "PutResourcePolicy",
            json!({"SecretId": SEEDED, "ResourcePolicy": repeated(' ', 20_481)}),
            "resourcePolicy",
            20_480,
            true,
        ),
        (
            "UpdateSecretVersionStage",
            json!({"SecretId": SEEDED, "VersionStage": repeated('l', 257)}),
            "versionStage",
            256,
            true,
        ),
        (
            "GetRandomPassword",
            json!({"ExcludeCharacters": repeated('x', 4097)}),
            "excludeCharacters",
            4096,
            true,
        ),
    ];
    for (operation, body, member, limit, echoed) in cases {
        let response = fixture
            .rejects(
                Fixture::operation(operation, body.to_string()),
                "ValidationException",
            )
            .await;
        let message = response.json()["Message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let constraint = format!(
            "at '{member}' failed to satisfy constraint: Member must have length less than or equal to {limit}"
        );
        assert!(message.contains(&constraint), "{operation}: {message}");
        // Sensitive members are never echoed back.
        assert_eq!(
            message.starts_with("1 validation error detected: Value '"),
            echoed,
            "{message}"
        );
    }
    // A binary value over 65,536 bytes.
    let oversized_binary = json!({"SecretId": SEEDED, "SecretBinary": base64_of_zeroes(65_537), "ClientRequestToken": token});
    fixture
        .rejects_with(
            Fixture::operation("PutSecretValue", oversized_binary.to_string()),
            "ValidationException",
            "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536",
        )
        .await;
    fixture.assert_unchanged().await;
}

/// `count` zero bytes in base64: every 3 bytes are `AAAA`.
fn base64_of_zeroes(count: usize) -> String {
    let mut encoded = "AAAA".repeat(count / 3);
    match count % 3 {
        1 => encoded.push_str("AA=="),
        2 => encoded.push_str("AAA="),
        _ => {}
    }
    encoded
}

#[tokio::test]
async fn invalid_utf8_in_the_body() {
    let mut fixture = Fixture::new().await;
    let bodies: [&[u8]; 3] = [
        b"{\"SecretId\": \"bad-input/seeded\", \"SecretString\": \"\xff\xfe\"}",
        b"{\"SecretId\": \"bad-input/seeded\", \"SecretString\": \"\xc3\"}",
        b"\xff{\"SecretId\": \"bad-input/seeded\"}",
    ];
    for body in bodies {
        let request = Fixture::operation("PutSecretValue", body.to_vec());
        fixture.rejects(request, "SerializationException").await;
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn bodies_over_the_size_limit() {
    let mut fixture = Fixture::new().await;
    let limit = runtime::MAX_BODY_BYTES;
    // The limit the README and docs/ROBUSTNESS.md promise.
    assert_eq!(limit, 1 << 20);
    let message = format!("Request body exceeds the maximum size of {limit} bytes.");
    // Valid JSON one byte over the limit: refused before it is parsed.
    let prefix = r#"{"SecretId": "bad-input/seeded", "SecretString": ""#;
    let padding = limit + 1 - prefix.len() - 2;
    let body = format!("{prefix}{}\"}}", repeated('s', padding));
    assert_eq!(body.len(), limit + 1);
    let request = Fixture::operation("PutSecretValue", body);
    fixture
        .rejects_with(request, "RequestEntityTooLargeException", &message)
        .await;
    // Far over the limit, and streamed without a length.
    let request = Fixture::operation("PutSecretValue", repeated(' ', 8 * limit))
        .header("Transfer-Encoding", "chunked");
    fixture
        .rejects_with(request, "RequestEntityTooLargeException", &message)
        .await;
    // At the limit, the body is read and judged on its content.
    let body = format!("{prefix}{}\"}}", repeated('s', padding - 1));
    let request = Fixture::operation("PutSecretValue", body);
    fixture.rejects(request, "ValidationException").await;
    fixture.assert_unchanged().await;
}

/// A client that writes a whole 8 MiB body (with its Content-Length) before it reads, as SDKs
/// and curl do, reads the refusal: the server reads the rest of the body and drops it, instead
/// of closing the connection under the client (which then saw only a broken pipe).
#[tokio::test]
async fn a_client_that_sends_a_whole_oversized_body_reads_the_refusal() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = TestServer::start().await;
    let limit = runtime::MAX_BODY_BYTES;
    let body = format!(
        r#"{{"Name": "limits/huge", "SecretString": "{}"}}"#,
        "s".repeat(8 * limit)
    );
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         X-Amz-Target: secretsmanager.CreateSecret\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.endpoint.trim_start_matches("http://"),
        body.len()
    );
    let exchange = async {
        let mut stream =
            tokio::net::TcpStream::connect(server.endpoint.trim_start_matches("http://"))
                .await
                .expect("connect");
        stream
            .write_all(head.as_bytes())
            .await
            .expect("write the head");
        stream
            .write_all(body.as_bytes())
            .await
            .expect("the whole body is accepted");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .expect("the answer can be read");
        String::from_utf8(answer).expect("UTF-8 answer")
    };
    let answer = tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
        .await
        .expect("answered within 30 s");
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).expect("a body");
    let json: serde_json::Value = serde_json::from_str(json).expect("a JSON body");
    assert_eq!(json["__type"], "RequestEntityTooLargeException");
    assert_eq!(
        json["Message"],
        format!("Request body exceeds the maximum size of {limit} bytes.")
    );
    // Nothing was created.
    assert_error(
        server
            .client()
            .describe_secret()
            .secret_id("limits/huge")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    );
}

#[tokio::test]
async fn missing_or_unknown_targets() {
    let mut fixture = Fixture::new().await;
    let message = "The requested operation is not recognized by the service.";
    let body = json!({"SecretId": SEEDED, "ForceDeleteWithoutRecovery": true}).to_string();
    let without_target =
        Fixture::operation("DeleteSecret", body.clone()).without_header("X-Amz-Target");
    fixture
        .rejects_with(without_target, "UnknownOperationException", message)
        .await;
    for target in [
        "",
        "secretsmanager.",
        "secretsmanager.Nope",
        "secretsmanager.deletesecret",
        "SecretsManager.DeleteSecret",
        "kms.DeleteSecret",
        "DeleteSecret",
        "secretsmanager.DeleteSecret.",
    ] {
        let request =
            Fixture::operation("DeleteSecret", body.clone()).header("X-Amz-Target", target);
        fixture
            .rejects_with(request, "UnknownOperationException", message)
            .await;
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn wrong_methods_and_paths() {
    let mut fixture = Fixture::new().await;
    let message = "The requested operation is not recognized by the service.";
    let body = json!({"SecretId": SEEDED, "ForceDeleteWithoutRecovery": true}).to_string();
    for method in ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let mut request = Fixture::operation("DeleteSecret", body.clone());
        request.method = method.to_owned();
        fixture
            .rejects_with(request, "UnknownOperationException", message)
            .await;
    }
    for path in ["/foo", "/secretsmanager", "//", "/health/x", "/%2e%2e/"] {
        let mut request = Fixture::operation("DeleteSecret", body.clone());
        request.path = path.to_owned();
        fixture
            .rejects_with(request, "UnknownOperationException", message)
            .await;
    }
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn content_types_other_than_json_are_refused() {
    let mut fixture = Fixture::new().await;
    let body = json!({"SecretId": SEEDED, "ForceDeleteWithoutRecovery": true}).to_string();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/x-amz-json-1.0x",
        "",
    ] {
        let request =
            Fixture::operation("DeleteSecret", body.clone()).header("Content-Type", content_type);
        fixture
            .rejects_with(
                request,
                "UnknownOperationException",
                "The request Content-Type must be application/x-amz-json-1.1 or application/json.",
            )
            .await;
    }
    fixture.assert_unchanged().await;

    // JSON under either name, with parameters, or with no Content-Type at all is read.
    let server = TestServer::start().await;
    for (name, content_type) in [
        ("json-1-1", Some("application/x-amz-json-1.1")),
        ("plain-json", Some("application/json; charset=utf-8")),
        ("no-content-type", None),
    ] {
        let body = json!({"Name": name, "SecretString": "v"}).to_string();
        let request = Fixture::operation("CreateSecret", body);
        let request = match content_type {
            Some(value) => request.header("Content-Type", value),
            None => request.without_header("Content-Type"),
        };
        let response = server.send(request).await;
        assert_eq!(response.ok_json()["Name"], name);
    }
}

#[tokio::test]
async fn a_malformed_authorization_header_is_an_unsigned_request() {
    let server = TestServer::start().await;
    for (index, authorization) in [
        "Bearer token",
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 Credential=onlykey",
        "AWS4-HMAC-SHA256 Credential=123456789012/20260421/EU WEST/secretsmanager/aws4_request",
        "AWS4-HMAC-SHA256 Credential=123456789012/20260421/../secretsmanager/aws4_request",
        "AWS4-HMAC-SHA256 Credential=/20260421/eu-west-1/secretsmanager/aws4_request",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("malformed-authorization-{index}");
        let body = json!({"Name": name, "SecretString": "v"}).to_string();
        let request =
            Fixture::operation("CreateSecret", body).header("Authorization", authorization);
        let created = server.send(request).await.ok_json();
        common::assert_secret_arn(
            created["ARN"].as_str().unwrap_or_default(),
            common::DEFAULT_REGION,
            common::DEFAULT_ACCOUNT,
            &name,
        );
    }
}

#[tokio::test]
async fn blobs_that_are_not_base64() {
    let mut fixture = Fixture::new().await;
    let message = "Blob value is not valid base64.";
    for encoded in ["!!!", "AAE", "AA=A", "A", "not base64 at all", "AAEC/w==="] {
        for (operation, body) in [
            (
                "CreateSecret",
                json!({"Name": "bad-input/new", "SecretBinary": encoded}),
            ),
            (
                "PutSecretValue",
                json!({"SecretId": SEEDED, "SecretBinary": encoded}),
            ),
            (
                "UpdateSecret",
                json!({"SecretId": SEEDED, "SecretBinary": encoded}),
            ),
        ] {
            let request = Fixture::operation(operation, body.to_string());
            fixture
                .rejects_with(request, "SerializationException", message)
                .await;
        }
    }
    fixture
        .rejects_with(
            Fixture::operation(
                "PutSecretValue",
                json!({"SecretId": SEEDED, "SecretBinary": 5}).to_string(),
            ),
            "SerializationException",
            "NUMBER_VALUE can not be converted to String",
        )
        .await;
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn deeply_nested_json() {
    let mut fixture = Fixture::new().await;
    let depth = 10_000;
    let nested_arrays = format!("{}{}", repeated('[', depth), repeated(']', depth));
    let nested_objects = format!("{}1{}", r#"{"a":"#.repeat(depth), repeated('}', depth));
    // In modeled members: refused by type at the first level that does not fit, never recursed
    // into. (Nested objects in a structure member are unknown members of it, skipped.)
    for (operation, member, nested) in [
        ("TagResource", "Tags", &nested_arrays),
        ("TagResource", "Tags", &nested_objects),
        ("PutSecretValue", "SecretString", &nested_arrays),
        ("PutSecretValue", "SecretString", &nested_objects),
        ("PutSecretValue", "VersionStages", &nested_arrays),
        ("PutSecretValue", "VersionStages", &nested_objects),
        ("RotateSecret", "RotationRules", &nested_arrays),
        ("ListSecrets", "Filters", &nested_arrays),
        ("ListSecrets", "Filters", &nested_objects),
    ] {
        let body = format!(r#"{{"SecretId": "{SEEDED}", "{member}": {nested}}}"#);
        let request = Fixture::operation(operation, body);
        fixture.rejects(request, "SerializationException").await;
    }
    // Unclosed nesting is a syntax error.
    let request = Fixture::operation("TagResource", repeated('[', 100_000));
    fixture.rejects(request, "SerializationException").await;
    // Inside a policy document, which is JSON in a string: a malformed policy.
    let body = json!({"SecretId": SEEDED, "ResourcePolicy": nested_arrays});
    fixture
        .rejects_with(
            Fixture::operation("PutResourcePolicy", body.to_string()),
            "MalformedPolicyDocumentException",
            "This policy has invalid syntax.",
        )
        .await;
    // In an unknown member, skipped without recursion like any unknown member.
    let body = format!(r#"{{"SecretId": "{SEEDED}", "Unknown": {nested_arrays}}}"#);
    let response = fixture
        .server
        .send(Fixture::operation("DescribeSecret", body))
        .await;
    assert_eq!(response.ok_json()["Name"], SEEDED);
    fixture.assert_unchanged().await;
}

#[tokio::test]
async fn the_server_keeps_serving_after_bad_input() {
    let mut fixture = Fixture::new().await;
    for body in ["{", "[", "\u{0}", "{\"SecretId\":\u{0}}"] {
        let request = Fixture::operation("GetSecretValue", body);
        fixture.rejects(request, "SerializationException").await;
    }
    let value = fixture
        .server
        .call("GetSecretValue", json!({"SecretId": SEEDED}))
        .await
        .ok_json();
    assert_eq!(value["SecretString"], "second");
    fixture.assert_unchanged().await;
}
