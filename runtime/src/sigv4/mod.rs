//! Optional AWS Signature Version 4 verification: off by default (any credentials work, as in
//! LocalStack); when on, a request must be signed with one of the configured key pairs, within
//! five minutes of the server's clock, and carry the pair's session token if it has one.
//!
//! The clock is the system's, not the emulator's movable one: SDKs sign with the real time, so a
//! test that moves the emulator's clock forward by days must not make every later signed request
//! look expired.

mod authorization;
mod canonical_request;
mod credentials;
mod error;
mod signing_time;
mod uri;
mod verifier;

use crate::body::read_limited;
use crate::errors::FrameworkError;
use crate::response::Response;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use std::sync::Arc;
use std::time::SystemTime;

pub use credentials::Credentials;
pub use error::SignatureError;
pub use signing_time::{MAX_SKEW_SECS, SkewError, check_skew};
pub use verifier::verify;

/// Axum middleware: refuses requests whose SigV4 signature does not verify.
pub async fn require_signature(
    State(credentials): State<Arc<Credentials>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = read_limited(&parts.headers, body).await else {
        return FrameworkError::BodyTooLarge.into_response();
    };
    if let Err(error) = verify(
        &credentials,
        &parts.method,
        &parts.uri,
        &parts.headers,
        &body,
        SystemTime::now(),
    ) {
        return error.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}
