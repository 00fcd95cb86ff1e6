//! The Secrets Manager Agent / Parameters and Secrets Lambda Extension endpoint: the agent's
//! paths, parameters, token rules, status codes and answer shapes, over the emulator's own
//! GetSecretValue; on the main port and on a listener of its own.

mod common;

use common::{RawRequest, RawResponse, TestServer, send_to};
use service::agent::AgentOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "X-Aws-Parameters-Secrets-Token";

async fn get(address: SocketAddr, path: &str, token: Option<&str>) -> RawResponse {
    let mut request = RawRequest::new("GET", path);
    if let Some(token) = token {
        request = request.header(TOKEN, token);
    }
    tokio::time::timeout(Duration::from_secs(10), send_to(address, request))
        .await
        .expect("an answer within 10 s")
}

fn address_of(server: &TestServer) -> SocketAddr {
    server
        .endpoint
        .trim_start_matches("http://")
        .parse()
        .expect("the server's address")
}

#[tokio::test]
async fn the_lambda_extension_request_gets_get_secret_value_json() {
    let (server, client) = TestServer::with_client().await;
    let arn = common::create_secret(&client, "app/db", "first").await;
    client
        .put_secret_value()
        .secret_id("app/db")
        .secret_string("second")
        .send()
        .await
        .expect("PutSecretValue");
    let address = address_of(&server);

    let current = get(address, "/secretsmanager/get?secretId=app%2Fdb", Some("t")).await;
    let body = current.ok_json();
    assert_eq!(body["ARN"], arn);
    assert_eq!(body["Name"], "app/db");
    assert_eq!(body["SecretString"], "second");
    assert_eq!(body["VersionStages"], serde_json::json!(["AWSCURRENT"]));
    // The agent sends CreatedDate as a string of epoch seconds.
    let created: f64 = body["CreatedDate"]
        .as_str()
        .expect("CreatedDate as a string")
        .parse()
        .expect("epoch seconds");
    assert!((created - common::now_secs()).abs() < 600.0, "{created}");

    let previous = get(
        address,
        &format!(
            "/secretsmanager/get?secretId={}&versionStage=AWSPREVIOUS",
            arn
        ),
        Some("t"),
    )
    .await;
    assert_eq!(previous.ok_json()["SecretString"], "first");
    let version_id = body["VersionId"].as_str().unwrap();
    let by_version = get(
        address,
        &format!("/v1/app%2Fdb?versionId={version_id}&refreshNow=true"),
        Some("t"),
    )
    .await;
    assert_eq!(by_version.ok_json()["SecretString"], "second");
}

#[tokio::test]
async fn refusals_and_errors_are_the_agents() {
    let server = TestServer::start().await;
    let address = address_of(&server);
    let cases: [(&str, Option<&str>, u16, &str); 5] = [
        ("/secretsmanager/get?secretId=a", None, 403, "Bad Token"),
        ("/secretsmanager/get?secretId=a", Some(""), 403, "Bad Token"),
        (
            "/secretsmanager/get",
            Some("t"),
            400,
            "missing parameter secretId",
        ),
        (
            "/secretsmanager/get?secretId=a&x=1",
            Some("t"),
            400,
            "unknown parameter: x",
        ),
        (
            "/secretsmanager/get?secretId=a&refreshNow=soon",
            Some("t"),
            400,
            "invalid refreshNow value",
        ),
    ];
    for (path, token, status, text) in cases {
        let response = get(address, path, token).await;
        assert_eq!(
            (response.status, response.body.as_str()),
            (status, text),
            "{path}"
        );
    }
    let forwarded = send_to(
        address,
        RawRequest::new("GET", "/secretsmanager/get?secretId=a")
            .header(TOKEN, "t")
            .header("X-Forwarded-For", "10.0.0.1"),
    )
    .await;
    assert_eq!(
        (forwarded.status, forwarded.body.as_str()),
        (400, "Forwarded")
    );
    let posted = send_to(
        address,
        RawRequest::new("POST", "/secretsmanager/get?secretId=a").header("X-Vault-Token", "t"),
    )
    .await;
    assert_eq!((posted.status, posted.body.as_str()), (405, "Not allowed"));

    let missing = get(address, "/secretsmanager/get?secretId=nothing", Some("t")).await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json(),
        serde_json::json!({
            "__type": "ResourceNotFoundException",
            "message": "Secrets Manager can't find the specified secret."
        })
    );
}

#[tokio::test]
async fn its_own_listener_checks_the_configured_token_and_answers_ping() {
    let server = TestServer::start().await;
    common::create_secret(&server.client_for("eu-west-1", "test"), "app/db", "value").await;
    let options = AgentOptions {
        token: Some("s3cret-token".to_owned()),
        region: Some("eu-west-1".to_owned()),
    };
    let app = service::agent::app(Arc::clone(server.emulator()), options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let ping = get(address, "/ping", None).await;
    assert_eq!((ping.status, ping.body.as_str()), (200, "healthy"));
    let wrong = get(
        address,
        "/secretsmanager/get?secretId=app/db",
        Some("other"),
    )
    .await;
    assert_eq!((wrong.status, wrong.body.as_str()), (403, "Bad Token"));
    let read = get(
        address,
        "/secretsmanager/get?secretId=app/db",
        Some("s3cret-token"),
    )
    .await;
    assert_eq!(read.ok_json()["SecretString"], "value");
    let elsewhere = get(address, "/elsewhere", Some("s3cret-token")).await;
    assert_eq!(
        (elsewhere.status, elsewhere.body.as_str()),
        (404, "Not found")
    );
}
