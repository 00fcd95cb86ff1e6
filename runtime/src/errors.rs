use crate::body::MAX_BODY_BYTES;
use crate::response::{Response, json_response};
use axum::http::StatusCode;
use serde::Serialize;

/// Whether an error is the caller's fault (HTTP 400) or the service's (HTTP 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The request is wrong: HTTP 400.
    Client,
    /// The service failed: HTTP 500.
    Server,
}

impl Fault {
    /// The HTTP status an error of this fault is sent with.
    pub const fn status(self) -> StatusCode {
        match self {
            Fault::Client => StatusCode::BAD_REQUEST,
            Fault::Server => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A modeled error structure (a shape with the `@error` trait).
pub trait ErrorShape: Serialize {
    /// The shape name, sent as `__type`.
    const TYPE_NAME: &'static str;
    /// Whose fault the error is, which sets its HTTP status.
    const FAULT: Fault;
    /// The shape's `Message` member, if it has one and it is set.
    fn message(&self) -> Option<&str>;
}

/// One operation's error enum: each variant is an error shape the operation may return.
pub trait OperationError {
    /// The error shape's name, sent as `__type`.
    fn type_name(&self) -> &'static str;
    /// The error shape's `Message` member, if it has one and it is set.
    fn message(&self) -> Option<&str>;
    /// The error as AWS sends it: `__type` and the shape's members, with its fault's status.
    fn into_response(self) -> Response;
}

/// Errors the protocol layer raises before an operation runs. Display is the message AWS sends.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// Missing or unknown `X-Amz-Target`, or a request that is not `POST /`.
    #[error("The requested operation is not recognized by the service.")]
    UnknownOperation,
    /// The body is not JSON, or a member has the wrong JSON type.
    #[error("{0}")]
    Serialization(String),
    /// The input breaks a constraint trait of the model.
    #[error("{0}")]
    Validation(String),
    /// The body is larger than [`MAX_BODY_BYTES`].
    #[error("Request body exceeds the maximum size of {MAX_BODY_BYTES} bytes.")]
    BodyTooLarge,
    /// A `Content-Type` that is not JSON, e.g. `text/plain` or a form.
    #[error("The request Content-Type must be application/x-amz-json-1.1 or application/json.")]
    UnsupportedContentType,
}

impl FrameworkError {
    /// The AWS error code, sent as `__type` and `X-Amzn-ErrorType`.
    pub fn type_name(&self) -> &'static str {
        match self {
            // AWS answers a request in another protocol's content type as an unknown operation.
            FrameworkError::UnknownOperation | FrameworkError::UnsupportedContentType => {
                "UnknownOperationException"
            }
            FrameworkError::Serialization(_) => "SerializationException",
            FrameworkError::Validation(_) => "ValidationException",
            FrameworkError::BodyTooLarge => "RequestEntityTooLargeException",
        }
    }

    /// The error as AWS sends it: HTTP 400, `__type` and `Message`.
    pub fn into_response(self) -> Response {
        let body = MessageBody {
            message: self.to_string(),
        };
        error_body(self.type_name(), Fault::Client, &body)
    }
}

#[derive(Serialize)]
struct MessageBody {
    #[serde(rename = "Message")]
    message: String,
}

/// The response for a modeled error: its members plus `__type`.
pub fn error_response<E: ErrorShape>(error: &E) -> Response {
    error_body(E::TYPE_NAME, E::FAULT, error)
}

fn error_body<T: Serialize>(type_name: &str, fault: Fault, members: &T) -> Response {
    #[derive(Serialize)]
    struct Body<'a, T> {
        #[serde(rename = "__type")]
        type_name: &'a str,
        #[serde(flatten)]
        members: &'a T,
    }
    let body = serde_json::to_vec(&Body { type_name, members })
        .unwrap_or_else(|_| format!("{{\"__type\":\"{type_name}\"}}").into_bytes());
    json_response(fault.status(), body, Some(type_name))
}
