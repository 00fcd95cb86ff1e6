//! Checking a request's SigV4 signature.

use super::authorization::{ALGORITHM, Authorization};
use super::canonical_request::canonical_request;
use super::credentials::Credentials;
use super::error::SignatureError;
use super::signing_time::check_skew;
use axum::http::{HeaderMap, Method, Uri, header};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

/// The header of a temporary credentials' session token.
const SECURITY_TOKEN: &str = "x-amz-security-token";

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
        .secret_access_key(parsed.access_key_id)
        .ok_or(SignatureError::UnknownAccessKey)?;
    check_session_token(credentials, &parsed, headers)?;
    check_skew(amz_date, now)?;
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
    match credentials.session_token(parsed.access_key_id) {
        Some(token) if sent != Some(token.as_bytes()) => Err(SignatureError::InvalidSecurityToken),
        _ => Ok(()),
    }
}

/// The key derived from the secret for one day, region and service, as SigV4 chains HMACs.
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
    use crate::sigv4::SkewError;
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
