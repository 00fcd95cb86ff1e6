//! The `all` filter as AWS applies it, creation order in listings, and BatchGetSecretValue's
//! MaxResults rule.
//!
//! The `all` cases replay moto's `test_with_all_filter`, a test verified against AWS: its six
//! secrets (without the random suffix), its values and the secrets AWS returned, in the order
//! AWS returned them (creation order).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, SortByType, SortOrderType, Tag};
use common::{TestServer, assert_error, create_secret};

const ONE: &str = "SecretOne";
const TWO: &str = "SecretTwo";
const THIRD: &str = "Thirdsecret";
const TAG_VALUE_FOO: &str = "SecretFTag";
const TAG_KEY_FOO: &str = "SecretFValue";
const NO_MATCH: &str = "none";

fn all(values: &[&str]) -> Filter {
    Filter::builder()
        .key(FilterNameStringType::All)
        .set_values(Some(
            values.iter().map(|value| (*value).to_owned()).collect(),
        ))
        .build()
}

fn names<'a>(entries: impl Iterator<Item = Option<&'a str>>) -> Vec<String> {
    entries.map(|name| name.expect("Name").to_owned()).collect()
}

/// The names ListSecrets returns for `filter`, in the order returned.
async fn listed(client: &Client, filter: Filter) -> Vec<String> {
    let answer = client
        .list_secrets()
        .filters(filter)
        .send()
        .await
        .expect("list secrets");
    names(answer.secret_list().iter().map(|entry| entry.name()))
}

/// The names BatchGetSecretValue reads for `filter`, in the order returned.
async fn batch_read(client: &Client, filter: Filter) -> Vec<String> {
    let answer = client
        .batch_get_secret_value()
        .filters(filter)
        .send()
        .await
        .expect("batch get");
    let mut read = names(answer.secret_values().iter().map(|entry| entry.name()));
    read.sort();
    read
}

async fn create_moto_secrets(client: &Client) {
    let tag = |key: &str, value: &str| Tag::builder().key(key).value(value).build();
    create_secret(client, ONE, "s").await;
    client
        .create_secret()
        .name(TWO)
        .secret_string("s")
        .description("DescTwo")
        .send()
        .await
        .expect("create");
    create_secret(client, THIRD, "s").await;
    for (name, tag) in [
        (TAG_VALUE_FOO, tag("1", "foo")),
        (TAG_KEY_FOO, tag("foo", "v")),
    ] {
        client
            .create_secret()
            .name(name)
            .secret_string("s")
            .tags(tag)
            .send()
            .await
            .expect("create");
    }
    create_secret(client, NO_MATCH, "s").await;
}

#[tokio::test]
async fn the_all_filter_needs_every_word_in_one_and_the_same_attribute() {
    let server = TestServer::start().await;
    let client = server.client();
    create_moto_secrets(&client).await;

    let cases: [(&str, &[&str]); 10] = [
        // Both words are in SecretOne's name; SecretTwo's name has only one of them.
        ("SecretOne", &[ONE]),
        ("foo", &[TAG_VALUE_FOO, TAG_KEY_FOO]),
        ("Secret", &[ONE, TWO, TAG_VALUE_FOO, TAG_KEY_FOO]),
        ("secret", &[ONE, TWO, TAG_VALUE_FOO, TAG_KEY_FOO]),
        ("ret", &[]),
        ("sec", &[ONE, TWO, TAG_VALUE_FOO, TAG_KEY_FOO]),
        // No attribute has the word Some.
        ("SomeSecret", &[]),
        ("d", &[TWO]),
        // Desc and Two, both in SecretTwo's description.
        ("d t", &[TWO]),
        ("t", &[TWO, THIRD, TAG_VALUE_FOO]),
    ];
    for (value, expected) in cases {
        assert_eq!(listed(&client, all(&[value])).await, expected, "{value:?}");
    }

    // Values stay alternatives, and `!` negates a whole value.
    assert_eq!(
        listed(&client, all(&["SecretOne", "d t"])).await,
        [ONE, TWO]
    );
    assert_eq!(listed(&client, all(&["!Secret"])).await, [THIRD, NO_MATCH]);

    // BatchGetSecretValue selects by the same rule.
    assert_eq!(batch_read(&client, all(&["SecretOne"])).await, [ONE]);
    assert_eq!(batch_read(&client, all(&["d t"])).await, [TWO]);
    assert!(batch_read(&client, all(&["SomeSecret"])).await.is_empty());
}

/// Names that sort against the order they are created in: name order can never pass for
/// creation order.
fn created_names() -> Vec<String> {
    (0..30)
        .rev()
        .map(|index| format!("order/{index:02}"))
        .collect()
}

async fn listed_in_order(client: &Client, order: Option<SortOrderType>) -> Vec<String> {
    let answer = client
        .list_secrets()
        .sort_by(SortByType::CreatedDate)
        .set_sort_order(order)
        .send()
        .await
        .expect("list secrets");
    names(answer.secret_list().iter().map(|entry| entry.name()))
}

#[tokio::test]
async fn secrets_come_back_in_the_order_they_were_created() {
    let server = TestServer::start().await;
    let client = server.client();
    let created = created_names();
    // Created back to back, so that several often fall in the same millisecond, where only the
    // creation sequence keeps them in order.
    for name in &created {
        create_secret(&client, name, "v").await;
    }

    let default = client.list_secrets().send().await.expect("list secrets");
    assert_eq!(
        names(default.secret_list().iter().map(|entry| entry.name())),
        created
    );
    assert_eq!(listed_in_order(&client, None).await, created);
    assert_eq!(
        listed_in_order(&client, Some(SortOrderType::Asc)).await,
        created
    );
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(
        listed_in_order(&client, Some(SortOrderType::Desc)).await,
        newest_first
    );

    // Pages resume exactly where the last one ended, in both directions.
    for (order, expected) in [
        (SortOrderType::Asc, &created),
        (SortOrderType::Desc, &newest_first),
    ] {
        let mut paged = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .list_secrets()
                .sort_order(order.clone())
                .max_results(7)
                .set_next_token(token)
                .send()
                .await
                .expect("page");
            paged.extend(names(page.secret_list().iter().map(|entry| entry.name())));
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(&paged, expected, "{order:?}");
    }
}

#[tokio::test]
async fn batch_get_with_max_results_but_no_filters_is_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "batch/one", "v").await;

    assert_error(
        client
            .batch_get_secret_value()
            .secret_id_list("batch/one")
            .max_results(5)
            .send()
            .await,
        "InvalidParameterException",
        "MaxResults can be used only together with Filters.",
    );
    // Without MaxResults the same list is read.
    let read = client
        .batch_get_secret_value()
        .secret_id_list("batch/one")
        .send()
        .await
        .expect("batch get");
    assert_eq!(read.secret_values().len(), 1);
}
