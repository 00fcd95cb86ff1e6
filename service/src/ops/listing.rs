//! ListSecrets: one account's secrets in one region, filtered (see [`crate::filters`]), sorted
//! and paged.
//!
//! Only the page's entries are built. Listings by name or by creation date (the default) seek in
//! the partition's indexes to the position their NextToken names and read one page, whatever the
//! partition's size; the orders that change as secrets are used (last changed, last accessed)
//! select the page from a pass over the partition.

use crate::describe::list_entry;
use crate::errors;
use crate::filters::{check_filters, matches_filters, name_filters_admit};
use crate::pagination;
use crate::secret::Secret;
use crate::state::Emulator;
use crate::store::{CreatedPosition, Partition, PartitionKey, is_purged};
use generated::{
    Filter, InvalidNextTokenException, ListSecretsError, ListSecretsRequest, ListSecretsResponse,
    SortByType, SortOrderType,
};
use runtime::{RequestContext, Timestamp};

/// Page size when the request gives no MaxResults (the model caps it at 100 too).
const DEFAULT_MAX_RESULTS: usize = 100;

/// What one ListSecrets request asks for, beside its NextToken.
struct Query {
    filters: Vec<Filter>,
    include_planned_deletion: bool,
    sort_by: SortByType,
    sort_order: SortOrderType,
    max_results: usize,
    /// What a NextToken is issued for: a token resumes only the listing it was issued for.
    scope: String,
}

impl Query {
    fn of(input: ListSecretsRequest) -> Self {
        let filters = input.filters.unwrap_or_default();
        let include_planned_deletion = input.include_planned_deletion.unwrap_or(false);
        let sort_by = input.sort_by.unwrap_or(SortByType::CreatedDate);
        let sort_order = input.sort_order.unwrap_or(SortOrderType::Asc);
        let max_results = input
            .max_results
            .and_then(|max| usize::try_from(max).ok())
            .unwrap_or(DEFAULT_MAX_RESULTS);
        let scope =
            format!("ListSecrets {include_planned_deletion} {sort_by} {sort_order} {filters:?}");
        Self {
            filters,
            include_planned_deletion,
            sort_by,
            sort_order,
            max_results,
            scope,
        }
    }

    /// Whether `secret` is listed at `now`: it exists, it is not scheduled for deletion unless
    /// those are asked for, and it passes the filters.
    fn lists(&self, secret: &Secret, now: Timestamp) -> bool {
        !is_purged(secret, now)
            && (self.include_planned_deletion || !secret.is_scheduled_for_deletion())
            && matches_filters(secret, &self.filters)
    }
}

pub(crate) fn list_secrets(
    emulator: &Emulator,
    ctx: &RequestContext,
    mut input: ListSecretsRequest,
) -> Result<ListSecretsResponse, ListSecretsError> {
    let token = input.next_token.take();
    let query = Query::of(input);
    check_filters::<ListSecretsError>(&query.filters)?;

    let now = emulator.clock.now();
    let partitions = emulator.store.read();
    let partition = partitions.get(&PartitionKey::of(ctx));
    let page = match query.sort_by {
        SortByType::Name | SortByType::CreatedDate => {
            seek_page(partition, &query, token.as_deref(), now)?
        }
        SortByType::LastChangedDate | SortByType::LastAccessedDate => {
            select_page(partition, &query, token.as_deref(), now)?
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
fn seek_page<'a>(
    partition: Option<&'a Partition>,
    query: &'a Query,
    token: Option<&str>,
    now: Timestamp,
) -> Result<pagination::Page<&'a Secret>, InvalidNextTokenException> {
    let after = match token {
        Some(token) => Some(
            pagination::decode_position(&query.scope, token)
                .ok_or_else(errors::invalid_next_token)?,
        ),
        None => None,
    };
    let Some(partition) = partition else {
        return Ok(pagination::Page {
            items: Vec::new(),
            next_token: None,
        });
    };
    let descending = query.sort_order == SortOrderType::Desc;
    // `name` filters need only the name, which the indexes hold: most secrets a selective filter
    // passes over are never read. `lists` still checks every filter.
    let admit = |name: &str| name_filters_admit(name, &query.filters);
    let ordered = match query.sort_by {
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
    let mut visible = ordered.filter(|secret| query.lists(secret, now));
    let items: Vec<&Secret> = visible.by_ref().take(query.max_results.max(1)).collect();
    let next_token = match items.last() {
        Some(last) if visible.next().is_some() => {
            let position = match query.sort_by {
                SortByType::Name => last.name.clone(),
                _ => {
                    let (created, seq) = last.creation_order();
                    format!("{}/{seq}/{}", created.epoch_millis(), last.name)
                }
            };
            Some(pagination::encode_position(&query.scope, &position))
        }
        _ => None,
    };
    Ok(pagination::Page { items, next_token })
}

/// A page of a listing by last changed or last accessed date, orders no index keeps: the page
/// is selected from a pass over the partition, and the token counts secrets.
fn select_page<'a>(
    partition: Option<&'a Partition>,
    query: &Query,
    token: Option<&str>,
    now: Timestamp,
) -> Result<pagination::Page<&'a Secret>, InvalidNextTokenException> {
    let candidates: Vec<&Secret> = partition
        .map(|partition| {
            partition
                .secrets()
                .filter(|secret| query.lists(secret, now))
                .collect()
        })
        .unwrap_or_default();
    let start = match token {
        Some(token) => {
            pagination::decode(&query.scope, token).ok_or_else(errors::invalid_next_token)?
        }
        None => 0,
    };
    // The page, and one more to tell whether a next page exists.
    let needed = start
        .saturating_add(query.max_results.max(1))
        .saturating_add(1);
    let ordered = first_in_order(candidates, query.sort_by, query.sort_order, needed);
    pagination::paginate(ordered, &query.scope, token, query.max_results)
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

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_700_000_000_000);

    fn secret(name: &str) -> Secret {
        Secret::new(name.into(), format!("arn:{name}"), NOW)
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
