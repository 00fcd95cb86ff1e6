//! A replay of the `all` filter as AWS applies it: moto's `test_with_all_filter`, a test verified
//! against AWS, with its six secrets (without the random suffix), its values and the secrets AWS
//! returned, in the order AWS returned them (creation order); and BatchGetSecretValue selecting
//! by the same rule. Part of the replay family (`replay_*.rs`).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, Tag};
use common::{TestServer, create_secret, entry_names as names};

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
    let (_server, client) = TestServer::with_client().await;
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
