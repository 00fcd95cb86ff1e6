//! AWS JSON 1.1 framing: one `POST /` route, the operation named by `X-Amz-Target`.

use crate::blob::INVALID_BASE64;
use crate::body::read_limited;
use crate::context::RequestContext;
use crate::errors::{FrameworkError, OperationError};
use crate::objects_only;
use crate::response::{Response, json_response};
use crate::validation::{FromWire, Path, ValidationErrors};
use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::routing::post;
use serde::Serialize;
use std::future::Future;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");
const TARGET: HeaderName = HeaderName::from_static("x-amz-target");

/// Builds the router of an AWS JSON 1.1 service. `resolve` maps an `X-Amz-Target` value to an
/// operation; `call` runs it on a body that is still raw JSON.
pub fn router<Op, F, Fut>(resolve: fn(&str) -> Option<Op>, call: F) -> Router
where
    Op: Copy + Send + Sync + 'static,
    F: Fn(Op, RequestContext, Bytes) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    let endpoint = move |request: Request| serve(request, resolve, call.clone());
    Router::new()
        .route("/", post(endpoint).fallback(unknown_operation))
        .fallback(unknown_operation)
}

async fn serve<Op, F, Fut>(request: Request, resolve: fn(&str) -> Option<Op>, call: F) -> Response
where
    F: Fn(Op, RequestContext, Bytes) -> Fut,
    Fut: Future<Output = Response>,
{
    let context = RequestContext::from_headers(request.headers());
    let request_id = HeaderValue::from_str(&context.request_id).ok();
    let target = request
        .headers()
        .get(TARGET)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut response = match resolve(&target) {
        None => FrameworkError::UnknownOperation.into_response(),
        Some(_) if !is_json_content_type(request.headers()) => {
            FrameworkError::UnsupportedContentType.into_response()
        }
        Some(operation) => {
            let (parts, body) = request.into_parts();
            match read_limited(&parts.headers, body).await {
                Ok(body) => call(operation, context, body).await,
                Err(_) => FrameworkError::BodyTooLarge.into_response(),
            }
        }
    };
    if let Some(request_id) = request_id {
        response.headers_mut().insert(REQUEST_ID, request_id);
    }
    tracing::debug!(target: "aws_json", operation = %target, status = response.status().as_u16(), "request served");
    response
}

/// AWS JSON services read `application/x-amz-json-1.1` (what every SDK sends) and plain
/// `application/json`, with any parameters. A request without a `Content-Type` is read as JSON too,
/// since it claims no other format. Anything else (`text/plain`, a form as `curl -d` sends without
/// `-H`) is refused, as AWS refuses it: silently reading it as JSON would hide a client bug.
fn is_json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let media_type = value.split(';').next().unwrap_or_default().trim();
    ["application/x-amz-json-1.1", "application/json"]
        .iter()
        .any(|accepted| media_type.eq_ignore_ascii_case(accepted))
}

async fn unknown_operation(request: Request) -> Response {
    let context = RequestContext::from_headers(request.headers());
    let mut response = FrameworkError::UnknownOperation.into_response();
    if let Ok(request_id) = HeaderValue::from_str(&context.request_id) {
        response.headers_mut().insert(REQUEST_ID, request_id);
    }
    response
}

/// Parses an operation's input and checks its constraints. An empty body is `{}`.
pub fn decode<I: FromWire>(body: &[u8]) -> Result<I, FrameworkError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    let wire: I::Wire = objects_only::from_slice(body)
        .map_err(|error| FrameworkError::Serialization(describe_json_error(&error)))?;
    let mut errors = ValidationErrors::default();
    match I::from_wire(wire, Path::Root, &mut errors) {
        Some(input) if errors.is_empty() => Ok(input),
        _ => Err(FrameworkError::Validation(errors.message())),
    }
}

/// Serializes an operation's result.
pub fn respond<O: Serialize, E: OperationError>(result: Result<O, E>) -> Response {
    match result {
        Ok(output) => match serde_json::to_vec(&output) {
            Ok(body) => json_response(StatusCode::OK, body, None),
            Err(_) => internal_error(),
        },
        Err(error) => error.into_response(),
    }
}

/// The result of an operation whose output is `Unit`: an empty body.
pub fn respond_empty<E: OperationError>(result: Result<(), E>) -> Response {
    match result {
        Ok(()) => json_response(StatusCode::OK, Vec::new(), None),
        Err(error) => error.into_response(),
    }
}

fn internal_error() -> Response {
    json_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        br#"{"__type":"InternalServiceError","Message":"An error occurred on the server side."}"#
            .to_vec(),
        Some("InternalServiceError"),
    )
}

/// Describes a JSON error without quoting the offending value, which may be a secret.
fn describe_json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = error.to_string();
    match error.classify() {
        Category::Data => describe_data_error(&text),
        Category::Syntax | Category::Eof | Category::Io => {
            format!(
                "Unable to parse request body as JSON: {}",
                without_quoted_values(&text)
            )
        }
    }
}

fn describe_data_error(text: &str) -> String {
    if text.contains(INVALID_BASE64) {
        return "Blob value is not valid base64.".to_owned();
    }
    let Some(found) = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "))
    else {
        return "Unable to parse request body: a member has an unexpected value.".to_owned();
    };
    let expected = expected_type(found);
    if found.starts_with("map") {
        "Start of structure or map found where not expected.".to_owned()
    } else if found.starts_with("sequence") {
        "Start of list found where not expected.".to_owned()
    } else if found.starts_with("string") {
        format!("STRING_VALUE can not be converted to {expected}")
    } else if found.starts_with("boolean") {
        format!("BOOLEAN_VALUE can not be converted to {expected}")
    } else if found.starts_with("null") {
        format!("NULL_VALUE can not be converted to {expected}")
    } else {
        format!("NUMBER_VALUE can not be converted to {expected}")
    }
}

/// serde's `expected ...` wording as the JSON type names AWS uses.
fn expected_type(found: &str) -> &'static str {
    let expected = found.rsplit("expected ").next().unwrap_or_default();
    if expected.starts_with("a string") || expected.starts_with("a borrowed string") {
        "String"
    } else if expected.starts_with("a boolean") {
        "Boolean"
    } else if expected.starts_with("i32") || expected.starts_with("u32") {
        "Integer"
    } else if expected.starts_with("i64") || expected.starts_with("u64") {
        "Long"
    } else if expected.starts_with("f64") || expected.starts_with("f32") {
        "Double"
    } else if expected.starts_with("a sequence") {
        "List"
    } else if expected.starts_with("a map") || expected.starts_with("struct") {
        "Structure"
    } else {
        "the expected type"
    }
}

fn without_quoted_values(text: &str) -> String {
    match text.find('`') {
        Some(start) => text[..start].trim_end().to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_error(json: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Input {
            #[serde(rename = "Name")]
            name: Option<String>,
            #[serde(rename = "Count")]
            count: Option<i64>,
        }
        describe_json_error(&serde_json::from_str::<Input>(json).unwrap_err())
    }

    #[test]
    fn describes_wrong_types_without_echoing_values() {
        assert_eq!(
            data_error(r#"{"Name": 5}"#),
            "NUMBER_VALUE can not be converted to String"
        );
        assert_eq!(
            data_error(r#"{"Count": "hunter2"}"#),
            "STRING_VALUE can not be converted to Long"
        );
        assert_eq!(
            data_error(r#"{"Name": {"a": 1}}"#),
            "Start of structure or map found where not expected."
        );
        assert_eq!(
            data_error(r#"{"Name": ["x"]}"#),
            "Start of list found where not expected."
        );
        assert!(data_error(r#"[1]"#).contains("can not be converted"));
    }

    #[test]
    fn accepts_json_content_types_only() {
        let with = |value: &str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            is_json_content_type(&headers)
        };
        assert!(with("application/x-amz-json-1.1"));
        assert!(with("application/json; charset=utf-8"));
        assert!(with("Application/JSON"));
        assert!(!with("text/plain"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!with("application/x-amz-json-1.1x"));
        assert!(is_json_content_type(&axum::http::HeaderMap::new()));
    }

    #[test]
    fn describes_syntax_errors() {
        let message = data_error(r#"{"Name": "#);
        assert!(
            message.starts_with("Unable to parse request body as JSON"),
            "{message}"
        );
    }
}
