//! The HTTP server: the generated AWS JSON router plus a health endpoint.

use crate::emulator::Emulator;
use axum::Json;
use axum::Router;
use axum::routing::get;
use generated::Operation;
use std::future::Future;
use std::sync::Arc;

/// The emulator's full HTTP API.
pub fn app(emulator: Arc<Emulator>) -> Router {
    generated::router(emulator).route("/health", get(health))
}

/// Serves the emulator's HTTP API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: Arc<Emulator>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(emulator))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn health() -> Json<serde_json::Value> {
    let operations: Vec<&str> = Operation::ALL
        .iter()
        .map(|operation| operation.name())
        .collect();
    Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "operations": operations,
    }))
}
