//! Opaque `NextToken`s for every paginated listing.
//!
//! A token is an offset into one listing plus a keyed checksum over the offset and the listing's
//! *scope* (a string naming the operation and whatever fixes the result set, e.g. a secret ARN or
//! the filters). A token that this process did not issue for the same scope, forged, truncated or
//! reused with other filters, fails the checksum and is refused with InvalidNextTokenException.
//! The checksum key is random per process, so tokens do not outlive a restart (AWS's expire too).

use crate::errors;
use generated::InvalidNextTokenException;
use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;

/// One page of a listing and the token for the next, if anything is left.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// Cuts the page of `items` that `next_token` points at (the first page without one), at most
/// `max_results` long.
pub(crate) fn paginate<T>(
    items: impl IntoIterator<Item = T>,
    scope: &str,
    next_token: Option<&str>,
    max_results: usize,
) -> Result<Page<T>, InvalidNextTokenException> {
    let start = match next_token {
        Some(token) => decode(scope, token).ok_or_else(errors::invalid_next_token)?,
        None => 0,
    };
    let max_results = max_results.max(1);
    let mut rest = items.into_iter().skip(start);
    let items: Vec<T> = rest.by_ref().take(max_results).collect();
    let next_token = rest
        .next()
        .is_some()
        .then(|| encode(scope, start + items.len()));
    Ok(Page { items, next_token })
}

/// The page size a request's `MaxResults` asks for, `default` without one.
pub(crate) fn page_size(max_results: Option<i32>, default: usize) -> usize {
    max_results
        .and_then(|max| usize::try_from(max).ok())
        .unwrap_or(default)
}

/// The token that resumes the listing `scope` at `offset`.
pub(crate) fn encode(scope: &str, offset: usize) -> String {
    format!("{offset:x}.{:016x}", checksum(scope, offset))
}

/// The offset a token of `scope` resumes at, or `None` if this process did not issue it.
pub(crate) fn decode(scope: &str, token: &str) -> Option<usize> {
    let (offset, sum) = token.split_once('.')?;
    let offset = parse_hex(offset)?;
    let sum = parse_checksum(sum)?;
    let offset = usize::try_from(offset).ok()?;
    (sum == checksum(scope, offset)).then_some(offset)
}

/// Lower-case hex only, so that each offset has exactly one token.
fn parse_hex(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.len() <= 16
        && (text == "0" || !text.starts_with('0'))
        && is_lower_hex(text);
    canonical.then(|| u64::from_str_radix(text, 16).ok())?
}

/// Hex digits, lower case only: what this module writes, so that a position or offset has
/// exactly one token.
fn is_lower_hex(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A token's checksum: 16 hex digits, as both kinds of token write it.
fn parse_checksum(text: &str) -> Option<u64> {
    u64::from_str_radix(text, 16)
        .ok()
        .filter(|_| text.len() == 16)
}

fn checksum(scope: &str, offset: usize) -> u64 {
    checksum_key().hash_one((scope, offset))
}

/// The token that resumes the listing `scope` just after `position`: the sort key of the last
/// item returned, for listings that seek to a key instead of counting (ListSecrets by name or
/// creation date). Hex keeps the token opaque whatever characters the key holds.
pub(crate) fn encode_position(scope: &str, position: &str) -> String {
    let encoded = hex::encode(position);
    format!("p{encoded}.{:016x}", position_checksum(scope, position))
}

/// The position a token of `scope` resumes after, or `None` if this process did not issue it.
pub(crate) fn decode_position(scope: &str, token: &str) -> Option<String> {
    let (encoded, sum) = token.strip_prefix('p')?.split_once('.')?;
    let sum = parse_checksum(sum)?;
    if !is_lower_hex(encoded) {
        return None;
    }
    let position = String::from_utf8(hex::decode(encoded).ok()?).ok()?;
    (sum == position_checksum(scope, &position)).then_some(position)
}

fn position_checksum(scope: &str, position: &str) -> u64 {
    checksum_key().hash_one((scope, "position", position))
}

/// Random per process: tokens do not outlive a restart.
fn checksum_key() -> &'static RandomState {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    KEY.get_or_init(RandomState::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(token: Option<&str>) -> Page<u32> {
        paginate(0..5, "scope", token, 2).expect("valid token")
    }

    #[test]
    fn walks_a_listing_page_by_page() {
        let first = page(None);
        assert_eq!(first.items, [0, 1]);
        let second = page(first.next_token.as_deref());
        assert_eq!(second.items, [2, 3]);
        let last = page(second.next_token.as_deref());
        assert_eq!(last.items, [4]);
        assert_eq!(last.next_token, None);
    }

    #[test]
    fn an_exactly_full_last_page_has_no_next_token() {
        let first = paginate(0..2, "scope", None, 2).unwrap();
        assert_eq!(first.items, [0, 1]);
        assert_eq!(first.next_token, None);
    }

    #[test]
    fn refuses_forged_and_foreign_tokens() {
        let token = encode("scope", 2);
        assert_eq!(decode("scope", &token), Some(2));
        assert_eq!(decode("other scope", &token), None);
        let (_, sum) = token.split_once('.').unwrap();
        for forged in [
            "",
            "2",
            "garbage",
            &format!("3.{sum}"),
            &format!("02.{sum}"),
        ] {
            assert!(
                paginate(0..5, "scope", Some(forged), 2).is_err(),
                "{forged}"
            );
        }
    }

    #[test]
    fn position_tokens_round_trip_and_refuse_forgeries() {
        let token = encode_position("scope", "1700000000000/app/db+x=y.z@w-v");
        assert_eq!(
            decode_position("scope", &token).as_deref(),
            Some("1700000000000/app/db+x=y.z@w-v")
        );
        assert_eq!(decode_position("other scope", &token), None);
        let (_, sum) = token.split_once('.').unwrap();
        for forged in [
            "",
            "p",
            "p61",
            &format!("p62.{sum}"),
            &format!("pzz.{sum}"),
            &format!("p6.{sum}"),
            &format!("pff.{sum}"),
            &encode("scope", 3),
        ] {
            assert_eq!(decode_position("scope", forged), None, "{forged}");
        }
    }

    #[test]
    fn position_tokens_are_lower_case_hex_only() {
        let token = encode_position("scope", "z/é");
        assert_eq!(token.split_once('.').unwrap().0, "p7a2fc3a9");
        assert_eq!(decode_position("scope", &token).as_deref(), Some("z/é"));
        let upper = token.replacen("7a2fc3a9", "7A2FC3A9", 1);
        assert_eq!(decode_position("scope", &upper), None);
        let empty = encode_position("scope", "");
        assert_eq!(decode_position("scope", &empty).as_deref(), Some(""));
    }

    #[test]
    fn a_listing_that_shrank_ends_cleanly() {
        let token = encode("scope", 10);
        let page = paginate(0..3, "scope", Some(&token), 2).unwrap();
        assert!(page.items.is_empty());
        assert_eq!(page.next_token, None);
    }
}
