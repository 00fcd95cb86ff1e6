//! Keeps other web sites out of the console: a page elsewhere can make the browser send simple
//! requests here (form posts, image loads) and, by DNS rebinding, even read the answers. So every
//! console request must name this server in `Host`; every API call must carry a header no form
//! can set (and no cross-site script can set without a CORS preflight, which is never granted)
//! and, when the browser says where it comes from, come from this server; and every answer tells
//! the browser not to frame it nor run inline script.

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Who may reach the console.
#[derive(Clone, Debug)]
pub struct ConsoleOptions {
    /// Host names (without port) a request's `Host` header may carry: loopback names and the
    /// address the server listens on. Anything else is a DNS-rebinding attempt.
    pub allowed_hosts: Vec<String>,
}

impl ConsoleOptions {
    /// The console of a server listening on `listen_host` (the `--host` flag).
    pub fn for_listen_host(listen_host: &str) -> Self {
        let mut allowed_hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(str::to_owned)
            .to_vec();
        let listen_host = if listen_host.contains(':') && !listen_host.starts_with('[') {
            format!("[{listen_host}]")
        } else {
            listen_host.to_owned()
        };
        // 0.0.0.0 is not an address anyone browses to: it adds nothing.
        if !allowed_hosts.contains(&listen_host)
            && listen_host != "0.0.0.0"
            && listen_host != "[::]"
        {
            allowed_hosts.push(listen_host);
        }
        Self { allowed_hosts }
    }
}

/// The header every console API call carries.
pub(super) const CONSOLE_HEADER: &str = "x-emulator-console";

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

pub(super) async fn guard(
    State(options): State<Arc<ConsoleOptions>>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/_emulator/console/api/");
    let mut response = match refusal(&options, request.headers(), is_api) {
        Some(reason) => (StatusCode::FORBIDDEN, reason).into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Why the request is refused, if it is.
fn refusal(options: &ConsoleOptions, headers: &HeaderMap, is_api: bool) -> Option<&'static str> {
    let host = headers.get(HOST).and_then(|host| host.to_str().ok());
    let Some(host) = host.filter(|host| host_is_allowed(options, host)) else {
        return Some("The console answers only on this machine's own address (Host refused).");
    };
    if !is_api {
        return None;
    }
    if headers.get(CONSOLE_HEADER).is_none() {
        return Some("Console API calls need the X-Emulator-Console header.");
    }
    let origin = headers.get(ORIGIN).and_then(|origin| origin.to_str().ok());
    match origin {
        Some(origin) if origin.split_once("://").map(|(_, rest)| rest) != Some(host) => {
            Some("Console API calls must come from the console's own page (Origin refused).")
        }
        _ => None,
    }
}

fn host_is_allowed(options: &ConsoleOptions, host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        // A port follows the last colon unless it is inside an IPv6 literal.
        Some((name, port)) if !port.contains(']') && port.chars().all(|c| c.is_ascii_digit()) => {
            name
        }
        _ => host,
    };
    options
        .allowed_hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    axum::http::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    fn options() -> ConsoleOptions {
        ConsoleOptions::for_listen_host("127.0.0.1")
    }

    #[test]
    fn pages_need_a_local_host() {
        assert!(refusal(&options(), &headers(&[("host", "127.0.0.1:4566")]), false).is_none());
        assert!(refusal(&options(), &headers(&[("host", "[::1]:4566")]), false).is_none());
        assert!(refusal(&options(), &headers(&[("host", "localhost")]), false).is_none());
        assert!(
            refusal(
                &options(),
                &headers(&[("host", "evil.example:4566")]),
                false
            )
            .is_some()
        );
        assert!(refusal(&options(), &headers(&[]), false).is_some());
    }

    #[test]
    fn api_calls_need_the_header_and_a_matching_origin() {
        let host = ("host", "127.0.0.1:4566");
        let marked = (CONSOLE_HEADER, "1");
        assert!(refusal(&options(), &headers(&[host]), true).is_some());
        assert!(refusal(&options(), &headers(&[host, marked]), true).is_none());
        let same = ("origin", "http://127.0.0.1:4566");
        assert!(refusal(&options(), &headers(&[host, marked, same]), true).is_none());
        let other = ("origin", "http://evil.example");
        assert!(refusal(&options(), &headers(&[host, marked, other]), true).is_some());
    }
}
