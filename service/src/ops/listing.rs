//! ListSecrets: filters, sorting and pagination over one account's secrets in one region.
//!
//! Filters follow AWS's documentation of `Filter.Key` and its console search guide:
//! - `name`, `tag-key`, `tag-value`, `primary-region`, `owning-service`: the value is a
//!   case-sensitive prefix of the attribute (of any tag, for the tag keys);
//! - `description`: every word of the value starts a word of the description, ignoring case
//!   (AWS says "prefix match", but matches words: `one two` finds "one and two");
//! - `all`: every word of the value starts a word of one and the same attribute (the name, the
//!   description, one tag key or one tag value), ignoring case.
//!
//! Words break at anything not a letter or digit, between letters and digits, and where a
//! lower-case letter meets an upper-case one (`credsDatabase#892` is creds, Database, 892).
//! A value starting with `!` matches what the rest does not. Values of one filter are alternatives
//! (OR); all filters must hold (AND).
//!
//! Only the page's entries are built. Listings by name or by creation date (the default) seek in
//! the partition's indexes to the position their NextToken names and read one page, whatever the
//! partition's size; the orders that change as secrets are used (last changed, last accessed)
//! select the page from a pass over the partition.

use crate::errors;
use crate::ops::describe::list_entry;
use crate::pagination;
use crate::secret::Secret;
use crate::state::Emulator;
use crate::store::{CreatedPosition, Partition, PartitionKey, is_purged};
use generated::{
    Filter, FilterNameStringType, InvalidNextTokenException, InvalidParameterException,
    ListSecretsError, ListSecretsRequest, ListSecretsResponse, SortByType, SortOrderType,
};
use runtime::{RequestContext, Timestamp};

/// Page size when the request gives no MaxResults (the model caps it at 100 too).
const DEFAULT_MAX_RESULTS: usize = 100;

pub fn list_secrets(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: ListSecretsRequest,
) -> Result<ListSecretsResponse, ListSecretsError> {
    let filters = input.filters.unwrap_or_default();
    check_filters::<ListSecretsError>(&filters)?;
    let include_planned_deletion = input.include_planned_deletion.unwrap_or(false);
    let sort_by = input.sort_by.unwrap_or(SortByType::CreatedDate);
    let sort_order = input.sort_order.unwrap_or(SortOrderType::Asc);
    let max_results = input
        .max_results
        .and_then(|max| usize::try_from(max).ok())
        .unwrap_or(DEFAULT_MAX_RESULTS);
    // A token resumes only the listing it was issued for.
    let scope =
        format!("ListSecrets {include_planned_deletion} {sort_by} {sort_order} {filters:?}");

    let now = emulator.clock.now();
    let partitions = emulator.store.read();
    let partition = partitions.get(&PartitionKey::of(ctx));
    let listed = |secret: &&Secret| {
        !is_purged(secret, now)
            && (include_planned_deletion || !secret.is_scheduled_for_deletion())
            && matches_filters(secret, &filters)
    };
    let token = input.next_token.as_deref();
    let page = match sort_by {
        SortByType::Name | SortByType::CreatedDate => seek_page(
            partition,
            &filters,
            sort_by,
            sort_order,
            &scope,
            token,
            max_results,
            listed,
        )?,
        SortByType::LastChangedDate | SortByType::LastAccessedDate => {
            let candidates: Vec<&Secret> = partition
                .map(|partition| partition.secrets().filter(listed).collect())
                .unwrap_or_default();
            let start = match token {
                Some(token) => {
                    pagination::decode(&scope, token).ok_or_else(errors::invalid_next_token)?
                }
                None => 0,
            };
            // The page, and one more to tell whether a next page exists.
            let needed = start.saturating_add(max_results.max(1)).saturating_add(1);
            let ordered = first_in_order(candidates, sort_by, sort_order, needed);
            pagination::paginate(ordered, &scope, token, max_results)?
        }
    };
    Ok(ListSecretsResponse {
        secret_list: Some(page.items.into_iter().map(list_entry).collect()),
        next_token: page.next_token,
    })
}

/// A page of a listing by name or by creation date, the orders the partition keeps indexed: it
/// seeks to the position the token names and reads one page (and one more secret, to know
/// whether a next page exists), whatever the partition's size.
#[allow(clippy::too_many_arguments)]
fn seek_page<'a>(
    partition: Option<&'a Partition>,
    filters: &'a [Filter],
    sort_by: SortByType,
    sort_order: SortOrderType,
    scope: &str,
    token: Option<&str>,
    max_results: usize,
    listed: impl Fn(&&'a Secret) -> bool,
) -> Result<pagination::Page<&'a Secret>, InvalidNextTokenException> {
    let after = match token {
        Some(token) => {
            Some(pagination::decode_position(scope, token).ok_or_else(errors::invalid_next_token)?)
        }
        None => None,
    };
    let Some(partition) = partition else {
        return Ok(pagination::Page {
            items: Vec::new(),
            next_token: None,
        });
    };
    let descending = sort_order == SortOrderType::Desc;
    // `name` filters need only the name, which the indexes hold: most secrets a selective filter
    // passes over are never read. `listed` still checks every filter.
    let admit = |name: &str| name_filters_admit(name, filters);
    let ordered = match sort_by {
        SortByType::Name => partition.by_name_after(after.as_deref(), descending, admit),
        _ => {
            let after = match after.as_deref() {
                Some(position) => {
                    Some(parse_created_position(position).ok_or_else(errors::invalid_next_token)?)
                }
                None => None,
            };
            partition.by_created_after(after.as_ref(), descending, admit)
        }
    };
    let mut visible = ordered.filter(listed);
    let items: Vec<&Secret> = visible.by_ref().take(max_results.max(1)).collect();
    let next_token = match items.last() {
        Some(last) if visible.next().is_some() => {
            let position = match sort_by {
                SortByType::Name => last.name.clone(),
                _ => {
                    let (created, seq) = last.creation_order();
                    format!("{}/{seq}/{}", created.epoch_millis(), last.name)
                }
            };
            Some(pagination::encode_position(scope, &position))
        }
        _ => None,
    };
    Ok(pagination::Page { items, next_token })
}

/// `millis/sequence/name`, the position of a secret in creation order.
fn parse_created_position(position: &str) -> Option<CreatedPosition> {
    let (millis, rest) = position.split_once('/')?;
    let (seq, name) = rest.split_once('/')?;
    Some((
        Timestamp::from_epoch_millis(millis.parse().ok()?),
        seq.parse().ok()?,
        name.to_owned(),
    ))
}

/// Refuses a filter without a key or without values. The model lets both be absent; AWS does
/// not. (The texts are moto's; no AWS capture of them exists.)
pub fn check_filters<E: From<InvalidParameterException>>(filters: &[Filter]) -> Result<(), E> {
    for filter in filters {
        let key = filter
            .key
            .ok_or_else(|| InvalidParameterException::new("Invalid filter key"))?;
        if filter.values.as_ref().is_none_or(Vec::is_empty) {
            return Err(InvalidParameterException::new(format!(
                "Invalid filter values for key: {key}"
            ))
            .into());
        }
    }
    Ok(())
}

/// Whether `secret` passes every filter (a filter passes when any of its values matches). A
/// filter without a key or values matches nothing: callers refuse those first with
/// [`check_filters`].
pub fn matches_filters(secret: &Secret, filters: &[Filter]) -> bool {
    filters.iter().all(|filter| {
        let (Some(key), Some(values)) = (filter.key, filter.values.as_ref()) else {
            return false;
        };
        values.iter().any(|value| matches_value(secret, key, value))
    })
}

/// Whether `name` passes every `name` filter: a secret whose name fails one cannot match
/// [`matches_filters`], whatever its other attributes.
fn name_filters_admit(name: &str, filters: &[Filter]) -> bool {
    filters
        .iter()
        .filter(|filter| filter.key == Some(FilterNameStringType::Name))
        .all(|filter| {
            filter
                .values
                .iter()
                .flatten()
                .any(|value| negatable(value, |term| name.starts_with(term)))
        })
}

/// One filter value, `!` meaning "does not match the rest".
fn matches_value(secret: &Secret, key: FilterNameStringType, value: &str) -> bool {
    negatable(value, |term| matches_term(secret, key, term))
}

fn negatable(value: &str, matches: impl Fn(&str) -> bool) -> bool {
    match value.strip_prefix('!') {
        Some(negated) => !matches(negated),
        None => matches(value),
    }
}

fn matches_term(secret: &Secret, key: FilterNameStringType, term: &str) -> bool {
    let starts = |attribute: &str| attribute.starts_with(term);
    match key {
        FilterNameStringType::Name => starts(&secret.name),
        FilterNameStringType::TagKey => tag_keys(secret).any(starts),
        FilterNameStringType::TagValue => tag_values(secret).any(starts),
        FilterNameStringType::PrimaryRegion => secret.shown_primary_region().is_some_and(starts),
        FilterNameStringType::OwningService => secret.owning_service.as_deref().is_some_and(starts),
        FilterNameStringType::Description => {
            words_start_words_of(term, secret.description.as_deref().unwrap_or_default())
        }
        FilterNameStringType::All => {
            searchable_attributes(secret).any(|attribute| words_start_words_of(term, attribute))
        }
    }
}

/// Whether `term` has words and each of them starts a word of `attribute`. The `all` filter asks
/// this of one attribute at a time, so words found in different attributes do not add up (a moto
/// test verified against AWS: `SecretOne` does not find `SecretTwo`, `SomeSecret` finds nothing,
/// `d t` finds only the secret described as `DescTwo`).
fn words_start_words_of(term: &str, attribute: &str) -> bool {
    has_words(term) && words(term).all(|word| starts_a_word(attribute, word))
}

fn tag_keys(secret: &Secret) -> impl Iterator<Item = &str> {
    secret
        .tags
        .iter()
        .flatten()
        .filter_map(|tag| tag.key.as_deref())
}

fn tag_values(secret: &Secret) -> impl Iterator<Item = &str> {
    secret
        .tags
        .iter()
        .flatten()
        .filter_map(|tag| tag.value.as_deref())
}

/// What the `all` filter searches: the name, the description, and every tag key and value.
fn searchable_attributes(secret: &Secret) -> impl Iterator<Item = &str> {
    std::iter::once(secret.name.as_str())
        .chain(secret.description.as_deref())
        .chain(tag_keys(secret))
        .chain(tag_values(secret))
}

/// Whether some word of `text` starts with `word`, ignoring ASCII case. Equivalent to
/// `words(text).any(..)`, but only splits where the first letter already matches: a filter
/// runs this over every secret in the region.
fn starts_a_word(text: &str, word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    text.bytes().enumerate().any(|(index, byte)| {
        byte.eq_ignore_ascii_case(&first)
            && text.is_char_boundary(index)
            && is_word_start(text, index)
            && words(&text[index..])
                .next()
                .and_then(|candidate| candidate.as_bytes().get(..word.len()))
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(word.as_bytes()))
    })
}

/// Whether a word of `text` starts at byte `index` (a character boundary).
fn is_word_start(text: &str, index: usize) -> bool {
    let Some((current, length)) = CharKind::at(text, index) else {
        return false;
    };
    let previous = text[..index].chars().next_back().map(CharKind::of);
    let next = CharKind::at(text, index + length).map(|(kind, _)| kind);
    current != CharKind::Separator
        && previous.is_none_or(|previous| !continues_word(previous, current, next))
}

fn has_words(text: &str) -> bool {
    words(text).next().is_some()
}

/// The words of `text`, as AWS's search splits it.
fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

struct Words<'a> {
    rest: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    Upper,
    Lower,
    Digit,
    Separator,
}

impl CharKind {
    /// The kind of the character starting at byte `index` of `text`, and its length in bytes.
    /// ASCII, by far the common case, skips the Unicode tables.
    fn at(text: &str, index: usize) -> Option<(Self, usize)> {
        let byte = *text.as_bytes().get(index)?;
        if byte.is_ascii() {
            return Some((Self::of_ascii(byte), 1));
        }
        let c = text.get(index..)?.chars().next()?;
        Some((Self::of_unicode(c), c.len_utf8()))
    }

    fn of_ascii(byte: u8) -> Self {
        match byte {
            b'0'..=b'9' => CharKind::Digit,
            b'A'..=b'Z' => CharKind::Upper,
            b'a'..=b'z' => CharKind::Lower,
            _ => CharKind::Separator,
        }
    }

    fn of(c: char) -> Self {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => Self::of_ascii(byte),
            _ => Self::of_unicode(c),
        }
    }

    fn of_unicode(c: char) -> Self {
        if c.is_numeric() {
            CharKind::Digit
        } else if c.is_uppercase() {
            CharKind::Upper
        } else if c.is_alphabetic() {
            // Letters without case join words like lower-case ones.
            CharKind::Lower
        } else {
            CharKind::Separator
        }
    }
}

/// Whether a word running through `previous` goes on with `current`; `next` tells where an
/// upper-case run ends (`DBPassword` is DB, Password).
fn continues_word(previous: CharKind, current: CharKind, next: Option<CharKind>) -> bool {
    use CharKind::*;
    match (previous, current) {
        (_, Separator) | (Separator, _) => false,
        (Digit, Digit) | (Lower, Lower) | (Upper, Lower) => true,
        (Upper, Upper) => next != Some(Lower),
        (Lower, Upper) | (Digit, _) | (_, Digit) => false,
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest;
        let mut index = 0;
        let (mut previous, length) = loop {
            let (kind, length) = CharKind::at(text, index)?;
            if kind != CharKind::Separator {
                break (kind, length);
            }
            index += length;
        };
        let start = index;
        index += length;
        while let Some((current, length)) = CharKind::at(text, index) {
            let next = CharKind::at(text, index + length).map(|(kind, _)| kind);
            if !continues_word(previous, current, next) {
                break;
            }
            previous = current;
            index += length;
        }
        self.rest = &text[index..];
        Some(&text[start..index])
    }
}

/// `secrets` (in name order, as the store keeps them) in the requested order. Ties keep name
/// order, so every order is total and pages never overlap.
/// The first `count` secrets in listing order: by the `sort_by` key (read once per secret: the
/// last-accessed day can change under a read lock, and a key that moves during a sort would
/// break its ordering), names breaking ties, both reversed for `desc`. Only those `count` are
/// sorted: a page of a large store costs a selection pass, not a full sort.
fn first_in_order(
    secrets: Vec<&Secret>,
    sort_by: SortByType,
    sort_order: SortOrderType,
    count: usize,
) -> Vec<&Secret> {
    let key = |secret: &Secret| match sort_by {
        SortByType::Name => None,
        SortByType::CreatedDate => Some(secret.created),
        SortByType::LastChangedDate => Some(secret.last_changed),
        // Never-read secrets come first in ascending order.
        SortByType::LastAccessedDate => secret.last_accessed.get(),
    };
    let mut keyed: Vec<(Option<Timestamp>, &Secret)> = secrets
        .into_iter()
        .map(|secret| (key(secret), secret))
        .collect();
    let order = |a: &(Option<Timestamp>, &Secret), b: &(Option<Timestamp>, &Secret)| {
        let ascending = a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name));
        match sort_order {
            SortOrderType::Asc => ascending,
            SortOrderType::Desc => ascending.reverse(),
        }
    };
    if count < keyed.len() {
        keyed.select_nth_unstable_by(count, order);
        keyed.truncate(count);
    }
    // Names are unique within a partition, so the order is total and an unstable sort is exact.
    keyed.sort_unstable_by(order);
    keyed.into_iter().map(|(_, secret)| secret).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use generated::Tag;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_700_000_000_000);

    fn secret(name: &str) -> Secret {
        Secret::new(name.into(), format!("arn:{name}"), NOW)
    }

    fn described(name: &str, description: &str) -> Secret {
        Secret {
            description: Some(description.into()),
            ..secret(name)
        }
    }

    fn tagged(name: &str, tags: &[(&str, &str)]) -> Secret {
        Secret {
            tags: Some(
                tags.iter()
                    .map(|(key, value)| Tag {
                        key: Some((*key).into()),
                        value: Some((*value).into()),
                    })
                    .collect(),
            ),
            ..secret(name)
        }
    }

    fn filter(key: FilterNameStringType, values: &[&str]) -> Filter {
        Filter {
            key: Some(key),
            values: Some(values.iter().map(|value| (*value).into()).collect()),
        }
    }

    fn matching<'a>(secrets: &'a [Secret], filters: &[Filter]) -> Vec<&'a str> {
        secrets
            .iter()
            .filter(|secret| matches_filters(secret, filters))
            .map(|secret| secret.name.as_str())
            .collect()
    }

    fn split(text: &str) -> Vec<&str> {
        words(text).collect()
    }

    #[test]
    fn words_break_at_separators_case_changes_and_digits() {
        assert_eq!(split("credsDatabase#892"), ["creds", "Database", "892"]);
        assert_eq!(split("My_Secret"), ["My", "Secret"]);
        assert_eq!(split("prod/db-password"), ["prod", "db", "password"]);
        assert_eq!(split("DBPassword2024"), ["DB", "Password", "2024"]);
        assert_eq!(split("one  and two "), ["one", "and", "two"]);
        assert!(split("/-_ ").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn word_prefix_search_agrees_with_splitting() {
        let texts = [
            "DBPassword2024",
            "credsDatabase#892",
            "prod/db-password",
            "Ünïcode Wörd—dash",
            "aaa aab",
            "",
        ];
        let queries = [
            "db", "dbp", "pass", "PASSWORD", "2024", "w", "wörd", "dash", "aab", "a",
        ];
        for text in texts {
            for query in queries {
                let by_splitting = words(text).any(|word| {
                    word.as_bytes()
                        .get(..query.len())
                        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(query.as_bytes()))
                });
                assert_eq!(
                    starts_a_word(text, query),
                    by_splitting,
                    "{text:?} {query:?}"
                );
            }
        }
        assert!(
            !starts_a_word("DBPassword", "dbp"),
            "a match may not cross a word break"
        );
    }

    #[test]
    fn name_is_a_case_sensitive_prefix() {
        let secrets = [
            secret("DatabaseSecret"),
            secret("databaseSecret"),
            secret("MyData"),
        ];
        let names = matching(&secrets, &[filter(FilterNameStringType::Name, &["Data"])]);
        assert_eq!(names, ["DatabaseSecret"]);
    }

    #[test]
    fn description_matches_every_word_ignoring_case() {
        let secrets = [
            described("both", "one two"),
            described("spread", "One and Two"),
            described("first", "one"),
            described("prefix", "onerous twofold"),
            described("unrelated", "three"),
            secret("none"),
        ];
        let key = FilterNameStringType::Description;
        assert_eq!(
            matching(&secrets, &[filter(key, &["one two"])]),
            ["both", "spread", "prefix"]
        );
        assert_eq!(
            matching(&secrets, &[filter(key, &["ONE"])]),
            ["both", "spread", "first", "prefix"]
        );
        assert!(matching(&secrets, &[filter(key, &["ne"])]).is_empty());
    }

    #[test]
    fn tag_filters_match_any_tag_by_prefix() {
        let secrets = [
            tagged("a", &[("env", "prod"), ("team", "pay")]),
            tagged("b", &[("Environment", "production")]),
            secret("c"),
        ];
        assert_eq!(
            matching(&secrets, &[filter(FilterNameStringType::TagKey, &["env"])]),
            ["a"]
        );
        assert_eq!(
            matching(
                &secrets,
                &[filter(FilterNameStringType::TagValue, &["prod"])]
            ),
            ["a", "b"]
        );
    }

    #[test]
    fn primary_region_and_owning_service_are_prefixes_of_fields_that_may_be_absent() {
        let replica = Secret {
            primary_region: Some("eu-west-1".into()),
            ..secret("replica")
        };
        let managed = Secret {
            owning_service: Some("rds".into()),
            ..secret("managed")
        };
        let secrets = [replica, managed, secret("plain")];
        assert_eq!(
            matching(
                &secrets,
                &[filter(FilterNameStringType::PrimaryRegion, &["eu-"])]
            ),
            ["replica"]
        );
        assert_eq!(
            matching(
                &secrets,
                &[filter(FilterNameStringType::OwningService, &["rd"])]
            ),
            ["managed"]
        );
    }

    #[test]
    fn all_matches_any_searchable_attribute() {
        let secrets = [
            secret("foo"),
            described("bar", "the Foo service"),
            tagged("baz", &[("foo", "1")]),
            tagged("qux", &[("1", "FOOBAR")]),
            secret("none"),
        ];
        assert_eq!(
            matching(&secrets, &[filter(FilterNameStringType::All, &["foo"])]),
            ["foo", "bar", "baz", "qux"]
        );
    }

    #[test]
    fn all_needs_every_word_in_one_and_the_same_attribute() {
        let secrets = [
            secret("SecretOne"),
            described("SecretTwo", "DescTwo"),
            secret("Thirdsecret"),
            tagged("SecretFTag", &[("1", "foo")]),
            tagged("SecretFValue", &[("foo", "v")]),
            // Each word is somewhere, but no attribute has both.
            tagged("split", &[("Some", "Secret")]),
        ];
        let all = |value: &str| matching(&secrets, &[filter(FilterNameStringType::All, &[value])]);
        assert_eq!(all("SecretOne"), ["SecretOne"]);
        assert!(all("SomeSecret").is_empty());
        assert_eq!(all("d t"), ["SecretTwo"]);
        assert_eq!(all("d"), ["SecretTwo"]);
        assert_eq!(all("t"), ["SecretTwo", "Thirdsecret", "SecretFTag"]);
        assert!(all("ret").is_empty());
        assert!(all("+").is_empty(), "a value without words matches nothing");
        // Values stay alternatives, and `!` negates a whole value.
        assert_eq!(
            matching(
                &secrets,
                &[filter(FilterNameStringType::All, &["SecretOne", "d t"])]
            ),
            ["SecretOne", "SecretTwo"]
        );
        assert_eq!(
            matching(&secrets, &[filter(FilterNameStringType::All, &["!Secret"])]),
            ["Thirdsecret"]
        );
    }

    #[test]
    fn negation_values_alternatives_and_filter_conjunction() {
        let secrets = [
            tagged("app/one", &[("env", "prod")]),
            tagged("app/two", &[("env", "dev")]),
            tagged("db/one", &[("env", "prod")]),
        ];
        let name = FilterNameStringType::Name;
        let value = FilterNameStringType::TagValue;
        assert_eq!(matching(&secrets, &[filter(name, &["!app"])]), ["db/one"]);
        assert_eq!(
            matching(&secrets, &[filter(name, &["db", "app/t"])]),
            ["app/two", "db/one"]
        );
        assert_eq!(
            matching(
                &secrets,
                &[filter(name, &["app"]), filter(value, &["prod"])]
            ),
            ["app/one"]
        );
        assert_eq!(
            matching(
                &secrets,
                &[filter(name, &["app"]), filter(value, &["!prod"])]
            ),
            ["app/two"]
        );
    }

    #[test]
    fn a_filter_without_key_or_values_is_refused_and_matches_nothing() {
        let keyless = Filter {
            key: None,
            values: Some(vec!["x".into()]),
        };
        let valueless = Filter {
            key: Some(FilterNameStringType::Name),
            values: None,
        };
        let error =
            check_filters::<InvalidParameterException>(std::slice::from_ref(&keyless)).unwrap_err();
        assert_eq!(error.message.as_deref(), Some("Invalid filter key"));
        let error = check_filters::<InvalidParameterException>(std::slice::from_ref(&valueless))
            .unwrap_err();
        assert_eq!(
            error.message.as_deref(),
            Some("Invalid filter values for key: name")
        );
        assert!(!matches_filters(&secret("x"), &[keyless]));
        assert!(!matches_filters(&secret("x"), &[valueless]));
    }

    #[test]
    fn sorting_is_total_with_names_breaking_ties() {
        let mut early = secret("b");
        early.created = NOW.plus_millis(-10);
        let same_time_a = secret("a");
        let same_time_c = secret("c");
        let secrets = [&same_time_a, &early, &same_time_c];
        let names = |sorted: Vec<&Secret>| -> Vec<String> {
            sorted
                .into_iter()
                .map(|secret| secret.name.clone())
                .collect()
        };
        let by_created = first_in_order(
            secrets.to_vec(),
            SortByType::CreatedDate,
            SortOrderType::Asc,
            usize::MAX,
        );
        assert_eq!(names(by_created), ["b", "a", "c"]);
        let by_created = first_in_order(
            secrets.to_vec(),
            SortByType::CreatedDate,
            SortOrderType::Desc,
            usize::MAX,
        );
        assert_eq!(names(by_created), ["c", "a", "b"]);
    }

    #[test]
    fn never_accessed_secrets_sort_first() {
        let read = secret("a");
        read.last_accessed.touch(NOW);
        let unread = secret("b");
        let sorted = first_in_order(
            vec![&read, &unread],
            SortByType::LastAccessedDate,
            SortOrderType::Asc,
            usize::MAX,
        );
        assert_eq!(sorted[0].name, "b");
    }

    #[test]
    fn the_name_prefilter_never_refuses_a_match() {
        let secrets = [
            described("app/db", "one and two"),
            described("web/api", "api keys"),
        ];
        let filter = |key, values: &[&str]| Filter {
            key: Some(key),
            values: Some(values.iter().map(|value| value.to_string()).collect()),
        };
        let cases = [
            vec![filter(FilterNameStringType::Name, &["app"])],
            vec![filter(FilterNameStringType::Name, &["!app"])],
            vec![
                filter(FilterNameStringType::Name, &["web", "app/"]),
                filter(FilterNameStringType::Description, &["one"]),
            ],
            vec![filter(FilterNameStringType::All, &["api"])],
        ];
        for filters in &cases {
            for secret in &secrets {
                if matches_filters(secret, filters) {
                    assert!(name_filters_admit(&secret.name, filters), "{filters:?}");
                }
            }
        }
        assert!(!name_filters_admit("web/api", &cases[0]));
        assert!(name_filters_admit("web/api", &cases[1]));
    }

    #[test]
    fn the_first_few_are_the_prefix_of_the_full_order() {
        let secrets: Vec<Secret> = (0..50)
            .map(|index| {
                let mut secret = secret(&format!("s{:02}", (index * 37) % 50));
                secret.created = NOW.plus_millis(i64::from(index % 7));
                secret
            })
            .collect();
        let all: Vec<&Secret> = secrets.iter().collect();
        for order in [SortOrderType::Asc, SortOrderType::Desc] {
            let full = first_in_order(all.clone(), SortByType::CreatedDate, order, usize::MAX);
            for count in [0, 1, 10, 49, 50] {
                let prefix = first_in_order(all.clone(), SortByType::CreatedDate, order, count);
                let expected: Vec<&str> = full[..count].iter().map(|s| s.name.as_str()).collect();
                let actual: Vec<&str> = prefix.iter().map(|s| s.name.as_str()).collect();
                assert_eq!(actual, expected);
            }
        }
    }
}
