//! The canonical request of SigV4: the request as the signature covers it.

use super::uri;
use axum::http::{HeaderMap, Method, Uri};

/// The canonical request SigV4 signs: method, canonical path and query, the signed headers
/// (values trimmed, inner runs of spaces collapsed), their names, and the payload hash.
pub(super) fn canonical_request(
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
