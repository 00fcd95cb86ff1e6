//! The tag rules every path that adds or removes tags shares (CreateSecret, TagResource,
//! UntagResource): a key appears once, the `aws:` prefix is AWS's own, and a secret holds at most
//! 50 tags.

use generated::{InvalidParameterException, Tag};

/// AWS's quota of user tags per secret.
pub(crate) const MAX_TAGS: usize = 50;

/// Keys with this prefix (in any case) belong to AWS; users can neither add nor remove them.
const RESERVED_PREFIX: &str = "aws:";

/// `existing` with `added` applied: a new key is appended, a known key gets the new value in
/// place. Refuses a tag without a key, a reserved key, a key given twice, and a result over
/// [`MAX_TAGS`]. CreateSecret calls this with no existing tags.
pub(crate) fn merge_tags(
    existing: Option<&[Tag]>,
    added: &[Tag],
) -> Result<Vec<Tag>, InvalidParameterException> {
    for (index, tag) in added.iter().enumerate() {
        let key = tag.key.as_deref().ok_or_else(missing_key)?;
        check_not_system_key(key)?;
        if added[..index]
            .iter()
            .any(|earlier| earlier.key.as_deref() == Some(key))
        {
            return Err(duplicate_key(key));
        }
    }
    let mut merged = existing.map(<[Tag]>::to_vec).unwrap_or_default();
    for tag in added {
        let value = Some(tag.value.clone().unwrap_or_default());
        match merged.iter_mut().find(|known| known.key == tag.key) {
            Some(known) => known.value = value,
            None => merged.push(Tag {
                key: tag.key.clone(),
                value,
            }),
        }
    }
    if merged.len() > MAX_TAGS {
        return Err(too_many_tags());
    }
    Ok(merged)
}

/// Refuses a key of AWS's own (`aws:` in any case): every path that adds or removes tags goes
/// through here, CreateSecret and TagResource by [`merge_tags`], UntagResource directly.
pub(crate) fn check_not_system_key(key: &str) -> Result<(), InvalidParameterException> {
    let reserved = key
        .get(..RESERVED_PREFIX.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(RESERVED_PREFIX));
    if reserved {
        return Err(system_key(key));
    }
    Ok(())
}

/// AWS's text, as pasted from a TagResource refusal (cloud-custodian issue 9093).
fn system_key(key: &str) -> InvalidParameterException {
    InvalidParameterException::new(format!("You can't modify system tags. Tag key: '{key}'."))
}

// AWS's texts for these are not recorded in any source we trust; these are ours, in AWS's style.

fn missing_key() -> InvalidParameterException {
    InvalidParameterException::new("You must specify a Key for every tag.")
}

fn duplicate_key(key: &str) -> InvalidParameterException {
    InvalidParameterException::new(format!(
        "The tag key {key} appears more than once in the request."
    ))
}

fn too_many_tags() -> InvalidParameterException {
    InvalidParameterException::new(format!("A secret can have at most {MAX_TAGS} tags."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: Some(key.into()),
            value: Some(value.into()),
        }
    }

    fn keys_and_values(tags: &[Tag]) -> Vec<(&str, &str)> {
        tags.iter()
            .map(|tag| {
                (
                    tag.key.as_deref().unwrap_or_default(),
                    tag.value.as_deref().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn new_keys_are_appended_and_known_keys_replaced_in_place() {
        let existing = [tag("a", "1"), tag("b", "2")];
        let merged = merge_tags(Some(&existing), &[tag("c", "3"), tag("a", "9")]).unwrap();
        assert_eq!(
            keys_and_values(&merged),
            [("a", "9"), ("b", "2"), ("c", "3")]
        );
    }

    #[test]
    fn a_missing_value_is_an_empty_value() {
        let merged = merge_tags(
            None,
            &[Tag {
                key: Some("k".into()),
                value: None,
            }],
        )
        .unwrap();
        assert_eq!(merged[0].value.as_deref(), Some(""));
    }

    #[test]
    fn refuses_keys_that_are_missing_reserved_or_repeated() {
        let keyless = Tag {
            key: None,
            value: Some("v".into()),
        };
        assert_eq!(merge_tags(None, &[keyless]), Err(missing_key()));
        assert_eq!(
            merge_tags(None, &[tag("AWS:owner", "x")]),
            Err(system_key("AWS:owner"))
        );
        assert_eq!(
            merge_tags(None, &[tag("k", "1"), tag("k", "2")]),
            Err(duplicate_key("k"))
        );
    }

    #[test]
    fn at_most_fifty_tags_counting_existing_ones() {
        let fifty: Vec<Tag> = (0..MAX_TAGS).map(|i| tag(&format!("k{i}"), "v")).collect();
        let full = merge_tags(None, &fifty).unwrap();
        // Replacing a value keeps the count; a new key would pass the limit.
        assert!(merge_tags(Some(&full), &[tag("k0", "new")]).is_ok());
        assert_eq!(
            merge_tags(Some(&full), &[tag("one-more", "v")]),
            Err(too_many_tags())
        );
    }
}
