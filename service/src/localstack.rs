//! What tools written for LocalStack wait on and read, so that they take the emulator for a
//! LocalStack with one service: `GET /_localstack/health`, `GET /_localstack/init` and
//! `GET /_localstack/init/{stage}` in LocalStack's shapes, and its `GATEWAY_LISTEN`, `LS_LOG`
//! and `DEBUG` settings.
//! (The `Ready.` log line is printed by the binary once it listens.)

use crate::init_dir::InitFile;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::Arc;

/// LocalStack's lifecycle stages. Start-up work (seeding, the init directory) is done before the
/// server listens, so every stage but SHUTDOWN is complete whenever these routes can answer.
const STAGES: [(&str, bool); 4] = [
    ("BOOT", true),
    ("START", true),
    ("READY", true),
    ("SHUTDOWN", false),
];

/// The LocalStack routes; `init_files` are what the init directory held.
pub fn routes(init_files: Vec<InitFile>) -> Router {
    Router::new()
        .route("/_localstack/health", get(health))
        .route("/_localstack/init", get(init))
        .route("/_localstack/init/{stage}", get(init_stage))
        .with_state(Arc::new(init_files))
}

async fn health() -> Json<Value> {
    Json(json!({
        "services": { "secretsmanager": "running" },
        "edition": "community",
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

async fn init(State(files): State<Arc<Vec<InitFile>>>) -> Json<Value> {
    let completed: serde_json::Map<String, Value> = STAGES
        .iter()
        .map(|(stage, done)| ((*stage).to_owned(), Value::Bool(*done)))
        .collect();
    Json(json!({ "completed": completed, "scripts": scripts(&files) }))
}

async fn init_stage(
    State(files): State<Arc<Vec<InitFile>>>,
    Path(stage): Path<String>,
) -> Response {
    let stage = stage.to_ascii_uppercase();
    let Some((_, done)) = STAGES.iter().find(|(name, _)| *name == stage) else {
        return (StatusCode::NOT_FOUND, format!("no such stage {stage}")).into_response();
    };
    // The init directory is READY's (LocalStack's ready.d).
    let scripts = if stage == "READY" {
        scripts(&files)
    } else {
        Vec::new()
    };
    Json(json!({ "completed": done, "scripts": scripts })).into_response()
}

fn scripts(files: &[InitFile]) -> Vec<Value> {
    files
        .iter()
        .map(|file| {
            json!({
                "stage": "READY",
                "name": file.name,
                "state": if file.loaded { "SUCCESSFUL" } else { "ERROR" },
            })
        })
        .collect()
}

/// LocalStack's `GATEWAY_LISTEN`: `[HOST]:PORT[,…]`. The first address is used (a missing host
/// is 0.0.0.0, as in LocalStack's container); `None` when it is not of that form.
pub fn gateway_listen(value: &str) -> Option<(String, u16)> {
    let first = value.split(',').next()?.trim();
    let (host, port) = first.rsplit_once(':')?;
    let port = port.parse().ok()?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = if host.is_empty() { "0.0.0.0" } else { host };
    Some((host.to_owned(), port))
}

/// LocalStack's log settings, read from the environment: see [`log_level`].
pub fn log_level_from_environment() -> Option<String> {
    let ls_log = std::env::var("LS_LOG").ok();
    let debug = std::env::var("DEBUG").ok();
    log_level(ls_log.as_deref(), debug.as_deref())
}

/// LocalStack's `LS_LOG` (`trace`, `trace-internal`, `debug`, `info`, `warn`/`warning`, `error`)
/// as a log filter, else `debug` for `DEBUG=1`; `None` when neither says anything.
pub fn log_level(ls_log: Option<&str>, debug: Option<&str>) -> Option<String> {
    let from_ls_log = match ls_log.map(str::trim) {
        Some("trace" | "trace-internal") => Some("trace"),
        Some("debug") => Some("debug"),
        Some("info") => Some("info"),
        Some("warn" | "warning") => Some("warn"),
        Some("error") => Some("error"),
        _ => None,
    };
    let from_debug = matches!(debug.map(str::trim), Some("1" | "true")).then_some("debug");
    from_ls_log.or(from_debug).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_listen_takes_the_first_host_and_port() {
        assert_eq!(gateway_listen(":4566"), Some(("0.0.0.0".to_owned(), 4566)));
        assert_eq!(
            gateway_listen("127.0.0.1:5000,0.0.0.0:443"),
            Some(("127.0.0.1".to_owned(), 5000))
        );
        assert_eq!(gateway_listen("[::]:4566"), Some(("::".to_owned(), 4566)));
        assert_eq!(gateway_listen("4566"), None);
        assert_eq!(gateway_listen("0.0.0.0:http"), None);
    }

    #[test]
    fn ls_log_and_debug_choose_the_log_level() {
        assert_eq!(
            log_level(Some("trace-internal"), None).as_deref(),
            Some("trace")
        );
        assert_eq!(
            log_level(Some("warning"), Some("1")).as_deref(),
            Some("warn")
        );
        assert_eq!(log_level(None, Some("1")).as_deref(), Some("debug"));
        assert_eq!(log_level(Some("loud"), Some("0")), None);
        assert_eq!(log_level(None, None), None);
    }
}
