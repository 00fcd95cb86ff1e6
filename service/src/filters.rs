//! ListSecrets' and BatchGetSecretValue's filters.
//!
//! Filters follow AWS's documentation of `Filter.Key` and its console search guide:
//! - `name`, `tag-key`, `tag-value`, `primary-region`, `owning-service`: the value is a
//!   case-sensitive prefix of the attribute (of any tag, for the tag keys);
//! - `description`: every word of the value starts a word of the description, ignoring case
//!   (AWS says "prefix match", but matches words: `one two` finds "one and two");
//! - `all`: every word of the value starts a word of one and the same attribute (the name, the
//!   description, one tag key or one tag value), ignoring case.
//!
//! A value starting with `!` matches what the rest does not. Values of one filter are
//! alternatives (OR); all filters must hold (AND). Words are split as [`crate::words`] says.

use crate::secret::Secret;
use crate::words::{has_words, starts_a_word, words};
use generated::{Filter, FilterNameStringType, InvalidParameterException};

/// Refuses a filter without a key or without values. The model lets both be absent; AWS does
/// not. (The texts are moto's; no AWS capture of them exists.)
pub(crate) fn check_filters<E: From<InvalidParameterException>>(
    filters: &[Filter],
) -> Result<(), E> {
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
pub(crate) fn matches_filters(secret: &Secret, filters: &[Filter]) -> bool {
    filters.iter().all(|filter| {
        let (Some(key), Some(values)) = (filter.key, filter.values.as_ref()) else {
            return false;
        };
        values.iter().any(|value| matches_value(secret, key, value))
    })
}

/// Whether `name` passes every `name` filter: a secret whose name fails one cannot match
/// [`matches_filters`], whatever its other attributes.
pub(crate) fn name_filters_admit(name: &str, filters: &[Filter]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use generated::Tag;
    use runtime::Timestamp;

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
}
