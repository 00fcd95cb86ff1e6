//! The refusals of a signature, with AWS's codes and words.

use super::signing_time::SkewError;
use crate::response::{Response, json_response};
use axum::http::StatusCode;

/// Why a request's signature was refused, as AWS reports it. Display is AWS's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `Authorization` header.
    #[error("Missing Authentication Token")]
    Missing,
    /// An `Authorization` header (or its date) without a part SigV4 needs; the message says which.
    #[error("{0}")]
    Incomplete(String),
    /// An access key id none of the key pairs has.
    #[error("{INVALID_SECURITY_TOKEN}")]
    UnknownAccessKey,
    /// A session token the key pair does not have (or none, when it has one).
    #[error("{INVALID_SECURITY_TOKEN}")]
    InvalidSecurityToken,
    /// The signature is not the one the request and the key pair make.
    #[error(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
    )]
    Mismatch,
    /// Signed too long before, or after, the server's now.
    #[error(transparent)]
    Skewed(#[from] SkewError),
}

/// AWS's words for an unknown access key and for a session token that is not the key's.
const INVALID_SECURITY_TOKEN: &str = "The security token included in the request is invalid.";

impl SignatureError {
    /// The AWS error code, sent as `__type` and `X-Amzn-ErrorType`.
    pub fn type_name(&self) -> &'static str {
        match self {
            SignatureError::Missing => "MissingAuthenticationTokenException",
            SignatureError::Incomplete(_) => "IncompleteSignatureException",
            SignatureError::UnknownAccessKey | SignatureError::InvalidSecurityToken => {
                "UnrecognizedClientException"
            }
            SignatureError::Mismatch | SignatureError::Skewed(_) => "InvalidSignatureException",
        }
    }

    /// The refusal as AWS sends it: HTTP 400, `Message` and `__type`.
    pub fn into_response(self) -> Response {
        let body = serde_json::json!({ "__type": self.type_name(), "Message": self.to_string() });
        json_response(
            StatusCode::BAD_REQUEST,
            body.to_string().into_bytes(),
            Some(self.type_name()),
        )
    }
}
