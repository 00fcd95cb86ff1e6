//! Test harness: an emulator on an ephemeral loopback port, SDK clients pointed at it, a raw HTTP
//! helper for wire-level checks, and assertions shared by the test files.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::fmt::Debug;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::config::retry::RetryConfig;
use aws_sdk_secretsmanager::config::timeout::TimeoutConfig;
use aws_sdk_secretsmanager::config::{Credentials, Region};
use aws_sdk_secretsmanager::error::{ErrorMetadata, ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::operation::put_secret_value::builders::PutSecretValueFluentBuilder;
use aws_sdk_secretsmanager::operation::replicate_secret_to_regions::ReplicateSecretToRegionsOutput;
use aws_sdk_secretsmanager::types::{ReplicaRegionType, SecretVersionsListEntry, Tag};
use aws_smithy_types::DateTime;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::HeaderMap;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The account a non-numeric access key id maps to.
pub(crate) const DEFAULT_ACCOUNT: &str = "000000000000";
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// A running emulator with an empty store; it shuts down when dropped.
pub(crate) struct TestServer {
    pub endpoint: String,
    addr: SocketAddr,
    emulator: Arc<service::Emulator>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TestServer {
    pub(crate) async fn start() -> Self {
        Self::start_with(service::ServerOptions::default()).await
    }

    /// A server with non-default options, e.g. signature verification.
    pub(crate) async fn start_with(options: service::ServerOptions) -> Self {
        Self::start_serving(|emulator| service::app_with(emulator, &options)).await
    }

    /// A server with the web console, as the binary serves it by default.
    pub(crate) async fn start_with_console() -> Self {
        Self::start_serving(|emulator| {
            let console = service::console::ConsoleOptions::for_listen_host("127.0.0.1");
            service::app(Arc::clone(&emulator)).merge(service::console::routes(emulator, console))
        })
        .await
    }

    async fn start_serving(app: impl FnOnce(Arc<service::Emulator>) -> axum::Router) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind an ephemeral port");
        Self::serve(listener, service::Emulator::new(), app)
    }

    /// A server for `emulator` (e.g. one with a rotation function endpoint) on `listener`,
    /// bound beforehand when something must know the address first.
    pub(crate) fn start_on(
        listener: TcpListener,
        emulator: service::Emulator,
        options: service::ServerOptions,
    ) -> Self {
        Self::serve(listener, emulator, |emulator| {
            service::app_with(emulator, &options)
        })
    }

    /// Serves `emulator` on `listener` with the routes `app` builds on it.
    fn serve(
        listener: TcpListener,
        emulator: service::Emulator,
        app: impl FnOnce(Arc<service::Emulator>) -> axum::Router,
    ) -> Self {
        let addr = listener.local_addr().expect("listener address");
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let shutdown = async move {
            // A dropped sender counts as a shutdown signal too.
            let _ = shutdown_rx.await;
        };
        let emulator = Arc::new(emulator);
        let served = Arc::clone(&emulator);
        let app = app(Arc::clone(&served));
        tokio::spawn(async move {
            service::serve_app(listener, app, served, shutdown)
                .await
                .expect("emulator server failed");
        });
        Self {
            endpoint: format!("http://{addr}"),
            addr,
            emulator,
            shutdown: Some(shutdown_tx),
        }
    }

    /// The emulator behind the server, e.g. to move its clock:
    /// `server.emulator().clock().advance_millis(ms)`.
    pub(crate) fn emulator(&self) -> &Arc<service::Emulator> {
        &self.emulator
    }

    /// A client in us-east-1 for the default account.
    pub(crate) fn client(&self) -> Client {
        self.client_for(DEFAULT_REGION, "test")
    }

    /// A client for another region, or another account (a 12-digit access key id is the account).
    pub(crate) fn client_for(&self, region: &str, access_key_id: &str) -> Client {
        Client::from_conf(self.config_for(region, access_key_id, "test").build())
    }

    /// The configuration [`Self::client_for`] uses, with a chosen secret access key, for tests
    /// that change it further (e.g. add an interceptor).
    pub(crate) fn config_for(
        &self,
        region: &str,
        access_key_id: &str,
        secret_access_key: &str,
    ) -> aws_sdk_secretsmanager::config::Builder {
        config_at(&self.endpoint, region, access_key_id, secret_access_key)
    }

    /// POSTs `body` to `/` as `curl` would, with the given `X-Amz-Target` and a us-east-1 SigV4
    /// header whose signature is not checked.
    pub(crate) async fn post_raw(&self, target: &str, body: &str) -> RawResponse {
        self.post_raw_as(DEFAULT_REGION, "test", target, body).await
    }

    /// [`Self::post_raw`] signed for another region, or another account (a 12-digit access key
    /// id is the account), for operations the SDK does not have yet.
    pub(crate) async fn post_raw_as(
        &self,
        region: &str,
        access_key_id: &str,
        target: &str,
        body: &str,
    ) -> RawResponse {
        let credential = format!("{access_key_id}/20260421/{region}/secretsmanager/aws4_request");
        let request = RawRequest::operation(target, body).header(
            "Authorization",
            &format!(
                "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=fake"
            ),
        );
        self.send(request).await
    }

    /// Sends a hand-built request on a fresh connection and reads the whole answer; a server that
    /// does not answer within 10 s, or closes the connection instead, fails the test.
    pub(crate) async fn send(&self, request: RawRequest) -> RawResponse {
        tokio::time::timeout(Duration::from_secs(10), self.send_unbounded(request))
            .await
            .expect("no response within 10 s")
    }

    async fn send_unbounded(&self, raw: RawRequest) -> RawResponse {
        send_to(self.addr, raw).await
    }
}

/// Sends a hand-built request to `addr` on a fresh connection and reads the whole answer.
pub(crate) async fn send_to(addr: SocketAddr, raw: RawRequest) -> RawResponse {
    let stream = TcpStream::connect(addr).await.expect("connect to emulator");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(connection);

    let mut request = hyper::Request::builder()
        .method(raw.method.as_str())
        .uri(raw.path.as_str())
        .header("Host", addr.to_string());
    for (name, value) in &raw.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request
        .body(Full::new(Bytes::from(raw.body)))
        .expect("valid request");
    let response = sender.send_request(request).await.expect("send request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("read response body")
        .to_bytes();
    RawResponse {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).expect("UTF-8 response body"),
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// An SDK configuration for the emulator at `endpoint` (e.g. one in a container).
pub(crate) fn config_at(
    endpoint: &str,
    region: &str,
    access_key_id: &str,
    secret_access_key: &str,
) -> aws_sdk_secretsmanager::config::Builder {
    aws_sdk_secretsmanager::Config::builder()
        .behavior_version_latest()
        .endpoint_url(endpoint)
        .region(Region::new(region.to_owned()))
        .credentials_provider(Credentials::new(
            access_key_id,
            secret_access_key,
            None,
            None,
            "static",
        ))
        // `build_http` is the smithy client without TLS, which is all a loopback server needs.
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        // A failing server should fail the test at once, not after retries with backoff.
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(10))
                .build(),
        )
}

/// A request built by hand, for wire-level checks the SDK cannot make: any method, path, headers
/// and body bytes.
#[derive(Clone, Debug)]
pub(crate) struct RawRequest {
    pub method: String,
    pub path: String,
    /// In order; a name set twice is sent twice.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// `method path` with no headers (the `Host` header is added when sent) and no body.
    pub(crate) fn new(method: &str, path: &str) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `POST /` as `curl` sends an operation: JSON 1.1 content type and the `X-Amz-Target`,
    /// without `Authorization` (so default account and region).
    pub(crate) fn operation(target: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::new("POST", "/")
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", target)
            .body(body)
    }

    /// Adds a header, replacing any of the same name (case-insensitive).
    pub(crate) fn header(self, name: &str, value: &str) -> Self {
        let mut request = self.without_header(name);
        request.headers.push((name.to_owned(), value.to_owned()));
        request
    }

    pub(crate) fn without_header(mut self, name: &str) -> Self {
        self.headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        self
    }

    pub(crate) fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

/// A response as it came over the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl RawResponse {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("response body is not JSON ({e}): {:?}", self.body))
    }

    /// The JSON body of a successful (HTTP 200) response.
    #[track_caller]
    pub(crate) fn ok_json(&self) -> serde_json::Value {
        assert_eq!(self.status, 200, "{self:?}");
        self.json()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The error of a failed SDK call, after checking that it is a service error answered with HTTP 400
/// (AWS's status for every client error, ResourceNotFoundException included).
#[track_caller]
pub(crate) fn client_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) -> ErrorMetadata {
    let err = match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(err) => err,
    };
    let status = err.raw_response().map(|r| r.status().as_u16());
    let Some(service_error) = err.as_service_error() else {
        panic!("expected a service error, got {err:?}");
    };
    assert_eq!(status, Some(400), "HTTP status of {err:?}");
    service_error.meta().clone()
}

/// Asserts a call failed with exactly this error code and message.
#[track_caller]
pub(crate) fn assert_error<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
    code: &str,
    message: &str,
) {
    let meta = client_error(result);
    assert_eq!(
        (meta.code(), meta.message()),
        (Some(code), Some(message)),
        "error code and message"
    );
}

pub(crate) const SECRET_NOT_FOUND: &str = "Secrets Manager can't find the specified secret.";

/// Asserts a call failed as one on a secret that does not exist (or is not visible) does.
#[track_caller]
pub(crate) fn assert_secret_not_found<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) {
    assert_error(result, "ResourceNotFoundException", SECRET_NOT_FOUND);
}

/// Asserts a call failed as one on a secret scheduled for deletion does.
#[track_caller]
pub(crate) fn assert_marked_for_deletion<T: Debug, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) {
    assert_error(result, "InvalidRequestException", MARKED_FOR_DELETION);
}

/// AWS's refusal of another account's `secretsmanager:{action}` on the secret `arn` when no
/// resource policy allows it.
pub(crate) fn access_denied(caller_account: &str, action: &str, arn: &str) -> String {
    format!(
        "User: arn:aws:iam::{caller_account}:root is not authorized to perform: \
         secretsmanager:{action} on resource: {arn} because no resource-based policy allows the \
         secretsmanager:{action} action"
    )
}

/// AWS's refusal of CreateSecret for a name whose secret is scheduled for deletion.
pub(crate) const NAME_SCHEDULED_FOR_DELETION: &str = "You can't create this secret because a secret with \
                                               this name is already scheduled for deletion.";

pub(crate) const MARKED_FOR_DELETION: &str =
    "You can't perform this operation on the secret because it was marked for deletion.";

/// Seconds since the Unix epoch, now.
pub(crate) fn now_secs() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
}

/// Asserts `date` lies `days` days from now, give or take a minute (the test's own run time).
#[track_caller]
pub(crate) fn assert_days_from_now(date: Option<&DateTime>, days: f64) {
    let date = date.expect("date present").as_secs_f64();
    let expected = now_secs() + days * 86_400.0;
    assert!(
        (date - expected).abs() < 60.0,
        "expected about {days} days from now, got {:.0} s away",
        date - now_secs()
    );
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex digits.
pub(crate) fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The random part of a secret ARN: the 6 characters after the name's final `-`.
#[track_caller]
pub(crate) fn arn_suffix(arn: &str) -> &str {
    let (_, suffix) = arn.rsplit_once('-').expect("ARN ends in -suffix");
    assert!(
        suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric()),
        "ARN {arn} should end in - and 6 alphanumerics"
    );
    suffix
}

/// Asserts `arn` is a secret ARN for `name` in this region and account.
#[track_caller]
pub(crate) fn assert_secret_arn(arn: &str, region: &str, account: &str, name: &str) {
    let prefix = format!("arn:aws:secretsmanager:{region}:{account}:secret:{name}-");
    assert!(arn.starts_with(&prefix), "{arn} should start with {prefix}");
    assert_eq!(arn.len(), prefix.len() + 6, "{arn} has a 6-char suffix");
    arn_suffix(arn);
}

impl TestServer {
    /// A server and its default client. Bind the server as `_server` where the test does not
    /// use it again, not `_`: dropping it shuts it down.
    pub(crate) async fn with_client() -> (Self, Client) {
        let server = Self::start().await;
        let client = server.client();
        (server, client)
    }

    /// [`Self::with_client`], the default account already holding the string secret
    /// `name` = `value`.
    pub(crate) async fn with_secret(name: &str, value: &str) -> (Self, Client) {
        let (server, client) = Self::with_client().await;
        create_secret(&client, name, value).await;
        (server, client)
    }
}

/// Creates a string secret in the client's region and returns its ARN.
pub(crate) async fn create_secret(client: &Client, name: &str, value: &str) -> String {
    client
        .create_secret()
        .name(name)
        .secret_string(value)
        .send()
        .await
        .expect("create secret")
        .arn
        .expect("ARN in CreateSecret output")
}

/// Creates a string secret and returns the VersionId of its value (`token`, where one is given).
pub(crate) async fn create_version(
    client: &Client,
    name: &str,
    token: Option<&str>,
    value: &str,
) -> String {
    client
        .create_secret()
        .name(name)
        .set_client_request_token(token.map(str::to_owned))
        .secret_string(value)
        .send()
        .await
        .expect("create secret")
        .version_id
        .expect("VersionId in CreateSecret output")
}

/// The string value of the version holding `stage`.
pub(crate) async fn value_at_stage(client: &Client, secret_id: &str, stage: &str) -> String {
    client
        .get_secret_value()
        .secret_id(secret_id)
        .version_stage(stage)
        .send()
        .await
        .unwrap_or_else(|e| panic!("get {stage} value: {e:?}"))
        .secret_string
        .expect("SecretString in output")
}

/// The current string value of a secret.
pub(crate) async fn current_value(client: &Client, secret_id: &str) -> String {
    client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .expect("get secret value")
        .secret_string
        .expect("SecretString in output")
}

/// DescribeSecret, which must succeed.
pub(crate) async fn describe(
    client: &Client,
    secret_id: impl AsRef<str>,
) -> aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput {
    let secret_id = secret_id.as_ref();
    client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("describe {secret_id}: {e:?}"))
}

/// GetSecretValue of the current version, which must succeed.
pub(crate) async fn get_value(
    client: &Client,
    secret_id: impl AsRef<str>,
) -> aws_sdk_secretsmanager::operation::get_secret_value::GetSecretValueOutput {
    let secret_id = secret_id.as_ref();
    client
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("get the value of {secret_id}: {e:?}"))
}

/// DeleteSecret with the default recovery window, which must succeed.
pub(crate) async fn delete(
    client: &Client,
    secret_id: impl AsRef<str>,
) -> aws_sdk_secretsmanager::operation::delete_secret::DeleteSecretOutput {
    let secret_id = secret_id.as_ref();
    client
        .delete_secret()
        .secret_id(secret_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("delete {secret_id}: {e:?}"))
}

/// RestoreSecret, which must succeed.
pub(crate) async fn restore(
    client: &Client,
    secret_id: impl AsRef<str>,
) -> aws_sdk_secretsmanager::operation::restore_secret::RestoreSecretOutput {
    let secret_id = secret_id.as_ref();
    client
        .restore_secret()
        .secret_id(secret_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("restore {secret_id}: {e:?}"))
}

/// Every version id of a secret, unlabelled ones included, across pages, in listing order.
pub(crate) async fn all_version_ids(client: &Client, secret_id: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next_token = None;
    loop {
        let page = client
            .list_secret_version_ids()
            .secret_id(secret_id)
            .include_deprecated(true)
            .max_results(100)
            .set_next_token(next_token)
            .send()
            .await
            .expect("list versions");
        ids.extend(
            page.versions()
                .iter()
                .filter_map(|version| version.version_id().map(str::to_owned)),
        );
        next_token = page.next_token().map(str::to_owned);
        if next_token.is_none() {
            return ids;
        }
    }
}

// ----- Values, versions and labels (shared by the files of the operations that make them) --------

/// Puts a new value (which becomes AWSCURRENT) and returns its VersionId.
pub(crate) async fn put_value(client: &Client, secret_id: &str, value: &str) -> String {
    put_with_stages(client, secret_id, value, &[]).await
}

/// PutSecretValue with `token` as its ClientRequestToken; returns the VersionId.
pub(crate) async fn put(client: &Client, secret_id: &str, token: &str, value: &str) -> String {
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

/// A PutSecretValue request with these labels (none: the request has no VersionStages, so the
/// new version becomes AWSCURRENT).
pub(crate) fn put_request(
    client: &Client,
    secret_id: &str,
    value: &str,
    stages: &[&str],
) -> PutSecretValueFluentBuilder {
    stages.iter().fold(
        client
            .put_secret_value()
            .secret_id(secret_id)
            .secret_string(value),
        |request, stage| request.version_stages(*stage),
    )
}

/// [`put_request`], sent; returns the VersionId.
pub(crate) async fn put_with_stages(
    client: &Client,
    secret_id: &str,
    value: &str,
    stages: &[&str],
) -> String {
    put_request(client, secret_id, value, stages)
        .send()
        .await
        .expect("put secret value with stages")
        .version_id
        .expect("VersionId")
}

/// Every version ListSecretVersionIds returns (one page), deprecated ones too if asked.
pub(crate) async fn versions(
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
pub(crate) async fn stages_of(client: &Client, secret_id: &str, version_id: &str) -> Vec<String> {
    let mut stages = describe(client, secret_id)
        .await
        .version_ids_to_stages
        .unwrap_or_default()
        .remove(version_id)
        .unwrap_or_default();
    stages.sort();
    stages
}

// ----- Secrets' metadata, deletion and listing ------------------------------------------------------

/// DescribeSecret by raw request: the JSON answer, which must be a success.
pub(crate) async fn describe_raw(server: &TestServer, secret_id: &str) -> serde_json::Value {
    server
        .post_raw(
            "secretsmanager.DescribeSecret",
            &format!(r#"{{"SecretId":"{secret_id}"}}"#),
        )
        .await
        .ok_json()
}

/// CreateSecret by raw request (e.g. a string secret with a fixed token); returns its answer.
pub(crate) async fn create_raw(server: &TestServer, body: serde_json::Value) -> serde_json::Value {
    server.call("CreateSecret", body).await.ok_json()
}

/// DescribeSecret's LastChangedDate.
pub(crate) async fn last_changed_date(client: &Client, secret_id: &str) -> DateTime {
    describe(client, secret_id)
        .await
        .last_changed_date
        .expect("LastChangedDate")
}

/// DescribeSecret's LastChangedDate in epoch seconds.
pub(crate) async fn last_changed_secs(client: &Client, secret_id: &str) -> f64 {
    last_changed_date(client, secret_id).await.as_secs_f64()
}

/// Schedules the secret's deletion, with a 7-day recovery window.
pub(crate) async fn schedule_deletion(client: &Client, secret_id: &str) {
    client
        .delete_secret()
        .secret_id(secret_id)
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("schedule deletion");
}

/// Names of the secrets ListSecrets returns (one page is enough for a test's few secrets).
pub(crate) async fn listed_names(client: &Client, include_planned_deletion: bool) -> Vec<String> {
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

/// The names of listed (or batch-read) entries, in the order given; each must have one.
pub(crate) fn entry_names<'a>(entries: impl Iterator<Item = Option<&'a str>>) -> Vec<String> {
    entries.map(|name| name.expect("Name").to_owned()).collect()
}

/// A tag.
pub(crate) fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

/// A valid resource policy: account 123456789012 may read the secret's value.
pub(crate) const ACCOUNT_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

/// AWS's refusal of a secret id or name outside the characters a name may have.
pub(crate) const INVALID_NAME: &str = "Invalid name. Must be a valid name containing alphanumeric characters, \
                                or any of the following: -/_+=.@!";

// ----- Replication -----------------------------------------------------------------------------------

/// The region the replication tests put replicas in.
pub(crate) const REPLICA_REGION: &str = "eu-west-1";

/// AWS's refusal of a write to a replica.
pub(crate) const ON_REPLICA: &str =
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

/// A replica region entry for ReplicateSecretToRegions or CreateSecret.
pub(crate) fn region(name: &str) -> ReplicaRegionType {
    ReplicaRegionType::builder().region(name).build()
}

/// Replicates `secret_id` from the client's region to [`REPLICA_REGION`].
pub(crate) async fn replicate(client: &Client, secret_id: &str) -> ReplicateSecretToRegionsOutput {
    client
        .replicate_secret_to_regions()
        .secret_id(secret_id)
        .add_replica_regions(region(REPLICA_REGION))
        .send()
        .await
        .expect("replicate secret")
}

// ----- Raw JSON calls and wire-shape helpers (used by the replay_* files and others) ---------------

impl TestServer {
    /// Calls `operation` by raw request in the default account and region, with a JSON body.
    pub(crate) async fn call(&self, operation: &str, body: serde_json::Value) -> RawResponse {
        self.call_as(DEFAULT_REGION, "test", operation, body).await
    }

    /// [`Self::call`] signed for another region, or another account (a 12-digit access key id).
    pub(crate) async fn call_as(
        &self,
        region: &str,
        access_key_id: &str,
        operation: &str,
        body: serde_json::Value,
    ) -> RawResponse {
        self.post_raw_as(
            region,
            access_key_id,
            &format!("secretsmanager.{operation}"),
            &body.to_string(),
        )
        .await
    }
}

impl RawResponse {
    /// Asserts an HTTP 400 whose body is exactly `{"__type": code, "Message": message}`.
    #[track_caller]
    pub(crate) fn assert_error(&self, code: &str, message: &str) {
        assert_eq!(self.status, 400, "{self:?}");
        let body = self.json();
        assert_eq!(
            (body["__type"].as_str(), body["Message"].as_str()),
            (Some(code), Some(message)),
            "error of {body}"
        );
    }

    /// The member names of a successful JSON answer, sorted, as AWS's recordings list them.
    #[track_caller]
    pub(crate) fn ok_keys(&self) -> Vec<String> {
        sorted_keys(&self.ok_json())
    }
}

/// The member names of a JSON object, sorted.
#[track_caller]
pub(crate) fn sorted_keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("not a JSON object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// The members of GetSecretValue's answer for a string value (and of each of
/// BatchGetSecretValue's values), sorted.
pub(crate) const STRING_VALUE_MEMBERS: &[&str] = &[
    "ARN",
    "CreatedDate",
    "Name",
    "SecretString",
    "VersionId",
    "VersionStages",
];

/// `["b", "a"]` as owned strings, sorted: what a sorted key or label list is compared with.
pub(crate) fn sorted_strings(items: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|item| item.to_string()).collect();
    items.sort();
    items
}

/// The path of an external program that an end-to-end test drives (a browser, a container engine,
/// a database server, Terraform), found on `PATH`. A missing program fails the test: it never
/// skips. `.ci/run`, the README's test command, installs every such program first.
pub(crate) fn required_program(name: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("`{name}` is not installed (or not on PATH); `.ci/run` installs it and every other tool the tests drive")
        })
}

/// The Python interpreter of the venv `.ci/run` makes from `tests/python/requirements.txt`
/// (`EMULATOR_TEST_PYTHON`). Missing is a failure, never a skip.
pub(crate) fn test_python() -> std::path::PathBuf {
    std::env::var_os("EMULATOR_TEST_PYTHON")
        .map(std::path::PathBuf::from)
        .filter(|python| python.is_file())
        .unwrap_or_else(|| {
            panic!("EMULATOR_TEST_PYTHON is not set to a Python with tests/python/requirements.txt installed; `.ci/run` makes that venv")
        })
}
