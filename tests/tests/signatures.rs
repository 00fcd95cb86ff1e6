//! Optional SigV4 verification, checked with the real SDK's signatures: a server started with
//! `verify_signatures` accepts only requests signed with a configured key pair, and refuses the
//! rest with AWS's error for each case. Off by default (every other test file uses any key).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::config::Credentials as SdkCredentials;
use aws_sdk_secretsmanager::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_secretsmanager::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_secretsmanager::error::BoxError;
use aws_smithy_async::time::TimeSource;
use aws_smithy_types::body::SdkBody;
use common::{DEFAULT_REGION, RawRequest, TestServer};
use runtime::sigv4::{Credentials, check_skew};
use service::ServerOptions;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ACCESS_KEY_ID: &str = "AKIDVERIFIED";
const SECRET_ACCESS_KEY: &str = "verified-secret-key";
const INVALID_SIGNATURE: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

async fn verifying_server() -> TestServer {
    TestServer::start_with(ServerOptions {
        verify_signatures: Some(Credentials::new([(ACCESS_KEY_ID, SECRET_ACCESS_KEY)])),
        ..ServerOptions::default()
    })
    .await
}

/// The configuration of a client with the key pair the server accepts, to change further.
fn verified_config(server: &TestServer) -> aws_sdk_secretsmanager::config::Builder {
    server.config_for(DEFAULT_REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
}

fn client(server: &TestServer, access_key_id: &str, secret_access_key: &str) -> Client {
    Client::from_conf(
        server
            .config_for(DEFAULT_REGION, access_key_id, secret_access_key)
            .build(),
    )
}

#[tokio::test]
async fn requests_signed_with_the_configured_key_succeed() {
    let server = verifying_server().await;
    let client = client(&server, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    common::create_secret(&client, "signed/secret", "value").await;
    assert_eq!(
        common::current_value(&client, "signed/secret").await,
        "value"
    );
    // Every operation goes through the same check, a body-less one too.
    let listed = client.list_secrets().send().await.expect("list secrets");
    assert_eq!(listed.secret_list().len(), 1);
}

#[tokio::test]
async fn a_wrong_secret_key_is_an_invalid_signature() {
    let server = verifying_server().await;
    let client = client(&server, ACCESS_KEY_ID, "not-the-secret-key");
    common::assert_error(
        client.list_secrets().send().await,
        "InvalidSignatureException",
        INVALID_SIGNATURE,
    );
}

#[tokio::test]
async fn an_unknown_access_key_is_unrecognized() {
    let server = verifying_server().await;
    let client = client(&server, "AKIDUNKNOWN", SECRET_ACCESS_KEY);
    common::assert_error(
        client.list_secrets().send().await,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    );
}

#[tokio::test]
async fn a_request_without_authorization_is_missing_a_token() {
    let server = verifying_server().await;
    let request = RawRequest::operation("secretsmanager.ListSecrets", "{}");
    server.send(request).await.assert_error(
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
    );
}

#[tokio::test]
async fn an_authorization_without_signature_is_incomplete() {
    let server = verifying_server().await;
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={ACCESS_KEY_ID}/20260421/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date"
    );
    let request = RawRequest::operation("secretsmanager.ListSecrets", "{}")
        .header("Authorization", &authorization)
        .header("X-Amz-Date", "20260421T120000Z");
    let response = server.send(request).await;
    assert_eq!(response.status, 400, "{response:?}");
    let body = response.json();
    assert_eq!(body["__type"], "IncompleteSignatureException");
    let message = body["Message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Authorization header requires 'Signature' parameter."),
        "{message}"
    );
}

/// Replaces the body of a request after the SDK has signed it, as a man in the middle would.
#[derive(Debug)]
struct TamperWithBody;

impl Intercept for TamperWithBody {
    fn name(&self) -> &'static str {
        "TamperWithBody"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let signed = request.body().bytes().unwrap_or_default().to_vec();
        let tampered = String::from_utf8(signed)?.replace("honest", "forged");
        request
            .headers_mut()
            .insert("content-length", tampered.len().to_string());
        *request.body_mut() = SdkBody::from(tampered);
        Ok(())
    }
}

#[tokio::test]
async fn a_body_changed_after_signing_is_an_invalid_signature() {
    let server = verifying_server().await;
    let tampering = Client::from_conf(verified_config(&server).interceptor(TamperWithBody).build());
    common::assert_error(
        tampering
            .create_secret()
            .name("honest-name")
            .secret_string("honest value")
            .send()
            .await,
        "InvalidSignatureException",
        INVALID_SIGNATURE,
    );
    // Nothing was created, under either name.
    let honest = client(&server, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    let listed = honest.list_secrets().send().await.expect("list secrets");
    assert!(listed.secret_list().is_empty(), "{listed:?}");
}

#[tokio::test]
async fn health_needs_no_signature() {
    let server = verifying_server().await;
    let response = server.send(RawRequest::new("GET", "/health")).await;
    assert_eq!(response.ok_json()["status"], "ok");
}

#[tokio::test]
async fn verification_is_off_by_default() {
    let server = TestServer::start().await;
    let client = client(&server, "any-key", "any-secret");
    common::create_secret(&client, "unsigned/secret", "value").await;
    let request = RawRequest::operation(
        "secretsmanager.GetSecretValue",
        r#"{"SecretId": "unsigned/secret"}"#,
    );
    assert_eq!(
        server.send(request).await.ok_json()["SecretString"],
        "value"
    );
}

/// Signs every request at a fixed time, as a client with a wrong clock would.
#[derive(Debug)]
struct SignedAt(SystemTime);

impl TimeSource for SignedAt {
    fn now(&self) -> SystemTime {
        self.0
    }
}

fn client_signing_at(server: &TestServer, at: SystemTime) -> Client {
    Client::from_conf(verified_config(server).time_source(SignedAt(at)).build())
}

/// The refusal the server gave for a signature made at `signed_at`: one of the messages it may
/// have computed between `before` and `after` (its clock ticks while the test runs).
fn assert_refused_for_skew(message: &str, signed_at: &str, before: SystemTime, after: SystemTime) {
    let seconds = |time: SystemTime| time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let expected: Vec<String> = (seconds(before)..=seconds(after))
        .filter_map(|now| {
            check_skew(signed_at, UNIX_EPOCH + Duration::from_secs(now))
                .err()
                .map(|error| error.to_string())
        })
        .collect();
    assert!(
        expected.iter().any(|text| text == message),
        "{message} is none of {expected:?}"
    );
}

/// Secrets Manager refuses a signature more than 5 minutes from its clock with
/// InvalidSignatureException `Signature expired: … is now earlier than … (… - 5 min.)` (reported
/// from GetSecretValue: botocore issue 3587, boto3 issue 4716), and one from the future with
/// `Signature not yet current: …`.
#[tokio::test]
async fn a_signature_more_than_five_minutes_from_the_servers_clock_is_refused() {
    let server = verifying_server().await;
    // 2020-01-01T00:00:00Z and 2040-01-01T00:00:00Z.
    for (at, signed_at, prefix) in [
        (
            1_577_836_800,
            "20200101T000000Z",
            "Signature expired: 20200101T000000Z is now earlier than ",
        ),
        (
            2_208_988_800,
            "20400101T000000Z",
            "Signature not yet current: 20400101T000000Z is still later than ",
        ),
    ] {
        let client = client_signing_at(&server, UNIX_EPOCH + Duration::from_secs(at));
        let before = SystemTime::now();
        let refused = client.list_secrets().send().await;
        let after = SystemTime::now();
        let error = common::client_error(refused);
        assert_eq!(error.code(), Some("InvalidSignatureException"));
        let message = error.message().unwrap_or_default();
        assert!(message.starts_with(prefix), "{message}");
        assert_refused_for_skew(message, signed_at, before, after);
    }
    // Four minutes off is within the window.
    let client = client_signing_at(&server, SystemTime::now() - Duration::from_secs(240));
    client
        .list_secrets()
        .send()
        .await
        .expect("signed four minutes ago");
}

/// The window is measured on the system clock: the SDK signs with the real time, so moving the
/// emulator's clock (to expire recovery windows, say) must not make signed requests look stale.
#[tokio::test]
async fn moving_the_emulators_clock_does_not_expire_signatures() {
    let server = verifying_server().await;
    let client = client(&server, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    common::create_secret(&client, "signed/clock", "value").await;
    server.emulator().clock().advance_millis(8 * 86_400_000);
    assert_eq!(
        common::current_value(&client, "signed/clock").await,
        "value"
    );
}

fn session_client(server: &TestServer, token: &str) -> Client {
    Client::from_conf(
        verified_config(server)
            .credentials_provider(SdkCredentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                Some(token.to_owned()),
                None,
                "session",
            ))
            .build(),
    )
}

/// Temporary credentials: the SDK signs X-Amz-Security-Token. A key pair configured with a token
/// accepts only that token (any other is UnrecognizedClientException, AWS's refusal of a token
/// that is not valid); one configured without a token accepts any signed token.
#[tokio::test]
async fn session_tokens_are_signed_and_checked() {
    let temporary = TestServer::start_with(ServerOptions {
        verify_signatures: Some(
            Credentials::new([(ACCESS_KEY_ID, SECRET_ACCESS_KEY)])
                .with_session_token(ACCESS_KEY_ID, "the-session-token"),
        ),
        ..ServerOptions::default()
    })
    .await;
    let listed = session_client(&temporary, "the-session-token")
        .list_secrets()
        .send()
        .await
        .expect("the right token");
    assert!(listed.secret_list().is_empty());
    for wrong in [
        session_client(&temporary, "another-token"),
        client(&temporary, ACCESS_KEY_ID, SECRET_ACCESS_KEY),
    ] {
        common::assert_error(
            wrong.list_secrets().send().await,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        );
    }

    let permanent = verifying_server().await;
    session_client(&permanent, "any-token")
        .list_secrets()
        .send()
        .await
        .expect("any signed token");
}

/// Adds query parameters, escaped otherwise than SigV4's canonical form, before the SDK signs.
#[derive(Debug)]
struct AddQuery;

impl Intercept for AddQuery {
    fn name(&self) -> &'static str {
        "AddQuery"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let base = request.uri().trim_end_matches('/').to_owned();
        request.set_uri(format!("{base}/?z=1&a=%7e+x&m=%2f"))?;
        Ok(())
    }
}

/// Query parameters are URI-encoded in the canonical request as SigV4 specifies (decoded, then
/// encoded again and sorted), so a request whose query a client escaped its own way verifies.
#[tokio::test]
async fn query_parameters_are_canonically_encoded() {
    let server = verifying_server().await;
    let querying = Client::from_conf(verified_config(&server).interceptor(AddQuery).build());
    let listed = querying
        .list_secrets()
        .send()
        .await
        .expect("a query the SDK signed");
    assert!(listed.secret_list().is_empty());
}
