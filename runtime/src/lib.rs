//! The AWS JSON 1.1 server runtime that generated service code calls.
//!
//! It frames requests and responses (`POST /`, `X-Amz-Target`, `__type` error bodies, request ids),
//! derives the caller's region and account from the SigV4 credential scope, and checks Smithy
//! constraint traits. It knows nothing of any particular AWS service.

#![warn(missing_docs)]

mod blob;
mod body;
mod context;
mod errors;
mod objects_only;
mod protocol;
mod response;
pub mod sigv4;
mod timestamp;
pub mod validation;

pub use blob::Blob;
pub use body::{BodyTooLarge, DRAIN_LIMIT_BYTES, MAX_BODY_BYTES, read_limited};
pub use context::{DEFAULT_ACCOUNT_ID, DEFAULT_REGION, RequestContext, Routing};
pub use errors::{ErrorShape, Fault, FrameworkError, OperationError, error_response};
pub use protocol::{decode, respond, respond_empty, router};
pub use response::Response;
pub use timestamp::Timestamp;
pub use validation::{FromWire, ModelEnum, Path, ValidationErrors};

/// Re-exported so that generated code names the same `axum` and `serde` versions as the runtime.
pub use axum;
pub use serde;
