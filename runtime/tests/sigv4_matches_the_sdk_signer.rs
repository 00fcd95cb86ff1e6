//! The verifier against the AWS SDK's own signer (`aws-sigv4`): random requests (paths, query
//! parameters, headers, bodies, with or without a session token) signed by the SDK are accepted,
//! and changing any one byte of what the signature covers, or of the signature, is refused.

use aws_credential_types::Credentials as SdkCredentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use proptest::sample::Index;
use runtime::sigv4::{Credentials, verify};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ACCESS_KEY_ID: &str = "AKIDPROPERTY";
const SECRET_ACCESS_KEY: &str = "property/secret+key";
const HOST: &str = "secretsmanager.us-east-1.amazonaws.com";

/// A request as it travels, after signing.
#[derive(Clone, Debug)]
struct Signed {
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    at: SystemTime,
}

impl Signed {
    fn verify(&self, credentials: &Credentials) -> bool {
        let target = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        let Ok(uri) = target.parse::<Uri>() else {
            // A change that makes no valid request target is refused before any signature.
            return false;
        };
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) else {
                return false;
            };
            headers.append(name, value);
        }
        verify(
            credentials,
            &Method::POST,
            &uri,
            &headers,
            &self.body,
            self.at,
        )
        .is_ok()
    }
}

/// Everything but the unreserved characters, which a client sends as they are.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `text` as a client sends a URI.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

#[derive(Clone, Debug)]
struct Unsigned {
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    token: Option<String>,
    at_secs: u64,
}

fn unsigned() -> impl Strategy<Value = Unsigned> {
    (
        prop::collection::vec("[A-Za-z0-9 _~@-]{1,8}", 0..3),
        prop::collection::vec(("[a-zA-Z][a-zA-Z0-9]{0,4}", "[ -~]{0,10}"), 0..4),
        prop::collection::vec(("x-test-[a-z]{1,6}", "[!-~]([ -~]{0,10}[!-~])?"), 0..4),
        prop::collection::vec(any::<u8>(), 0..64),
        prop::option::of("[A-Za-z0-9/+=]{8,40}"),
        // 2020 to 2030.
        1_577_836_800u64..1_893_456_000,
    )
        .prop_map(
            |(segments, query, headers, body, token, at_secs)| Unsigned {
                segments,
                query,
                headers,
                body,
                token,
                at_secs,
            },
        )
}

/// Signs `request` with the SDK's signer and default settings, as the SDK sends it.
fn sign_with_sdk(request: &Unsigned) -> Signed {
    let path = format!(
        "/{}",
        request
            .segments
            .iter()
            .map(|segment| encode(segment))
            .collect::<Vec<_>>()
            .join("/")
    );
    let query = request
        .query
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = vec![("host".to_owned(), HOST.to_owned())];
    headers.extend(request.headers.iter().cloned());
    let at = UNIX_EPOCH + Duration::from_secs(request.at_secs);

    let identity = SdkCredentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        request.token.clone(),
        None,
        "property",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("secretsmanager")
        .time(at)
        .settings(SigningSettings::default())
        .build()
        .expect("signing parameters")
        .into();
    let target = if query.is_empty() {
        format!("https://{HOST}{path}")
    } else {
        format!("https://{HOST}{path}?{query}")
    };
    let signable = SignableRequest::new(
        "POST",
        target,
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .expect("a signable request");
    let (instructions, _signature) = sign(signable, &params)
        .expect("the SDK signs it")
        .into_parts();
    headers.extend(
        instructions
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned())),
    );
    Signed {
        path,
        query,
        headers,
        body: request.body.clone(),
        at,
    }
}

/// A letter or digit that differs from `byte` even ignoring case.
fn other_alphanumeric(byte: u8, pick: &Index) -> u8 {
    const CHOICES: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let candidates: Vec<u8> = CHOICES
        .iter()
        .copied()
        .filter(|choice| !choice.eq_ignore_ascii_case(&byte))
        .collect();
    *pick.get(&candidates)
}

/// Changes one byte of `text` (a letter or digit, into another that differs ignoring case, so
/// that the change is never one a canonical form folds away), if it has one.
fn change_text(text: &mut String, position: &Index, replacement: &Index) -> bool {
    let positions: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, byte)| byte.is_ascii_alphanumeric())
        .map(|(index, _)| index)
        .collect();
    if positions.is_empty() {
        return false;
    }
    let index = *position.get(&positions);
    let mut bytes = std::mem::take(text).into_bytes();
    bytes[index] = other_alphanumeric(bytes[index], replacement);
    *text = String::from_utf8(bytes).expect("ASCII stays UTF-8");
    true
}

/// `signed` with one byte changed: in the body, the path, the query, or the value of one header
/// (the signature, date and token headers included). `None` when the chosen part has no byte
/// to change.
fn one_byte_changed(
    signed: &Signed,
    part: &Index,
    position: &Index,
    replacement: &Index,
) -> Option<Signed> {
    let mut changed = signed.clone();
    let parts = 3 + changed.headers.len();
    match part.index(parts) {
        0 => {
            if changed.body.is_empty() {
                return None;
            }
            let index = position.index(changed.body.len());
            changed.body[index] ^= 1 + replacement.index(255) as u8;
        }
        1 => change_text(&mut changed.path, position, replacement).then_some(())?,
        2 => change_text(&mut changed.query, position, replacement).then_some(())?,
        header => {
            let value = &mut changed.headers[header - 3].1;
            change_text(value, position, replacement).then_some(())?
        }
    }
    Some(changed)
}

fn credentials() -> Credentials {
    Credentials::new([(ACCESS_KEY_ID, SECRET_ACCESS_KEY)])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn requests_the_sdk_signs_are_accepted(request in unsigned()) {
        let signed = sign_with_sdk(&request);
        prop_assert!(signed.verify(&credentials()), "{signed:#?}");
        // A key pair with a session token accepts exactly that token.
        if let Some(token) = &request.token {
            let temporary = credentials().with_session_token(ACCESS_KEY_ID, token.clone());
            prop_assert!(signed.verify(&temporary));
            let other = credentials().with_session_token(ACCESS_KEY_ID, format!("{token}x"));
            prop_assert!(!signed.verify(&other));
        }
    }

    #[test]
    fn any_one_byte_change_is_refused(
        request in unsigned(),
        part in any::<Index>(),
        position in any::<Index>(),
        replacement in any::<Index>(),
    ) {
        let signed = sign_with_sdk(&request);
        if let Some(changed) = one_byte_changed(&signed, &part, &position, &replacement) {
            prop_assert!(!changed.verify(&credentials()), "accepted after a change: {changed:#?}");
        }
    }
}
