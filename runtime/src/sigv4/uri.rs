//! The path and query of a canonical request, encoded as SigV4 specifies for every service but S3:
//! each query name and value is decoded, then URI-encoded (everything but `A-Za-z0-9-_.~` as
//! `%XX`, upper case), and the pairs sorted; the path, as sent, is URI-encoded once more (`/`
//! kept). Query text is decoded as a form is (`+` is a space), as the AWS SDKs' signers read it.

/// The canonical query string of `query` (the part of the request target after `?`).
pub fn canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                uri_encode(&form_decode(name), false),
                uri_encode(&form_decode(value), false),
            )
        })
        .collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical path: the path as sent (already encoded once by the client), encoded again.
pub fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    uri_encode(path.as_bytes(), true)
}

fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut encoded = String::with_capacity(bytes.len());
    for &byte in bytes {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~');
        if unreserved || (keep_slash && byte == b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `%XX` sequences as the bytes they stand for, `+` as a space; anything else (a stray `%` too)
/// as it is.
fn form_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(match bytes[index] {
                    b'+' => b' ',
                    byte => byte,
                });
                index += 1;
            }
        }
    }
    decoded
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
    }

    #[test]
    fn the_path_is_encoded_once_more() {
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/a%20b/c~d"), "/a%2520b/c~d");
    }
}
