//! Optional AWS Signature Version 4 verification: off by default (any credentials work, as in
//! LocalStack); when on, a request must be signed with one of the configured key pairs, within
//! five minutes of the server's clock, and carry the pair's session token if it has one.
//!
//! The clock is the system's, not the emulator's movable one: SDKs sign with the real time, so a
//! test that moves the emulator's clock forward by days must not make every later signed request
//! look expired.

mod signing_time;
mod uri;

use crate::body::read_limited;
use crate::errors::FrameworkError;
use crate::response::{Response, json_response};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

pub use signing_time::{MAX_SKEW_SECS, SkewError, check_skew};

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

const SECURITY_TOKEN: &str = "x-amz-security-token";

/// The key pairs whose signatures are accepted: access key id -> secret access key, and the
/// session tokens of temporary credentials.
#[derive(Clone, Default)]
pub struct Credentials {
    secrets: HashMap<String, String>,
    session_tokens: HashMap<String, String>,
}

impl Credentials {
    pub fn new<I, K, S>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, S)>,
        K: Into<String>,
        S: Into<String>,
    {
        Self {
            secrets: pairs
                .into_iter()
                .map(|(key, secret)| (key.into(), secret.into()))
                .collect(),
            session_tokens: HashMap::new(),
        }
    }

    /// Makes `access_key_id` a pair of temporary credentials: its requests must carry `token` in
    /// `X-Amz-Security-Token`. Without this, a request may carry any token (signed, as every
    /// header it carries for the credentials must be).
    pub fn with_session_token(
        mut self,
        access_key_id: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.session_tokens
            .insert(access_key_id.into(), token.into());
        self
    }
}

/// Names the access key ids only: secret keys and session tokens never reach a log.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut access_key_ids: Vec<&String> = self.secrets.keys().collect();
        access_key_ids.sort();
        f.debug_struct("Credentials")
            .field("access_key_ids", &access_key_ids)
            .finish_non_exhaustive()
    }
}

/// Why a request's signature was refused, as AWS reports it. Display is AWS's message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("Missing Authentication Token")]
    Missing,
    #[error("{0}")]
    Incomplete(String),
    #[error("{INVALID_SECURITY_TOKEN}")]
    UnknownAccessKey,
    /// A session token the key pair does not have (or none, when it has one).
    #[error("{INVALID_SECURITY_TOKEN}")]
    InvalidSecurityToken,
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

    pub fn into_response(self) -> Response {
        let body = serde_json::json!({ "__type": self.type_name(), "Message": self.to_string() });
        json_response(
            StatusCode::BAD_REQUEST,
            body.to_string().into_bytes(),
            Some(self.type_name()),
        )
    }
}

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

/// Checks a request's `Authorization` header against `credentials`, at `now`.
pub fn verify(
    credentials: &Credentials,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), SignatureError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .ok_or(SignatureError::Missing)?
        .to_str()
        .map_err(|_| SignatureError::Incomplete("Authorization header is not ASCII.".to_owned()))?;
    let parsed = Authorization::parse(authorization)?;
    let amz_date = headers
        .get("x-amz-date")
        .or_else(|| headers.get(header::DATE))
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| {
            SignatureError::Incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                    .to_owned(),
            )
        })?;
    let secret = credentials
        .secrets
        .get(parsed.access_key_id)
        .ok_or(SignatureError::UnknownAccessKey)?;
    check_session_token(credentials, &parsed, headers)?;
    signing_time::check_skew(amz_date, now)?;
    // The payload hash is always that of the body received. Taking a client's
    // `x-amz-content-sha256` on trust would let a signed request arrive with another body.
    let payload_hash = hex::encode(Sha256::digest(body));
    if headers
        .get("x-amz-content-sha256")
        .is_some_and(|claimed| claimed.as_bytes() != payload_hash.as_bytes())
    {
        return Err(SignatureError::Mismatch);
    }
    let canonical = canonical_request(method, uri, headers, &parsed.signed_headers, &payload_hash);
    let scope = format!(
        "{}/{}/{}/aws4_request",
        parsed.date, parsed.region, parsed.service
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let key = signing_key(secret, parsed.date, parsed.region, parsed.service);
    let provided = hex::decode(parsed.signature).map_err(|_| SignatureError::Mismatch)?;
    let mut mac = hmac(&key);
    mac.update(string_to_sign.as_bytes());
    // Constant-time comparison.
    mac.verify_slice(&provided)
        .map_err(|_| SignatureError::Mismatch)
}

/// A session token must be signed, as SDKs sign it, so that it cannot be swapped under a valid
/// signature; and it must be the one the key pair has, if it has one (AWS's refusal of a token
/// that does not belong to the key is UnrecognizedClientException).
fn check_session_token(
    credentials: &Credentials,
    parsed: &Authorization<'_>,
    headers: &HeaderMap,
) -> Result<(), SignatureError> {
    let sent = headers.get(SECURITY_TOKEN).map(|value| value.as_bytes());
    if sent.is_some() && !parsed.signed_headers.contains(&SECURITY_TOKEN) {
        return Err(SignatureError::Mismatch);
    }
    match credentials.session_tokens.get(parsed.access_key_id) {
        Some(token) if sent != Some(token.as_bytes()) => Err(SignatureError::InvalidSecurityToken),
        _ => Ok(()),
    }
}

struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Result<Self, SignatureError> {
        let incomplete = |what: &str| {
            SignatureError::Incomplete(format!(
                "Authorization header requires '{what}' parameter. Authorization={value}"
            ))
        };
        let rest = value.strip_prefix(ALGORITHM).ok_or_else(|| {
            SignatureError::Incomplete(format!(
                "Authorization header requires the {ALGORITHM} algorithm. Authorization={value}"
            ))
        })?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',').map(str::trim) {
            if let Some(found) = part.strip_prefix("Credential=") {
                credential = Some(found);
            } else if let Some(found) = part.strip_prefix("SignedHeaders=") {
                signed_headers = Some(found);
            } else if let Some(found) = part.strip_prefix("Signature=") {
                signature = Some(found);
            }
        }
        let credential = credential.ok_or_else(|| incomplete("Credential"))?;
        let signed_headers = signed_headers.ok_or_else(|| incomplete("SignedHeaders"))?;
        let signature = signature.ok_or_else(|| incomplete("Signature"))?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
            return Err(SignatureError::Incomplete(format!(
                "Credential should be scoped to a valid region, not '{credential}'. Authorization={value}"
            )));
        };
        Ok(Self {
            access_key_id,
            date,
            region,
            service,
            signed_headers: signed_headers.split(';').collect(),
            signature,
        })
    }
}

fn canonical_request(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    signed_headers: &[&str],
    payload_hash: &str,
) -> String {
    let canonical_headers: String = signed_headers
        .iter()
        .map(|name| {
            let values: Vec<String> = headers
                .get_all(*name)
                .iter()
                .map(|value| collapse_spaces(&String::from_utf8_lossy(value.as_bytes())))
                .collect();
            format!("{name}:{}\n", values.join(","))
        })
        .collect();
    format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        uri::canonical_path(uri.path()),
        uri::canonical_query(uri.query()),
        signed_headers.join(";")
    )
}

fn collapse_spaces(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    [date, region, service, "aws4_request"].iter().fold(
        format!("AWS4{secret}").into_bytes(),
        |key, part| {
            let mut mac = hmac(&key);
            mac.update(part.as_bytes());
            mac.finalize().into_bytes().to_vec()
        },
    )
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// When the example was signed: 2015-08-30T12:36:00Z.
    const SIGNED_AT: u64 = 1_440_938_160;

    /// The example's own credentials and method, with `headers` and `body`.
    fn verify_example(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
        verify_at_signing_time(&example_credentials(), &Method::GET, uri, headers, body)
    }

    fn verify_at_signing_time(
        credentials: &Credentials,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(), SignatureError> {
        let now = UNIX_EPOCH + Duration::from_secs(SIGNED_AT);
        verify(credentials, method, uri, headers, body, now)
    }

    /// AWS's documented example: IAM ListUsers, signed with the example secret key.
    fn example_request(signature: &str) -> (Uri, HeaderMap) {
        let uri: Uri = "/?Action=ListUsers&Version=2010-05-08".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8"
                .parse()
                .unwrap(),
        );
        headers.insert("host", "iam.amazonaws.com".parse().unwrap());
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={signature}"
        );
        headers.insert("authorization", authorization.parse().unwrap());
        (uri, headers)
    }

    fn example_credentials() -> Credentials {
        Credentials::new([("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")])
    }

    const EXAMPLE_SIGNATURE: &str =
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    #[test]
    fn accepts_aws_documented_example() {
        let (uri, headers) = example_request(EXAMPLE_SIGNATURE);
        assert_eq!(verify_example(&uri, &headers, b""), Ok(()));
    }

    #[test]
    fn refuses_a_wrong_signature() {
        let wrong = EXAMPLE_SIGNATURE.replace('5', "6");
        let (uri, headers) = example_request(&wrong);
        assert_eq!(
            verify_example(&uri, &headers, b""),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_a_changed_body() {
        let (uri, headers) = example_request(EXAMPLE_SIGNATURE);
        assert_eq!(
            verify_example(&uri, &headers, b"tampered"),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_a_changed_body_under_the_original_content_hash() {
        let (uri, mut headers) = example_request(EXAMPLE_SIGNATURE);
        let empty_body_hash = hex::encode(Sha256::digest(b""));
        headers.insert("x-amz-content-sha256", empty_body_hash.parse().unwrap());
        assert_eq!(verify_example(&uri, &headers, b""), Ok(()));
        assert_eq!(
            verify_example(&uri, &headers, b"tampered"),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_unknown_access_keys() {
        let (uri, headers) = example_request(EXAMPLE_SIGNATURE);
        let others = Credentials::new([("OTHER", "secret")]);
        assert_eq!(
            verify_at_signing_time(&others, &Method::GET, &uri, &headers, b""),
            Err(SignatureError::UnknownAccessKey)
        );
    }

    #[test]
    fn reports_missing_and_incomplete_headers() {
        let credentials = example_credentials();
        let uri: Uri = "/".parse().unwrap();
        assert_eq!(
            verify_at_signing_time(&credentials, &Method::POST, &uri, &HeaderMap::new(), b""),
            Err(SignatureError::Missing)
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host".parse().unwrap(),
        );
        let error =
            verify_at_signing_time(&credentials, &Method::POST, &uri, &headers, b"").unwrap_err();
        assert_eq!(error.type_name(), "IncompleteSignatureException");
        assert!(
            error
                .to_string()
                .starts_with("Authorization header requires 'Signature' parameter.")
        );
    }

    #[test]
    fn refuses_a_signature_made_more_than_five_minutes_away() {
        let (uri, headers) = example_request(EXAMPLE_SIGNATURE);
        let verify_at = |secs: u64| {
            let now = UNIX_EPOCH + Duration::from_secs(secs);
            verify(
                &example_credentials(),
                &Method::GET,
                &uri,
                &headers,
                b"",
                now,
            )
        };
        assert_eq!(verify_at(SIGNED_AT + 300), Ok(()));
        assert_eq!(verify_at(SIGNED_AT - 300), Ok(()));
        assert_eq!(
            verify_at(SIGNED_AT + 301),
            Err(SignatureError::Skewed(SkewError::Expired(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)".into()
            )))
        );
        let early = verify_at(SIGNED_AT - 301).unwrap_err();
        assert_eq!(early.type_name(), "InvalidSignatureException");
        assert!(
            early
                .to_string()
                .starts_with("Signature not yet current: 20150830T123600Z is still later than")
        );
    }

    #[test]
    fn debug_output_names_no_secret() {
        let credentials = example_credentials().with_session_token("AKIDEXAMPLE", "token-value");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        assert!(
            !shown.contains("wJalr") && !shown.contains("token-value"),
            "{shown}"
        );
    }

    #[test]
    fn a_session_token_must_be_signed_and_be_the_key_pairs() {
        let (uri, mut headers) = example_request(EXAMPLE_SIGNATURE);
        // Carried but not signed: the signature does not cover it.
        headers.insert(SECURITY_TOKEN, "token".parse().unwrap());
        assert_eq!(
            verify_example(&uri, &headers, b""),
            Err(SignatureError::Mismatch)
        );
        // A key pair with a session token needs that token.
        let (uri, headers) = example_request(EXAMPLE_SIGNATURE);
        let temporary = example_credentials().with_session_token("AKIDEXAMPLE", "token");
        let refused = verify_at_signing_time(&temporary, &Method::GET, &uri, &headers, b"");
        assert_eq!(refused, Err(SignatureError::InvalidSecurityToken));
        assert_eq!(
            refused.unwrap_err().type_name(),
            "UnrecognizedClientException"
        );
    }
}
