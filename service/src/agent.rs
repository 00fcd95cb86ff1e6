//! The local endpoint of the AWS Secrets Manager Agent and of the AWS Parameters and Secrets
//! Lambda Extension, so that application code written for them runs unchanged against the
//! emulator: `GET /secretsmanager/get?secretId=…&versionId=…&versionStage=…&refreshNow=…`, or
//! the path style `GET /v1/{secretId}?…`, with the token in `X-Aws-Parameters-Secrets-Token`
//! (or `X-Vault-Token`).
//!
//! As the agent answers: the value as GetSecretValue's members in JSON (with `CreatedDate` as a
//! string of epoch seconds); a Secrets Manager error as `{"__type": …, "message": …}` with its
//! status; its own refusals as plain text: 400 `Forwarded` (an `X-Forwarded-For` header), 403
//! `Bad Token`, 405 `Not allowed` (not GET), 400 for a bad query, 404 `Not found`; `GET /ping`
//! answers `healthy` without a token. The value comes from the emulator's own GetSecretValue.

use crate::arn::SecretArn;
use crate::state::Emulator;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::any;
use generated::SecretsManagerHandler;
use runtime::{
    Blob, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, OperationError, RequestContext, Timestamp,
};
use serde::Serialize;
use std::sync::Arc;

/// The headers the agent reads its token from, in its order.
const TOKEN_HEADERS: [&str; 2] = ["x-aws-parameters-secrets-token", "x-vault-token"];
/// The agent's prefix for path-style requests.
const PATH_PREFIX: &str = "/v1/";

/// How the agent endpoint checks tokens and routes requests.
#[derive(Clone, Debug, Default)]
pub struct AgentOptions {
    /// The token requests must carry; `None` accepts any non-empty token.
    pub token: Option<String>,
    /// The region reads go to unless the secret id is an ARN (the agent's SDK region).
    pub region: Option<String>,
}

/// The agent's read paths, for the emulator's main port.
pub fn routes(emulator: Arc<Emulator>, options: AgentOptions) -> Router {
    Router::new()
        .route("/secretsmanager/get", any(serve))
        .route("/v1/{*secret_id}", any(serve))
        .with_state(Arc::new(Agent { emulator, options }))
}

/// Everything the agent serves, for a listener of its own (`--agent-port`).
pub fn app(emulator: Arc<Emulator>, options: AgentOptions) -> Router {
    Router::new()
        .fallback(serve)
        .with_state(Arc::new(Agent { emulator, options }))
}

/// Binds `address` and serves the agent endpoint there (the `--agent-port` listener) for as
/// long as the process runs.
pub async fn spawn_listener(
    address: &str,
    emulator: Arc<Emulator>,
    options: AgentOptions,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    let local = listener.local_addr()?;
    tracing::info!("Secrets Manager Agent endpoint listening on http://{local}");
    tokio::spawn(async move { axum::serve(listener, app(emulator, options)).await });
    Ok(())
}

/// The region an AWS SDK (and so the agent) in this environment would use.
pub fn sdk_region_from_environment() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|region| !region.is_empty()))
}

struct Agent {
    emulator: Arc<Emulator>,
    options: AgentOptions,
}

/// A refusal or failure: the status and the body the agent sends.
struct Refusal(StatusCode, String);

impl Refusal {
    fn text(status: StatusCode, text: &str) -> Self {
        Self(status, text.to_owned())
    }
}

async fn serve(State(agent): State<Arc<Agent>>, request: Request) -> Response {
    // The request is only read before the await: its body is not `Sync`.
    let result = match agent.read_of(&request) {
        Ok(None) => Ok("healthy".to_owned()),
        Ok(Some(read)) => agent.get_secret_value(read).await,
        Err(refusal) => Err(refusal),
    };
    let (status, body) = match result {
        Ok(body) => (StatusCode::OK, body),
        Err(Refusal(status, body)) => (status, body),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
}

impl Agent {
    /// The read a request asks for, after the agent's checks in the agent's order; `None` for
    /// its health check, `GET /ping`, which needs no token.
    fn read_of(&self, request: &Request) -> Result<Option<Read>, Refusal> {
        let path = request.uri().path();
        if path == "/ping" {
            return Ok(None);
        }
        self.check_token(request.headers())?;
        if request.method() != Method::GET {
            return Err(Refusal::text(StatusCode::METHOD_NOT_ALLOWED, "Not allowed"));
        }
        let query = request.uri().query().unwrap_or_default();
        if path == "/secretsmanager/get" {
            Read::from_query(None, query).map(Some)
        } else if let Some(secret_id) = path.strip_prefix(PATH_PREFIX) {
            Read::from_query(Some(decode_path(secret_id)), query).map(Some)
        } else {
            Err(Refusal::text(StatusCode::NOT_FOUND, "Not found"))
        }
    }

    /// The agent's SSRF defence: no forwarded requests, and the token in one of its headers.
    fn check_token(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        if headers.contains_key("x-forwarded-for") {
            return Err(Refusal::text(StatusCode::BAD_REQUEST, "Forwarded"));
        }
        let accepted = TOKEN_HEADERS
            .iter()
            .filter_map(|name| headers.get(*name))
            .any(|value| match &self.options.token {
                Some(token) => value.as_bytes() == token.as_bytes(),
                None => !value.is_empty(),
            });
        if accepted {
            Ok(())
        } else {
            Err(Refusal::text(StatusCode::FORBIDDEN, "Bad Token"))
        }
    }

    /// Runs the emulator's GetSecretValue, with its input checked as the AWS API checks it.
    async fn get_secret_value(&self, read: Read) -> Result<String, Refusal> {
        let (region, account_id) = route_secret_id(&read.secret_id, self.options.region.as_deref());
        let ctx = RequestContext::new(uuid::Uuid::new_v4().to_string(), region, account_id);
        // The agent's query, as GetSecretValue's input, decoded and checked exactly as the AWS
        // API decodes and checks a request body.
        let mut body = serde_json::Map::new();
        body.insert("SecretId".into(), read.secret_id.clone().into());
        if let Some(version_id) = &read.version_id {
            body.insert("VersionId".into(), version_id.clone().into());
        }
        if let Some(version_stage) = &read.version_stage {
            body.insert("VersionStage".into(), version_stage.clone().into());
        }
        let input = serde_json::to_vec(&body)
            .map_err(|_| internal_failure())
            .and_then(|body| {
                runtime::decode::<generated::GetSecretValueRequest>(&body).map_err(|error| {
                    service_error(
                        StatusCode::BAD_REQUEST,
                        error.type_name(),
                        &error.to_string(),
                    )
                })
            })?;
        match self.emulator.get_secret_value(ctx, input).await {
            Ok(output) => serde_json::to_string(&AgentValue {
                arn: output.arn,
                name: output.name,
                version_id: output.version_id,
                secret_string: output.secret_string,
                secret_binary: output.secret_binary,
                version_stages: output.version_stages,
                created_date: output.created_date.map(epoch_seconds),
            })
            .map_err(|_| internal_failure()),
            Err(error) => {
                let status = if error.type_name() == "InternalServiceError" {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::BAD_REQUEST
                };
                Err(service_error(
                    status,
                    error.type_name(),
                    error.message().unwrap_or_default(),
                ))
            }
        }
    }
}

/// The region and account a read goes to: an ARN's own, otherwise the agent's region (as its
/// SDK would use) in the default account.
fn route_secret_id(secret_id: &str, region: Option<&str>) -> (String, String) {
    match SecretArn::parse(secret_id) {
        Some(arn) => (arn.region.to_owned(), arn.account_id.to_owned()),
        None => (
            region.unwrap_or(DEFAULT_REGION).to_owned(),
            DEFAULT_ACCOUNT_ID.to_owned(),
        ),
    }
}

/// One read: what the query (and, path style, the path) asked for.
struct Read {
    secret_id: String,
    version_id: Option<String>,
    version_stage: Option<String>,
}

impl Read {
    /// The agent's query rules: only its four parameters, `secretId` required (in the query
    /// unless the path names the secret), `refreshNow` a boolean (the emulator has no cache).
    fn from_query(path_secret_id: Option<String>, query: &str) -> Result<Self, Refusal> {
        let path_style = path_secret_id.is_some();
        let mut read = Read {
            secret_id: path_secret_id.unwrap_or_default(),
            version_id: None,
            version_stage: None,
        };
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*name {
                "secretId" if !path_style => read.secret_id = value.into_owned(),
                "versionId" => read.version_id = Some(value.into_owned()),
                "versionStage" => read.version_stage = Some(value.into_owned()),
                "refreshNow" => check_refresh_now(&value)?,
                other => {
                    return Err(Refusal(
                        StatusCode::BAD_REQUEST,
                        format!("unknown parameter: {other}"),
                    ));
                }
            }
        }
        if read.secret_id.is_empty() {
            let text = if path_style {
                "missing secret ID"
            } else {
                "missing parameter secretId"
            };
            return Err(Refusal::text(StatusCode::BAD_REQUEST, text));
        }
        Ok(read)
    }
}

fn check_refresh_now(value: &str) -> Result<(), Refusal> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "false" | "0" => Ok(()),
        _ => Err(Refusal::text(
            StatusCode::BAD_REQUEST,
            "invalid refreshNow value",
        )),
    }
}

fn decode_path(secret_id: &str) -> String {
    percent_encoding::percent_decode_str(secret_id)
        .decode_utf8_lossy()
        .into_owned()
}

/// GetSecretValue's answer as the agent serializes it.
#[derive(Serialize)]
struct AgentValue {
    #[serde(rename = "ARN")]
    arn: Option<String>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "VersionId")]
    version_id: Option<String>,
    #[serde(rename = "SecretString", skip_serializing_if = "Option::is_none")]
    secret_string: Option<String>,
    #[serde(rename = "SecretBinary", skip_serializing_if = "Option::is_none")]
    secret_binary: Option<Blob>,
    #[serde(rename = "VersionStages", skip_serializing_if = "Option::is_none")]
    version_stages: Option<Vec<String>>,
    #[serde(rename = "CreatedDate")]
    created_date: Option<String>,
}

/// `1523477145.713`: epoch seconds with their fraction, as a string (the agent's format).
fn epoch_seconds(time: Timestamp) -> String {
    (time.epoch_millis() as f64 / 1000.0).to_string()
}

/// A Secrets Manager error in the agent's JSON.
fn service_error(status: StatusCode, type_name: &str, message: &str) -> Refusal {
    if message.is_empty() {
        return internal_failure();
    }
    let body = serde_json::json!({ "__type": type_name, "message": message });
    Refusal(status, body.to_string())
}

fn internal_failure() -> Refusal {
    Refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        r#"{"__type":"InternalFailure"}"#.to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_follow_the_agents_rules() {
        let read = Read::from_query(None, "secretId=app%2Fdb&versionStage=AWSPREVIOUS").ok();
        let read = read.expect("a valid query");
        assert_eq!(read.secret_id, "app/db");
        assert_eq!(read.version_stage.as_deref(), Some("AWSPREVIOUS"));
        let refusal = |path: Option<&str>, query: &str| match Read::from_query(
            path.map(str::to_owned),
            query,
        ) {
            Ok(_) => panic!("{query} was accepted"),
            Err(Refusal(status, text)) => (status.as_u16(), text),
        };
        assert_eq!(
            refusal(None, "versionStage=AWSCURRENT"),
            (400, "missing parameter secretId".to_owned())
        );
        assert_eq!(
            refusal(None, "secretId=a&colour=blue"),
            (400, "unknown parameter: colour".to_owned())
        );
        assert_eq!(
            refusal(None, "secretId=a&refreshNow=maybe"),
            (400, "invalid refreshNow value".to_owned())
        );
        assert_eq!(
            refusal(Some("a"), "secretId=b"),
            (400, "unknown parameter: secretId".to_owned())
        );
        assert_eq!(refusal(Some(""), ""), (400, "missing secret ID".to_owned()));
    }

    #[test]
    fn created_date_is_a_string_of_epoch_seconds() {
        assert_eq!(
            epoch_seconds(Timestamp::from_epoch_millis(1_569_534_789_046)),
            "1569534789.046"
        );
        assert_eq!(
            epoch_seconds(Timestamp::from_epoch_millis(1_569_534_789_000)),
            "1569534789"
        );
    }
}
