//! The path and query of a canonical request, encoded as SigV4 specifies for every service but S3:
//! each query name and value is decoded, then URI-encoded (everything but `A-Za-z0-9-_.~` as
//! `%XX`, upper case), and the pairs sorted; the path, as sent, is URI-encoded once more (`/`
//! kept). Query text is decoded as a form is (`+` is a space), as the AWS SDKs' signers read it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What SigV4 escapes: every byte but the unreserved `A-Za-z0-9-_.~`.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// In the path, `/` too is kept.
const RESERVED_IN_PATH: &AsciiSet = &RESERVED.remove(b'/');

/// The canonical query string of `query` (the part of the request target after `?`).
pub(super) fn canonical_query(query: Option<&str>) -> String {
    // The SDKs' signer decodes with `form_urlencoded` too, so a decoded name or value that is not
    // UTF-8 reads, as there, with U+FFFD in its place.
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(name, value)| (uri_encode(&name, RESERVED), uri_encode(&value, RESERVED)))
            .collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical path: the path as sent (already encoded once by the client), encoded again.
pub(super) fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    uri_encode(path, RESERVED_IN_PATH)
}

/// `%XX` with upper-case hex, as SigV4 wants.
fn uri_encode(text: &str, reserved: &'static AsciiSet) -> String {
    utf8_percent_encode(text, reserved).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_reencoded_and_sorted() {
        assert_eq!(canonical_query(None), "");
        assert_eq!(
            canonical_query(Some("b=2&a=x y&a=%2f&flag")),
            "a=%2F&a=x%20y&b=2&flag="
        );
        // However a client escaped a character, the canonical form is the same.
        assert_eq!(
            canonical_query(Some("k=%7e%2A")),
            canonical_query(Some("k=~*"))
        );
        assert_eq!(canonical_query(Some("k=~*")), "k=~%2A");
        assert_eq!(canonical_query(Some("k=%zz")), "k=%25zz");
        assert_eq!(canonical_query(Some("k=a+b")), "k=a%20b");
        assert_eq!(canonical_query(Some("k=%2B%+1")), "k=%2B%25%201");
        assert_eq!(
            canonical_query(Some("k=%C3%A9&k=%FF")),
            "k=%C3%A9&k=%EF%BF%BD"
        );
    }

    #[test]
    fn the_path_is_encoded_once_more() {
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/a%20b/c~d"), "/a%2520b/c~d");
    }
}
