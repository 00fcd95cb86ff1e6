//! The ceiling: the least a server must do to answer the benchmark's requests. It parses the
//! same AWS JSON 1.1 bodies with serde into structs, keeps secrets in a `HashMap` behind one
//! lock, and answers with the same shapes of JSON as Secrets Manager. What the emulator costs
//! beyond it is the price of its own work (validation, stages, request ids, ...).

mod shapes;
mod store;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use store::{Failure, Store};

/// Shared by all connections.
struct Server {
    store: RwLock<Store>,
    /// Request ids come from a counter: the cheapest unique id.
    requests: AtomicU64,
}

/// Serves on 127.0.0.1:`port` until killed, on a multi-threaded runtime like the emulator's.
pub fn serve_blocking(port: u16) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ceiling: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = match tokio::net::TcpListener::bind(address).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("ceiling: cannot listen on {address}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let server = Arc::new(Server {
            store: RwLock::new(Store::default()),
            requests: AtomicU64::new(0),
        });
        let app = Router::new()
            .route("/", post(dispatch))
            .route("/health", get(|| async { r#"{"status":"ok"}"# }))
            .with_state(server);
        match axum::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("ceiling: {error}");
                ExitCode::FAILURE
            }
        }
    })
}

async fn dispatch(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let operation = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .and_then(|target| target.strip_prefix("secretsmanager."))
        .unwrap_or_default();
    let result = match operation {
        "GetSecretValue" => parse(&body).and_then(|input| {
            let store = server
                .store
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            store
                .get_secret_value(&input)
                .and_then(|output| to_json(&output))
        }),
        "DescribeSecret" => parse(&body).and_then(|input| {
            let store = server
                .store
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            store
                .describe_secret(&input)
                .and_then(|output| to_json(&output))
        }),
        "ListSecrets" => parse(&body).and_then(|input| {
            let store = server
                .store
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            to_json(&store.list_secrets(&input))
        }),
        "CreateSecret" => parse(&body).and_then(|input| {
            let mut store = server
                .store
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            store
                .create_secret(input)
                .and_then(|output| to_json(&output))
        }),
        "PutSecretValue" => parse(&body).and_then(|input| {
            let mut store = server
                .store
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            store
                .put_secret_value(input)
                .and_then(|output| to_json(&output))
        }),
        _ => Err(Failure::UnknownOperation),
    };
    let request_id = server.requests.fetch_add(1, Ordering::Relaxed);
    let (status, body) = match result {
        Ok(body) => (StatusCode::OK, body),
        Err(failure) => (StatusCode::BAD_REQUEST, failure.to_json()),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    headers.insert("x-amzn-requestid", HeaderValue::from(request_id));
    response
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(|_| Failure::Serialization)
}

fn to_json(output: &impl Serialize) -> Result<Vec<u8>, Failure> {
    serde_json::to_vec(output).map_err(|_| Failure::Serialization)
}
