//! A replay of ListSecrets filters against what real AWS answered: LocalStack's AWS-validated
//! `test_list_secrets_filtering` call for call (its four secrets, its filters, the secrets AWS
//! included and left out), and BatchGetSecretValue selecting with the same filters. Part of the
//! replay family (`replay_*.rs`).

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use common::{TestServer, create_secret, sorted_strings as sorted};

const ONE: &str = "testing1/one-12345";

const TWO: &str = "/testing2/two-12345";

const THREE: &str = "testing3/three-12345";

const FOUR: &str = "/testing4/four-12345";

fn filter(key: FilterNameStringType, value: &str) -> Filter {
    Filter::builder().key(key).values(value).build()
}

fn name(value: &str) -> Filter {
    filter(FilterNameStringType::Name, value)
}

fn description(value: &str) -> Filter {
    filter(FilterNameStringType::Description, value)
}

/// The names ListSecrets returns for `filters` (all in one page), sorted.
async fn listed(client: &Client, filters: &[Filter]) -> Vec<String> {
    let answer = client
        .list_secrets()
        .set_filters(Some(filters.to_vec()))
        .send()
        .await
        .expect("list secrets");
    let mut names: Vec<String> = answer
        .secret_list()
        .iter()
        .map(|entry| entry.name().expect("Name").to_owned())
        .collect();
    names.sort();
    names
}

/// The four secrets of the recording, with their descriptions.
async fn create_the_recorded_secrets(client: &Client) {
    for (secret_name, text) in [
        (ONE, "a secret"),
        (TWO, "an secret"),
        (THREE, "asecret"),
        (FOUR, "thesecret"),
    ] {
        client
            .create_secret()
            .name(secret_name)
            .secret_string("secret")
            .description(text)
            .send()
            .await
            .expect("create");
    }
}

/// Recorded: `test_list_secrets_filtering`. Name is a prefix of the whole name (`testing1 one`
/// is no prefix); description matches words by prefix (`a` finds "an secret" and "asecret", but
/// `a secret` needs both words, so not "asecret"); `!` negates a value; filters are ANDed.
#[tokio::test]
async fn filters_select_what_aws_selected() {
    let (_server, client) = TestServer::with_client().await;
    create_the_recorded_secrets(&client).await;

    let cases: Vec<(Vec<Filter>, Vec<String>)> = vec![
        (vec![name("/")], sorted(&[TWO, FOUR])),
        (vec![name("!/")], sorted(&[ONE, THREE])),
        (vec![name("testing1 one")], vec![]),
        (vec![description("a")], sorted(&[ONE, TWO, THREE])),
        (vec![description("!a")], sorted(&[FOUR])),
        (vec![description("a secret")], sorted(&[ONE, TWO])),
        (vec![description("a"), name("secret")], vec![]),
        (vec![description("a"), name("an")], vec![]),
        (vec![description("!c")], sorted(&[ONE, TWO, THREE, FOUR])),
    ];
    for (filters, expected) in cases {
        assert_eq!(listed(&client, &filters).await, expected, "{filters:?}");
    }
}

/// BatchGetSecretValue's Filters select as ListSecrets' do, and leave out secrets scheduled for
/// deletion (as ListSecrets does by default).
#[tokio::test]
async fn batch_get_selects_with_the_same_filters() {
    let (_server, client) = TestServer::with_client().await;
    create_the_recorded_secrets(&client).await;
    create_secret(&client, "/testing5/deleted", "gone").await;
    common::delete(&client, "/testing5/deleted").await;

    for (filter, expected) in [
        (name("/"), sorted(&[TWO, FOUR])),
        (description("a secret"), sorted(&[ONE, TWO])),
        (description("!a"), sorted(&[FOUR])),
    ] {
        let answer = client
            .batch_get_secret_value()
            .filters(filter.clone())
            .send()
            .await
            .expect("batch get by filters");
        let mut names: Vec<String> = answer
            .secret_values()
            .iter()
            .map(|entry| entry.name().expect("Name").to_owned())
            .collect();
        names.sort();
        assert_eq!(names, expected, "{filter:?}");
        assert!(answer.errors().is_empty());
        assert!(
            answer
                .secret_values()
                .iter()
                .all(|entry| entry.secret_string() == Some("secret"))
        );
    }
}
