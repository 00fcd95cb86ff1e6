//! ListSecrets: the entries' members, every filter key with negation and combinations, sorting by
//! each key both ways, pagination with opaque tokens, and secrets scheduled for deletion (listed
//! only with IncludePlannedDeletion). (Creation order is in creation_order.rs; filters replayed
//! from AWS's recordings are in replay_list_filters.rs and replay_all_filter.rs.)

mod common;

use std::collections::{BTreeSet, HashMap};

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::list_secrets::builders::ListSecretsFluentBuilder;
use aws_sdk_secretsmanager::types::{
    Filter, FilterNameStringType, SecretListEntry, SortByType, SortOrderType,
};
use common::{
    REPLICA_REGION, TestServer, assert_error, create_secret, listed_names, replicate,
    schedule_deletion, tag,
};

const DAY_MILLIS: i64 = 86_400_000;

fn filter(key: FilterNameStringType, values: &[&str]) -> Filter {
    values
        .iter()
        .fold(Filter::builder().key(key), |builder, value| {
            builder.values(*value)
        })
        .build()
}

async fn list(request: ListSecretsFluentBuilder) -> Vec<SecretListEntry> {
    let output = request.send().await.expect("list secrets");
    assert_eq!(output.next_token, None, "the listing fits one page");
    output.secret_list.unwrap_or_default()
}

fn names(entries: &[SecretListEntry]) -> Vec<&str> {
    entries.iter().filter_map(|entry| entry.name()).collect()
}

/// Names of the secrets `filters` select, in name order.
async fn filtered(client: &Client, filters: &[Filter]) -> Vec<String> {
    let request = filters
        .iter()
        .fold(client.list_secrets(), |request, filter| {
            request.filters(filter.clone())
        })
        .sort_by(SortByType::Name);
    let entries = list(request).await;
    names(&entries).into_iter().map(str::to_owned).collect()
}

async fn create_described(client: &Client, name: &str, description: &str) {
    client
        .create_secret()
        .name(name)
        .secret_string("v")
        .description(description)
        .send()
        .await
        .expect("create secret with description");
}

async fn create_tagged(client: &Client, name: &str, tags: &[(&str, &str)]) {
    let request = tags.iter().fold(
        client.create_secret().name(name).secret_string("v"),
        |request, (k, v)| request.tags(tag(k, v)),
    );
    request.send().await.expect("create tagged secret");
}

/// A server holding the secrets m, z and a, created in that order one second apart (creation
/// order is not name order, and no two creation dates are equal), and its default client.
async fn server_with_m_z_a() -> (TestServer, Client) {
    let (server, client) = TestServer::with_client().await;
    for name in ["m", "z", "a"] {
        create_secret(&client, name, "v").await;
        server.emulator().clock().advance_millis(1_000);
    }
    (server, client)
}

async fn sorted(client: &Client, sort_by: SortByType, order: Option<SortOrderType>) -> Vec<String> {
    let entries = list(client.list_secrets().sort_by(sort_by).set_sort_order(order)).await;
    names(&entries).into_iter().map(str::to_owned).collect()
}

#[tokio::test]
async fn entries_carry_every_member_with_secret_versions_to_stages() {
    let (server, client) = TestServer::with_client().await;
    create_described(&client, "listing/full", "for the list").await;
    client
        .tag_resource()
        .secret_id("listing/full")
        .tags(tag("team", "core"))
        .send()
        .await
        .expect("tag");
    create_secret(&client, "listing/plain", "v").await;

    let raw = server
        .post_raw("secretsmanager.ListSecrets", "{}")
        .await
        .ok_json();
    let entries = raw["SecretList"].as_array().expect("SecretList");
    assert_eq!(entries.len(), 2);
    let full = entries
        .iter()
        .find(|entry| entry["Name"] == "listing/full")
        .expect("listing/full listed");
    let mut keys: Vec<&str> = full
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "ARN",
            "CreatedDate",
            "Description",
            "LastChangedDate",
            "Name",
            "SecretVersionsToStages",
            "Tags"
        ]
    );
    let versions = full["SecretVersionsToStages"].as_object().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        versions.values().next().unwrap(),
        &serde_json::json!(["AWSCURRENT"])
    );
    assert!(full["CreatedDate"].is_f64() || full["CreatedDate"].is_u64());
    assert_eq!(
        full["Tags"],
        serde_json::json!([{"Key": "team", "Value": "core"}])
    );
    // Members without a value are omitted, never null.
    let plain = entries
        .iter()
        .find(|entry| entry["Name"] == "listing/plain")
        .unwrap();
    assert!(plain.get("Description").is_none() && plain.get("Tags").is_none());
    assert!(!raw.to_string().contains("null"));
}

#[tokio::test]
async fn list_secrets_includes_created_secrets() {
    let (_server, client) = TestServer::with_client().await;
    let mut arns = Vec::new();
    for name in ["lifecycle/list-a", "lifecycle/list-b"] {
        let created = client
            .create_secret()
            .name(name)
            .description(format!("description of {name}"))
            .secret_string("v")
            .send()
            .await
            .expect("create secret");
        arns.push((name, created.arn.unwrap(), created.version_id.unwrap()));
    }

    let listed = client.list_secrets().send().await.expect("list secrets");

    for (name, arn, version_id) in arns {
        let entry = listed
            .secret_list()
            .iter()
            .find(|entry| entry.name() == Some(name))
            .unwrap_or_else(|| panic!("{name} not listed: {listed:?}"));
        assert_eq!(entry.arn(), Some(arn.as_str()));
        assert_eq!(
            entry.description(),
            Some(format!("description of {name}").as_str())
        );
        assert!(entry.last_changed_date.is_some());
        assert_eq!(
            entry.secret_versions_to_stages,
            Some(HashMap::from([(version_id, vec!["AWSCURRENT".to_owned()])]))
        );
    }
}

#[tokio::test]
async fn an_empty_region_lists_nothing() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "elsewhere", "v").await;

    let other_region = server.client_for("eu-west-1", "test");
    let output = other_region.list_secrets().send().await.expect("list");

    assert_eq!(output.secret_list(), []);
    assert_eq!(output.next_token, None);
}

#[tokio::test]
async fn name_filter_is_a_case_sensitive_prefix() {
    let (_server, client) = TestServer::with_client().await;
    for name in ["DatabaseSecret", "databaseSecret", "MyData", "Data"] {
        create_secret(&client, name, "v").await;
    }

    let found = filtered(&client, &[filter(FilterNameStringType::Name, &["Data"])]).await;

    assert_eq!(found, ["Data", "DatabaseSecret"]);
}

#[tokio::test]
async fn description_filter_matches_words_ignoring_case() {
    let (_server, client) = TestServer::with_client().await;
    create_described(&client, "both", "one two").await;
    create_described(&client, "spread", "One and TWO").await;
    create_described(&client, "first", "one").await;
    create_described(&client, "second", "two").await;
    create_secret(&client, "none", "v").await;
    let description = FilterNameStringType::Description;

    assert_eq!(
        filtered(&client, &[filter(description.clone(), &["one two"])]).await,
        ["both", "spread"]
    );
    assert_eq!(
        filtered(&client, &[filter(description.clone(), &["TW"])]).await,
        ["both", "second", "spread"]
    );
    // Words must start with the value: "ne" is inside "one", not at a word's start.
    assert!(
        filtered(&client, &[filter(description, &["ne"])])
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn tag_key_and_tag_value_filters_are_case_sensitive_prefixes_of_any_tag() {
    let (_server, client) = TestServer::with_client().await;
    create_tagged(&client, "a", &[("env", "prod"), ("team", "payments")]).await;
    create_tagged(&client, "b", &[("Environment", "production")]).await;
    create_tagged(&client, "c", &[("owner", "env")]).await;
    create_secret(&client, "d", "v").await;

    assert_eq!(
        filtered(&client, &[filter(FilterNameStringType::TagKey, &["env"])]).await,
        ["a"]
    );
    assert_eq!(
        filtered(&client, &[filter(FilterNameStringType::TagKey, &["Env"])]).await,
        ["b"]
    );
    assert_eq!(
        filtered(
            &client,
            &[filter(FilterNameStringType::TagValue, &["prod"])]
        )
        .await,
        ["a", "b"]
    );
    assert_eq!(
        filtered(&client, &[filter(FilterNameStringType::TagValue, &["pay"])]).await,
        ["a"]
    );
}

#[tokio::test]
async fn all_filter_searches_every_attribute_by_word() {
    let (_server, client) = TestServer::with_secret("foo", "v").await;
    create_described(&client, "bar", "the Foo service").await;
    create_tagged(&client, "baz", &[("foo", "1")]).await;
    create_tagged(&client, "qux", &[("1", "FOOBAR")]).await;
    create_secret(&client, "prod/api-key", "v").await;
    create_secret(&client, "unrelated", "v").await;
    let all = FilterNameStringType::All;

    assert_eq!(
        filtered(&client, &[filter(all.clone(), &["foo"])]).await,
        ["bar", "baz", "foo", "qux"]
    );
    // The value is split into words too; every one of them must start a word of the same
    // attribute (moto's test verified against AWS; see replay_all_filter.rs).
    assert_eq!(
        filtered(&client, &[filter(all.clone(), &["api"])]).await,
        ["prod/api-key"]
    );
    assert_eq!(
        filtered(&client, &[filter(all.clone(), &["prod key"])]).await,
        ["prod/api-key"]
    );
    assert!(
        filtered(&client, &[filter(all, &["Unrelated_Qux"])])
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn owning_service_and_primary_region_filters_need_those_attributes() {
    let (_server, client) = TestServer::with_secret("own", "v").await;

    for key in [
        FilterNameStringType::OwningService,
        FilterNameStringType::PrimaryRegion,
    ] {
        assert!(
            filtered(&client, &[filter(key.clone(), &["rds"])])
                .await
                .is_empty(),
            "{key:?}"
        );
        // Negated, they select every secret without the attribute.
        assert_eq!(filtered(&client, &[filter(key, &["!rds"])]).await, ["own"]);
    }
}

#[tokio::test]
async fn negation_alternatives_and_conjunction() {
    let (_server, client) = TestServer::with_client().await;
    create_tagged(&client, "app/one", &[("env", "prod")]).await;
    create_tagged(&client, "app/two", &[("env", "dev")]).await;
    create_tagged(&client, "db/one", &[("env", "prod")]).await;
    create_secret(&client, "misc", "v").await;
    let name = FilterNameStringType::Name;
    let value = FilterNameStringType::TagValue;

    assert_eq!(
        filtered(&client, &[filter(name.clone(), &["!app"])]).await,
        ["db/one", "misc"]
    );
    // Values of one filter are alternatives.
    assert_eq!(
        filtered(&client, &[filter(name.clone(), &["db", "app/t"])]).await,
        ["app/two", "db/one"]
    );
    // Filters must all hold.
    assert_eq!(
        filtered(
            &client,
            &[
                filter(name.clone(), &["app"]),
                filter(value.clone(), &["prod"])
            ]
        )
        .await,
        ["app/one"]
    );
    assert_eq!(
        filtered(
            &client,
            &[filter(name, &["app"]), filter(value, &["!prod"])]
        )
        .await,
        ["app/two"]
    );
}

#[tokio::test]
async fn a_filter_without_values_is_invalid_parameter() {
    let (server, client) = TestServer::with_client().await;

    assert_error(
        client
            .list_secrets()
            .filters(
                Filter::builder()
                    .key(FilterNameStringType::Description)
                    .build(),
            )
            .send()
            .await,
        "InvalidParameterException",
        "Invalid filter values for key: description",
    );
    let raw = server
        .post_raw(
            "secretsmanager.ListSecrets",
            r#"{"Filters": [{"Values": ["x"]}]}"#,
        )
        .await;
    assert_eq!(raw.status, 400);
    assert_eq!(raw.json()["__type"], "InvalidParameterException");
    assert_eq!(raw.json()["Message"], "Invalid filter key");
}

#[tokio::test]
async fn primary_region_filter_selects_replicas_of_a_region() {
    let (server, client) = TestServer::with_secret("replicated", "v").await;
    replicate(&client, "replicated").await;
    let europe = server.client_for(REPLICA_REGION, "test");
    create_secret(&europe, "local", "v").await;
    let primary_region = FilterNameStringType::PrimaryRegion;

    assert_eq!(
        filtered(&europe, &[filter(primary_region.clone(), &["us-"])]).await,
        ["replicated"]
    );
    assert_eq!(
        filtered(&europe, &[filter(primary_region, &["!us-east-1"])]).await,
        ["local"]
    );
}

#[tokio::test]
async fn sorts_by_creation_date_by_default_oldest_first() {
    let (_server, client) = server_with_m_z_a().await;

    let default = list(client.list_secrets()).await;
    assert_eq!(names(&default), ["m", "z", "a"]);
    let descending = list(client.list_secrets().sort_order(SortOrderType::Desc)).await;
    assert_eq!(names(&descending), ["a", "z", "m"]);
    assert_eq!(
        sorted(&client, SortByType::CreatedDate, Some(SortOrderType::Asc)).await,
        ["m", "z", "a"]
    );
}

#[tokio::test]
async fn sorts_by_name_both_ways() {
    let (_server, client) = server_with_m_z_a().await;

    assert_eq!(
        sorted(&client, SortByType::Name, None).await,
        ["a", "m", "z"]
    );
    assert_eq!(
        sorted(&client, SortByType::Name, Some(SortOrderType::Desc)).await,
        ["z", "m", "a"]
    );
}

#[tokio::test]
async fn sorts_by_last_changed_date_both_ways() {
    let (server, client) = server_with_m_z_a().await;
    // Change them in another order: z, then m ("a" keeps its creation time, the latest).
    for name in ["z", "m"] {
        server.emulator().clock().advance_millis(1_000);
        client
            .tag_resource()
            .secret_id(name)
            .tags(tag("changed", "yes"))
            .send()
            .await
            .expect("tag");
    }

    assert_eq!(
        sorted(
            &client,
            SortByType::LastChangedDate,
            Some(SortOrderType::Asc)
        )
        .await,
        ["a", "z", "m"]
    );
    assert_eq!(
        sorted(
            &client,
            SortByType::LastChangedDate,
            Some(SortOrderType::Desc)
        )
        .await,
        ["m", "z", "a"]
    );
}

#[tokio::test]
async fn sorts_by_last_accessed_date_with_never_read_secrets_first() {
    let (server, client) = server_with_m_z_a().await;
    // Read z on one day and m on the next: access dates have day granularity.
    for name in ["z", "m"] {
        server.emulator().clock().advance_millis(DAY_MILLIS);
        common::get_value(&client, name).await;
    }

    assert_eq!(
        sorted(
            &client,
            SortByType::LastAccessedDate,
            Some(SortOrderType::Asc)
        )
        .await,
        ["a", "z", "m"]
    );
    assert_eq!(
        sorted(
            &client,
            SortByType::LastAccessedDate,
            Some(SortOrderType::Desc)
        )
        .await,
        ["m", "z", "a"]
    );
}

#[tokio::test]
async fn pages_cover_every_secret_once() {
    let (_server, client) = TestServer::with_client().await;
    let expected: BTreeSet<String> = (0..25).map(|i| format!("paged/{i:02}")).collect();
    for name in &expected {
        create_secret(&client, name, "v").await;
    }

    let mut seen = Vec::new();
    let mut page_sizes = Vec::new();
    let mut token = None;
    loop {
        let output = client
            .list_secrets()
            .max_results(10)
            .set_next_token(token)
            .send()
            .await
            .expect("list page");
        let entries = output.secret_list.unwrap_or_default();
        page_sizes.push(entries.len());
        seen.extend(entries.into_iter().filter_map(|entry| entry.name));
        token = output.next_token;
        if token.is_none() {
            break;
        }
    }

    assert_eq!(page_sizes, [10, 10, 5]);
    assert_eq!(seen.len(), 25, "no duplicates");
    assert_eq!(
        seen.into_iter().collect::<BTreeSet<_>>(),
        expected,
        "no gaps"
    );
}

#[tokio::test]
async fn a_forged_or_foreign_next_token_is_refused() {
    let (_server, client) = TestServer::with_client().await;
    for i in 0..3 {
        create_secret(&client, &format!("token/{i}"), "v").await;
    }
    let first = client
        .list_secrets()
        .max_results(1)
        .send()
        .await
        .expect("first page");
    let token = first.next_token.expect("a next token");

    for forged in [
        "garbage".to_owned(),
        format!("{token}0"),
        token.replacen('1', "2", 1),
    ] {
        assert_error(
            client
                .list_secrets()
                .max_results(1)
                .next_token(forged)
                .send()
                .await,
            "InvalidNextTokenException",
            "The NextToken value is invalid.",
        );
    }
    // A token resumes only the listing it came from.
    assert_error(
        client
            .list_secrets()
            .max_results(1)
            .sort_by(SortByType::Name)
            .next_token(&token)
            .send()
            .await,
        "InvalidNextTokenException",
        "The NextToken value is invalid.",
    );
}

#[tokio::test]
async fn secrets_scheduled_for_deletion_are_listed_only_on_request() {
    let (server, client) = TestServer::with_secret("kept", "v").await;
    create_secret(&client, "doomed", "v").await;
    common::delete(&client, "doomed").await;

    let default = list(client.list_secrets()).await;
    assert_eq!(names(&default), ["kept"]);
    let included = list(client.list_secrets().include_planned_deletion(true)).await;
    assert_eq!(names(&included), ["kept", "doomed"]);
    let doomed = &included[1];
    assert!(doomed.deleted_date.is_some());
    assert!(included[0].deleted_date.is_none());

    // Once the recovery window has passed the secret is gone for good.
    server.emulator().clock().advance_millis(31 * DAY_MILLIS);
    let after = list(client.list_secrets().include_planned_deletion(true)).await;
    assert_eq!(names(&after), ["kept"]);
}

#[tokio::test]
async fn list_secrets_hides_planned_deletions_unless_asked() {
    let (_server, client) = TestServer::with_secret("lifecycle/kept", "v").await;
    create_secret(&client, "lifecycle/deleted", "v").await;
    schedule_deletion(&client, "lifecycle/deleted").await;

    assert_eq!(listed_names(&client, false).await, ["lifecycle/kept"]);
    let mut all = listed_names(&client, true).await;
    all.sort();
    assert_eq!(all, ["lifecycle/deleted", "lifecycle/kept"]);
}
