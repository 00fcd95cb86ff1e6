//! AWS JSON 1.1 requests as an SDK sends them, and the request bodies the benchmark uses.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::{Method, Request};
use serde_json::json;

/// A SigV4 header of the right shape: servers read the region and account from it, none checks
/// the signature.
const FAKE_SIGNATURE: &str = "AWS4-HMAC-SHA256 Credential=test/20260421/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=fake";
const JSON_1_1: &str = "application/x-amz-json-1.1";

/// One operation call: the operation's name and its JSON body.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub operation: &'static str,
    pub body: Bytes,
}

impl Call {
    fn new(operation: &'static str, body: &serde_json::Value) -> Self {
        Self {
            operation,
            body: Bytes::from(body.to_string()),
        }
    }

    /// The HTTP request for this call, addressed to `host` (`127.0.0.1:port`).
    pub(crate) fn request(&self, host: &str) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = hyper::Uri::from_static("/");
        let headers = request.headers_mut();
        // The values are static ASCII or a socket address, so none of these can fail.
        headers.insert(
            HOST,
            host.parse().expect("a socket address is a header value"),
        );
        headers.insert(CONTENT_TYPE, JSON_1_1.parse().expect("static header"));
        headers.insert(
            AUTHORIZATION,
            FAKE_SIGNATURE.parse().expect("static header"),
        );
        headers.insert(
            "x-amz-target",
            format!("secretsmanager.{}", self.operation)
                .parse()
                .expect("operation names are ASCII"),
        );
        request
    }
}

pub(crate) fn create_secret(name: &str, value: &str, client_token: &str) -> Call {
    Call::new(
        "CreateSecret",
        &json!({ "Name": name, "SecretString": value, "ClientRequestToken": client_token }),
    )
}

pub(crate) fn get_secret_value(secret_id: &str) -> Call {
    Call::new("GetSecretValue", &json!({ "SecretId": secret_id }))
}

pub(crate) fn describe_secret(secret_id: &str) -> Call {
    Call::new("DescribeSecret", &json!({ "SecretId": secret_id }))
}

pub(crate) fn put_secret_value(secret_id: &str, value: &str, client_token: &str) -> Call {
    Call::new(
        "PutSecretValue",
        &json!({ "SecretId": secret_id, "SecretString": value, "ClientRequestToken": client_token }),
    )
}

/// One ListSecrets page of `max_results`, optionally only names starting with `name_prefix`.
pub(crate) fn list_secrets(
    max_results: usize,
    name_prefix: Option<&str>,
    next_token: Option<&str>,
) -> Call {
    let mut body = json!({ "MaxResults": max_results });
    if let Some(prefix) = name_prefix {
        body["Filters"] = json!([{ "Key": "name", "Values": [prefix] }]);
    }
    if let Some(token) = next_token {
        body["NextToken"] = json!(token);
    }
    Call::new("ListSecrets", &body)
}
