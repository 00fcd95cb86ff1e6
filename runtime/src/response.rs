//! The frame of every response the runtime sends: status, body, the AWS JSON 1.1 content type
//! and, for an error, its `X-Amzn-ErrorType` header.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};

/// The response type every operation produces.
pub type Response = axum::response::Response;

const CONTENT_TYPE: HeaderValue = HeaderValue::from_static("application/x-amz-json-1.1");
const ERROR_TYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");

/// A response with `body` (already JSON) and `status`; `error_type`, for an error, also goes in
/// `X-Amzn-ErrorType`.
pub(crate) fn json_response(
    status: StatusCode,
    body: Vec<u8>,
    error_type: Option<&str>,
) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, CONTENT_TYPE);
    if let Some(value) = error_type.and_then(|name| HeaderValue::from_str(name).ok()) {
        headers.insert(ERROR_TYPE, value);
    }
    response
}
