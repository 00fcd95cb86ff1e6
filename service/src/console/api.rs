//! What the console's script calls, under `/_emulator/console/api/`. Changes go through
//! `generated::dispatch`, the AWS API's own path, for the account and region the console shows.

use crate::admin;
use crate::state::Emulator;
use crate::store::PartitionKey;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use generated::Operation;
use runtime::{RequestContext, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const ACCOUNT_HEADER: &str = "x-emulator-account";
const REGION_HEADER: &str = "x-emulator-region";

pub(super) fn routes(emulator: Arc<Emulator>) -> Router {
    Router::new()
        .route("/_emulator/console/api/state", get(state))
        .route("/_emulator/console/api/clock", post(admin::move_clock))
        .route("/_emulator/console/api/reset", post(admin::reset))
        .route("/_emulator/console/api/history", post(history))
        .route("/_emulator/console/api/op/{operation}", post(operation))
        .layer(axum::extract::DefaultBodyLimit::max(
            runtime::MAX_BODY_BYTES,
        ))
        .with_state(emulator)
}

async fn state(State(emulator): State<Arc<Emulator>>) -> Response {
    Json(emulator.state()).into_response()
}

/// Runs the AWS operation named in the path for the partition the headers name, exactly as
/// `POST /` with that `X-Amz-Target` would.
async fn operation(
    State(emulator): State<Arc<Emulator>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(operation) = Operation::ALL.iter().find(|op| op.name() == name) else {
        return refused(format!("No operation {name:?}."));
    };
    let ctx = match context(&headers) {
        Ok(ctx) => ctx,
        Err(message) => return refused(message),
    };
    generated::dispatch(&*emulator, *operation, ctx, &body).await
}

/// The account and region the console shows, from its headers.
fn context(headers: &HeaderMap) -> Result<RequestContext, String> {
    let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
    let account = header(ACCOUNT_HEADER).unwrap_or("000000000000");
    let region = header(REGION_HEADER).unwrap_or("us-east-1");
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The account must be 12 digits.".to_owned());
    }
    let region_ok = (1..=32).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !region_ok {
        return Err("The region must be lowercase letters, digits and dashes.".to_owned());
    }
    Ok(RequestContext::new(
        uuid::Uuid::new_v4().to_string(),
        region,
        account,
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct HistoryRequest {
    secret_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HistoryMove {
    at: Timestamp,
    stage: String,
    from: Option<String>,
    to: Option<String>,
}

/// How the secret's labels moved, oldest first (versions and their labels now come from
/// ListSecretVersionIds), and what the last rotation's steps did.
async fn history(
    State(emulator): State<Arc<Emulator>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let ctx = match context(&headers) {
        Ok(ctx) => ctx,
        Err(message) => return refused(message),
    };
    let Ok(request) = serde_json::from_slice::<HistoryRequest>(&body) else {
        return refused("Expected {\"SecretId\": \"...\"}.".to_owned());
    };
    let now = emulator.clock.now();
    let partitions = emulator.store.read();
    let key = PartitionKey::of(&ctx);
    let found = partitions
        .get(&key)
        .and_then(|partition| partition.find(&key, &request.secret_id, now));
    let Some(secret) = found else {
        return (StatusCode::NOT_FOUND, "No such secret.").into_response();
    };
    let moves: Vec<HistoryMove> = secret
        .stage_history
        .moves()
        .map(|record| HistoryMove {
            at: record.at,
            stage: record.stage.clone(),
            from: record.from.clone(),
            to: record.to.clone(),
        })
        .collect();
    // The last rotation through a rotation function, step by step (none without one).
    let last_rotation = secret.rotation.last_run.as_ref();
    Json(serde_json::json!({ "now": now, "moves": moves, "lastRotation": last_rotation }))
        .into_response()
}

fn refused(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_partition_comes_from_checked_headers() {
        let mut headers = HeaderMap::new();
        let ctx = context(&headers).unwrap();
        assert_eq!(
            (ctx.account_id.as_str(), ctx.region.as_str()),
            ("000000000000", "us-east-1")
        );
        headers.insert(ACCOUNT_HEADER, HeaderValue::from_static("111122223333"));
        headers.insert(REGION_HEADER, HeaderValue::from_static("eu-west-1"));
        let ctx = context(&headers).unwrap();
        assert_eq!(
            (ctx.account_id.as_str(), ctx.region.as_str()),
            ("111122223333", "eu-west-1")
        );
        headers.insert(REGION_HEADER, HeaderValue::from_static("EU WEST"));
        assert!(context(&headers).is_err());
        headers.insert(ACCOUNT_HEADER, HeaderValue::from_static("12"));
        assert!(context(&headers).is_err());
    }

    #[tokio::test]
    async fn the_history_carries_the_last_rotations_steps() {
        use crate::rotation_record::{LastRotation, RotationOutcome, StepRecord};
        use crate::secret::Secret;
        use http_body_util::BodyExt;

        let emulator = Arc::new(Emulator::new());
        let now = emulator.clock.now();
        let mut secret = Secret::new("db".into(), "arn:db".into(), now);
        let step = |name: &str, error: Option<&str>| StepRecord {
            step: name.into(),
            succeeded: error.is_none(),
            duration_millis: 7,
            error: error.map(str::to_owned),
        };
        secret.rotation.last_run = Some(Box::new(LastRotation {
            version_id: "v2".into(),
            function: "arn:aws:lambda:us-east-1:000000000000:function:rotator".into(),
            trigger: "RotateSecret".into(),
            started: now,
            outcome: RotationOutcome::Failed,
            reason: Some("setSecret failed".into()),
            steps: vec![
                step("createSecret", None),
                step("setSecret", Some("function error (Unhandled)")),
            ],
        }));
        emulator
            .store
            .write()
            .entry(&PartitionKey::new("000000000000", "us-east-1"))
            .insert(secret);

        let response = history(
            State(Arc::clone(&emulator)),
            HeaderMap::new(),
            Bytes::from_static(br#"{"SecretId":"db"}"#),
        )
        .await;
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let history: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let last = &history["lastRotation"];
        assert_eq!(last["outcome"], "failed");
        assert_eq!(last["reason"], "setSecret failed");
        let steps: Vec<(&str, bool)> = last["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| (step["step"].as_str().unwrap(), step["succeeded"] == true))
            .collect();
        assert_eq!(steps, [("createSecret", true), ("setSecret", false)]);
        assert_eq!(last["steps"][1]["error"], "function error (Unhandled)");
    }
}
