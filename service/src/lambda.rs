//! Calling the user's rotation function through a Lambda Invoke API (`sam local start-lambda`,
//! LocalStack's Lambda, the runtime interface emulator container, or any host of the same API):
//! `POST {endpoint}/2015-03-31/functions/{name}/invocations`, synchronously
//! (`X-Amz-Invocation-Type: RequestResponse`), with plain HTTP/1.1 on a fresh connection.
//!
//! An invocation either succeeded, failed inside the function (`X-Amz-Function-Error`, a non-2xx
//! status, or no answer within the timeout), or never reached a function (nothing listens, or
//! the host does not know the function). The payload a function answers with is never logged.

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Uri;
use hyper_util::rt::TokioIo;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long an invocation may take when the flags do not say (a rotation function that talks to a
/// database is usually done in seconds; AWS lets a Lambda run up to 15 minutes).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where rotation functions are invoked, from `--lambda-endpoint`, `--lambda-function` and
/// `--lambda-timeout`.
#[derive(Clone, Debug)]
pub struct LambdaConfig {
    /// Base URL of a Lambda Invoke API, e.g. `http://127.0.0.1:3001`.
    pub endpoint: Option<String>,
    /// Function name -> full invocation URL, for hosts that serve one function at a fixed path.
    pub functions: BTreeMap<String, String>,
    pub timeout: Duration,
}

impl LambdaConfig {
    /// Parses `NAME=INVOKE_URL` overrides.
    pub fn new(
        endpoint: Option<String>,
        overrides: &[String],
        timeout: Duration,
    ) -> Result<Self, String> {
        let mut functions = BTreeMap::new();
        for entry in overrides {
            let Some((name, url)) = entry.split_once('=') else {
                return Err(format!(
                    "--lambda-function {entry:?}: expected NAME=INVOKE_URL"
                ));
            };
            check_http_url(url)?;
            functions.insert(name.trim().to_owned(), url.trim().to_owned());
        }
        if let Some(endpoint) = &endpoint {
            check_http_url(endpoint)?;
        }
        Ok(Self {
            endpoint,
            functions,
            timeout,
        })
    }

    /// The URL that invokes the function a `RotationLambdaARN` (or bare name) names.
    pub fn invoke_url(&self, function_arn: &str) -> Option<String> {
        let name = function_name(function_arn);
        if let Some(url) = self.functions.get(name) {
            return Some(url.clone());
        }
        let endpoint = self.endpoint.as_deref()?.trim_end_matches('/');
        Some(format!(
            "{endpoint}/2015-03-31/functions/{name}/invocations"
        ))
    }
}

fn check_http_url(url: &str) -> Result<(), String> {
    match url.trim().parse::<Uri>() {
        Ok(uri) if uri.scheme_str() == Some("http") && uri.host().is_some() => Ok(()),
        _ => Err(format!(
            "{url:?} is not an http:// URL (the Lambda host is reached over plain HTTP)"
        )),
    }
}

/// The function name in `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`; anything
/// that is not such an ARN is taken as a name.
pub fn function_name(function_arn: &str) -> &str {
    let parts: Vec<&str> = function_arn.splitn(8, ':').collect();
    match parts.as_slice() {
        ["arn", _, "lambda", _, _, "function", name, ..] => name,
        _ => function_arn,
    }
}

/// How one invocation ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    /// The function ran and failed, or did not answer in time.
    Failed(String),
    /// No function was reached: nothing listens there, or the host does not know the function.
    Unreachable(String),
}

/// One invocation's outcome and how long it took.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub outcome: Outcome,
    pub duration: Duration,
}

/// Invokes `function_arn` with `event` (JSON) and waits for its answer, at most the configured
/// timeout.
pub async fn invoke(config: &LambdaConfig, function_arn: &str, event: Vec<u8>) -> Invocation {
    let started = Instant::now();
    let outcome = match config.invoke_url(function_arn) {
        None => Outcome::Unreachable("no Lambda endpoint is configured".to_owned()),
        Some(url) => match tokio::time::timeout(config.timeout, post(&url, event)).await {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Failed(format!(
                "the function did not answer within {} s",
                config.timeout.as_secs_f64()
            )),
        },
    };
    Invocation {
        outcome,
        duration: started.elapsed(),
    }
}

async fn post(url: &str, event: Vec<u8>) -> Outcome {
    let Ok(uri) = url.parse::<Uri>() else {
        return Outcome::Unreachable(format!("{url} is not a URL"));
    };
    let host = uri.host().unwrap_or("127.0.0.1").to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let stream = match tokio::net::TcpStream::connect((host.as_str(), port)).await {
        Ok(stream) => stream,
        Err(error) => return Outcome::Unreachable(format!("cannot connect to {url}: {error}")),
    };
    let (mut sender, connection) =
        match hyper::client::conn::http1::handshake(TokioIo::new(stream)).await {
            Ok(pair) => pair,
            Err(error) => return Outcome::Unreachable(format!("{url}: {error}")),
        };
    let driver = tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |path| path.as_str());
    let request = hyper::Request::post(path)
        .header(hyper::header::HOST, format!("{host}:{port}"))
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header("X-Amz-Invocation-Type", "RequestResponse")
        .body(Full::new(Bytes::from(event)));
    let outcome = match request {
        Err(error) => Outcome::Unreachable(format!("{url}: {error}")),
        Ok(request) => match sender.send_request(request).await {
            Err(error) => Outcome::Failed(format!("{url}: {error}")),
            Ok(response) => classify(response).await,
        },
    };
    driver.abort();
    outcome
}

/// Reads an Invoke API answer: 2xx without `X-Amz-Function-Error` is success; 404 means the host
/// has no such function.
async fn classify(response: hyper::Response<hyper::body::Incoming>) -> Outcome {
    let status = response.status();
    let function_error = response
        .headers()
        .get("X-Amz-Function-Error")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .map(|body| body.to_bytes())
        .unwrap_or_default();
    let error_type = error_type(&body);
    match (status.as_u16(), function_error) {
        (200..=299, None) => Outcome::Succeeded,
        (200..=299, Some(kind)) => Outcome::Failed(format!(
            "function error ({kind}){}",
            error_type.map_or_else(String::new, |kind| format!(": {kind}"))
        )),
        (404, _) => Outcome::Unreachable(format!(
            "the Lambda host has no such function (HTTP 404{})",
            error_type.map_or_else(String::new, |kind| format!(", {kind}"))
        )),
        (status, _) => Outcome::Failed(format!(
            "the Lambda host answered HTTP {status}{}",
            error_type.map_or_else(String::new, |kind| format!(" ({kind})"))
        )),
    }
}

/// The `errorType` (Lambda runtimes) or `Type`/`__type` (the Invoke API's own errors) of an error
/// payload: a class name, safe to show, unlike an error message, which may quote anything.
fn error_type(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    ["errorType", "Type", "__type"]
        .iter()
        .find_map(|key| value.get(*key)?.as_str())
        .map(|kind| kind.chars().take(120).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(endpoint: Option<&str>, overrides: &[&str]) -> LambdaConfig {
        let overrides: Vec<String> = overrides.iter().map(|o| (*o).to_owned()).collect();
        LambdaConfig::new(endpoint.map(str::to_owned), &overrides, DEFAULT_TIMEOUT).unwrap()
    }

    #[test]
    fn the_function_name_comes_from_the_arn() {
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:000000000000:function:pg-rotator"),
            "pg-rotator"
        );
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:000000000000:function:pg-rotator:live"),
            "pg-rotator"
        );
        assert_eq!(function_name("pg-rotator"), "pg-rotator");
    }

    #[test]
    fn invoke_urls_use_the_endpoint_unless_a_function_has_its_own() {
        let config = config(
            Some("http://127.0.0.1:3001/"),
            &["rie=http://127.0.0.1:9000/2015-03-31/functions/function/invocations"],
        );
        assert_eq!(
            config
                .invoke_url("arn:aws:lambda:us-east-1:1:function:pg")
                .unwrap(),
            "http://127.0.0.1:3001/2015-03-31/functions/pg/invocations"
        );
        assert_eq!(
            config.invoke_url("rie").unwrap(),
            "http://127.0.0.1:9000/2015-03-31/functions/function/invocations"
        );
        assert_eq!(
            LambdaConfig {
                endpoint: None,
                ..config
            }
            .invoke_url("pg"),
            None
        );
    }

    #[test]
    fn bad_overrides_and_endpoints_are_refused() {
        let none = Vec::new();
        assert!(LambdaConfig::new(Some("localhost:3001".into()), &none, DEFAULT_TIMEOUT).is_err());
        assert!(LambdaConfig::new(None, &["no-equals".into()], DEFAULT_TIMEOUT).is_err());
        assert!(LambdaConfig::new(None, &["f=https://x".into()], DEFAULT_TIMEOUT).is_err());
    }

    #[test]
    fn error_types_are_read_from_error_payloads() {
        assert_eq!(
            error_type(br#"{"errorType":"ValueError","errorMessage":"x"}"#).as_deref(),
            Some("ValueError")
        );
        assert_eq!(error_type(b"not json"), None);
    }
}
