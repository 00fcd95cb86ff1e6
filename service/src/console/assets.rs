//! The console's page, script and style, embedded in the binary at build time.

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;

/// Where the console is served; the startup log prints it.
pub const PATH: &str = "/_emulator/console/";

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

pub(super) fn routes() -> Router {
    Router::new()
        .route(
            "/_emulator/console",
            get(|| async { Redirect::permanent(PATH) }),
        )
        .route(
            PATH,
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/_emulator/console/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/_emulator/console/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(CONTENT_TYPE, content_type)], body)
}
