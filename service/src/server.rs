//! The HTTP server: the generated AWS JSON router, optional signature checks, a health endpoint,
//! the admin API; and, while it serves, the background task that lets time pass.

use crate::admin;
use crate::background::Ticker;
use crate::drop_in::{self, DropInOptions};
use crate::not_found_hint;
use crate::state::Emulator;
use axum::Json;
use axum::Router;
use axum::routing::get;
use generated::Operation;
use runtime::sigv4::{Credentials, require_signature};
use std::future::Future;
use std::sync::Arc;

/// How the HTTP API is served.
#[derive(Clone, Debug, Default)]
pub struct ServerOptions {
    /// When set, requests must carry a valid SigV4 signature made with one of these key pairs.
    pub verify_signatures: Option<Credentials>,
    /// LocalStack's readiness routes and the Secrets Manager Agent endpoint.
    pub drop_in: DropInOptions,
}

/// The emulator's HTTP API with the default options (no signature checks).
pub fn app(emulator: Arc<Emulator>) -> Router {
    app_with(emulator, &ServerOptions::default())
}

pub fn app_with(emulator: Arc<Emulator>, options: &ServerOptions) -> Router {
    let api = generated::router(Arc::clone(&emulator));
    let api = not_found_hint::layer(api, Arc::clone(&emulator));
    let api = match &options.verify_signatures {
        Some(credentials) => api.layer(axum::middleware::from_fn_with_state(
            Arc::new(credentials.clone()),
            require_signature,
        )),
        None => api,
    };
    // Added after the signature layer: health checks and the admin API need no credentials.
    api.route("/health", get(health))
        .merge(drop_in::routes(Arc::clone(&emulator), &options.drop_in))
        .merge(admin::routes(emulator))
}

/// Serves the emulator's HTTP API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: Arc<Emulator>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_app(listener, app(Arc::clone(&emulator)), emulator, shutdown).await
}

/// Serves `app` (built on `emulator`) on `listener` until `shutdown` completes, purging and
/// rotating what becomes due in `emulator` meanwhile.
pub async fn serve_app(
    listener: tokio::net::TcpListener,
    app: Router,
    emulator: Arc<Emulator>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Dropped (and so stopped) when serving ends, however it ends.
    let _ticker = Ticker::start(emulator);
    axum::serve(listener, app)
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
