//! Optional SigV4 verification, checked with the real SDK's signatures: a server started with
//! `verify_signatures` accepts only requests signed with a configured key pair, and refuses the
//! rest with AWS's error for each case. Off by default (every other test file uses any key).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_secretsmanager::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_secretsmanager::error::BoxError;
use aws_smithy_types::body::SdkBody;
use common::{DEFAULT_REGION, RawRequest, TestServer};
use runtime::sigv4::Credentials;
use service::ServerOptions;

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
    let tampering = Client::from_conf(
        server
            .config_for(DEFAULT_REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
            .interceptor(TamperWithBody)
            .build(),
    );
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
