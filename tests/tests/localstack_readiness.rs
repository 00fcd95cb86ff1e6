//! What tools written for LocalStack wait on: its health and init endpoints, in its shapes.
//! (The `Ready.` line, GATEWAY_LISTEN and the init directory are proved on the container image,
//! in `container_image.rs` and `localstack_testcontainers.rs`.)

mod common;

use common::{RawRequest, TestServer};
use serde_json::json;

async fn get(server: &TestServer, path: &str) -> common::RawResponse {
    server.send(RawRequest::new("GET", path)).await
}

#[tokio::test]
async fn health_reports_secretsmanager_running_in_localstacks_shape() {
    let server = TestServer::start().await;
    let health = get(&server, "/_localstack/health").await.ok_json();
    assert_eq!(health["services"], json!({ "secretsmanager": "running" }));
    assert!(health["edition"].is_string(), "{health}");
    assert!(health["version"].is_string(), "{health}");
}

#[tokio::test]
async fn init_stages_are_complete_and_unknown_stages_are_not_found() {
    let server = TestServer::start().await;
    let init = get(&server, "/_localstack/init").await.ok_json();
    assert_eq!(
        init,
        json!({
            "completed": { "BOOT": true, "START": true, "READY": true, "SHUTDOWN": false },
            "scripts": []
        })
    );
    let ready = get(&server, "/_localstack/init/ready").await.ok_json();
    assert_eq!(ready, json!({ "completed": true, "scripts": [] }));
    assert_eq!(get(&server, "/_localstack/init/later").await.status, 404);
}
