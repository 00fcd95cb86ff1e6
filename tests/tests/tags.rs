//! TagResource and UntagResource, and tags given at creation: tags keep their order and replace
//! values in place, DescribeSecret shows them, changes move LastChangedDate and no-ops do not, at
//! most 50, no duplicate, reserved (`aws:`) or missing keys, and no tagging of unknown or deleted
//! secrets. (Replicas' refusals are in replicas.rs.)

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::SdkError;
use aws_sdk_secretsmanager::operation::tag_resource::{TagResourceError, TagResourceOutput};
use aws_sdk_secretsmanager::types::Tag;
use common::{
    TestServer, assert_error, assert_marked_for_deletion, assert_secret_not_found, create_secret,
    describe, last_changed_date as last_changed, schedule_deletion, tag,
};

const SYSTEM_TAG: &str = "You can't modify system tags. Tag key: 'aws:cloudformation:stack-name'.";

/// DescribeSecret's Tags as (key, value) pairs in the order shown; `None` when the member is
/// absent.
async fn tags_of(client: &Client, secret_id: &str) -> Option<Vec<(String, String)>> {
    describe(client, secret_id).await.tags.map(|tags| {
        tags.into_iter()
            .map(|tag| (tag.key.unwrap_or_default(), tag.value.unwrap_or_default()))
            .collect()
    })
}

/// TagResource of `tags` on `secret_id`, sent.
async fn tag_resource(
    client: &Client,
    secret_id: &str,
    tags: Vec<Tag>,
) -> Result<TagResourceOutput, SdkError<TagResourceError>> {
    client
        .tag_resource()
        .secret_id(secret_id)
        .set_tags(Some(tags))
        .send()
        .await
}

/// DescribeSecret's Tags as sorted (key, value) pairs; `None` when the member is absent.
async fn described_tags(client: &Client, secret_id: &str) -> Option<Vec<(String, String)>> {
    let mut pairs = tags_of(client, secret_id).await?;
    pairs.sort();
    Some(pairs)
}

fn pairs(tags: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
    Some(
        tags.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

#[tokio::test]
async fn tag_and_untag_show_in_describe_secret() {
    let name = "tags/tag-untag";
    let (_server, client) = TestServer::with_secret(name, "v").await;
    assert_eq!(
        described_tags(&client, name).await,
        None,
        "no Tags before any tag"
    );

    tag_resource(
        &client,
        name,
        vec![tag("env", "prod"), tag("team", "payments")],
    )
    .await
    .expect("tag resource");
    assert_eq!(
        described_tags(&client, name).await,
        pairs(&[("env", "prod"), ("team", "payments")])
    );

    client
        .untag_resource()
        .secret_id(name)
        .tag_keys("env")
        .send()
        .await
        .expect("untag resource");
    assert_eq!(
        described_tags(&client, name).await,
        pairs(&[("team", "payments")])
    );

    client
        .untag_resource()
        .secret_id(name)
        .tag_keys("team")
        .send()
        .await
        .expect("untag resource");
    // Once tags have been set, removing them all leaves an empty list rather than no member.
    assert_eq!(described_tags(&client, name).await, Some(Vec::new()));
}

#[tokio::test]
async fn tagging_an_existing_key_replaces_its_value() {
    let name = "tags/overwrite";
    let (_server, client) = TestServer::with_secret(name, "v").await;

    for value in ["blue", "green"] {
        tag_resource(&client, name, vec![tag("colour", value)])
            .await
            .expect("tag resource");
    }

    assert_eq!(
        described_tags(&client, name).await,
        pairs(&[("colour", "green")])
    );
}

#[tokio::test]
async fn tags_given_at_create_are_described() {
    let (_server, client) = TestServer::with_client().await;

    client
        .create_secret()
        .name("tags/at-create")
        .secret_string("v")
        .tags(tag("owner", "alice"))
        .tags(tag("cost-centre", "42"))
        .send()
        .await
        .expect("create secret with tags");

    assert_eq!(
        described_tags(&client, "tags/at-create").await,
        pairs(&[("cost-centre", "42"), ("owner", "alice")])
    );
}

#[tokio::test]
async fn tags_keep_their_order_and_replace_values_in_place() {
    let (_server, client) = TestServer::with_secret("tags/order", "v").await;

    for tags in [
        vec![tag("a", "1"), tag("b", "2")],
        vec![tag("c", "3"), tag("a", "9")],
    ] {
        tag_resource(&client, "tags/order", tags)
            .await
            .expect("tag resource");
    }

    let expected = [("a", "9"), ("b", "2"), ("c", "3")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
    assert_eq!(tags_of(&client, "tags/order").await, Some(expected));
}

#[tokio::test]
async fn tag_changes_bump_last_changed_date_and_no_ops_do_not() {
    let (server, client) = TestServer::with_secret("tags/dates", "v").await;
    let created = last_changed(&client, "tags/dates").await;

    server.emulator().clock().advance_millis(5_000);
    client
        .untag_resource()
        .secret_id("tags/dates")
        .tag_keys("absent")
        .send()
        .await
        .expect("untag an absent key");
    assert_eq!(last_changed(&client, "tags/dates").await, created);
    assert_eq!(
        tags_of(&client, "tags/dates").await,
        None,
        "still never tagged"
    );

    tag_resource(&client, "tags/dates", vec![tag("k", "v")])
        .await
        .expect("tag");
    let tagged = last_changed(&client, "tags/dates").await;
    assert!(tagged.as_secs_f64() >= created.as_secs_f64() + 5.0);

    server.emulator().clock().advance_millis(5_000);
    client
        .untag_resource()
        .secret_id("tags/dates")
        .tag_keys("k")
        .send()
        .await
        .expect("untag");
    assert!(last_changed(&client, "tags/dates").await.as_secs_f64() >= tagged.as_secs_f64() + 5.0);
    assert_eq!(tags_of(&client, "tags/dates").await, Some(Vec::new()));
}

#[tokio::test]
async fn at_most_fifty_tags_and_a_refused_request_changes_nothing() {
    let (_server, client) = TestServer::with_secret("tags/limit", "v").await;
    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i:02}"), "v")).collect();
    tag_resource(&client, "tags/limit", fifty)
        .await
        .expect("fifty tags are allowed");

    assert_error(
        tag_resource(
            &client,
            "tags/limit",
            vec![tag("k00", "new"), tag("one-too-many", "v")],
        )
        .await,
        "InvalidParameterException",
        "A secret can have at most 50 tags.",
    );

    let tags = tags_of(&client, "tags/limit").await.expect("tags");
    assert_eq!(tags.len(), 50);
    assert_eq!(
        tags[0],
        ("k00".to_owned(), "v".to_owned()),
        "k00 kept its value"
    );
}

#[tokio::test]
async fn duplicate_reserved_and_missing_keys_are_invalid_parameters() {
    let (_server, client) = TestServer::with_secret("tags/keys", "v").await;

    assert_error(
        tag_resource(&client, "tags/keys", vec![tag("env", "a"), tag("env", "b")]).await,
        "InvalidParameterException",
        "The tag key env appears more than once in the request.",
    );
    assert_error(
        tag_resource(&client, "tags/keys", vec![tag("aws:createdBy", "me")]).await,
        "InvalidParameterException",
        "You can't modify system tags. Tag key: 'aws:createdBy'.",
    );
    assert_error(
        client
            .untag_resource()
            .secret_id("tags/keys")
            .tag_keys("AWS:thing")
            .send()
            .await,
        "InvalidParameterException",
        "You can't modify system tags. Tag key: 'AWS:thing'.",
    );
    assert_error(
        tag_resource(
            &client,
            "tags/keys",
            vec![Tag::builder().value("no key").build()],
        )
        .await,
        "InvalidParameterException",
        "You must specify a Key for every tag.",
    );
    assert_eq!(tags_of(&client, "tags/keys").await, None);
}

/// AWS's text (pasted from a TagResource refusal in cloud-custodian issue 9093) on every path
/// that sets or removes tags, and nothing is stored.
#[tokio::test]
async fn system_tag_keys_are_refused_on_every_path_that_sets_or_removes_tags() {
    let (_server, client) = TestServer::with_client().await;
    let system = Tag::builder()
        .key("aws:cloudformation:stack-name")
        .value("stack")
        .build();

    assert_error(
        client
            .create_secret()
            .name("system/create")
            .secret_string("v")
            .tags(system.clone())
            .send()
            .await,
        "InvalidParameterException",
        SYSTEM_TAG,
    );
    assert_error(
        client
            .describe_secret()
            .secret_id("system/create")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    );

    create_secret(&client, "system/tagged", "v").await;
    assert_error(
        tag_resource(
            &client,
            "system/tagged",
            vec![Tag::builder().key("team").value("core").build(), system],
        )
        .await,
        "InvalidParameterException",
        SYSTEM_TAG,
    );
    assert_error(
        client
            .untag_resource()
            .secret_id("system/tagged")
            .tag_keys("aws:cloudformation:stack-name")
            .send()
            .await,
        "InvalidParameterException",
        SYSTEM_TAG,
    );
    let described = common::describe(&client, "system/tagged").await;
    assert_eq!(
        described.tags, None,
        "the refused TagResource stored nothing"
    );
}

#[tokio::test]
async fn tagging_unknown_or_deleted_secrets_fails() {
    let (_server, client) = TestServer::with_client().await;

    assert_secret_not_found(tag_resource(&client, "tags/missing", vec![tag("k", "v")]).await);
    assert_secret_not_found(
        client
            .untag_resource()
            .secret_id("tags/missing")
            .tag_keys("k")
            .send()
            .await,
    );

    create_secret(&client, "tags/deleted", "v").await;
    schedule_deletion(&client, "tags/deleted").await;
    assert_marked_for_deletion(tag_resource(&client, "tags/deleted", vec![tag("k", "v")]).await);
    assert_marked_for_deletion(
        client
            .untag_resource()
            .secret_id("tags/deleted")
            .tag_keys("k")
            .send()
            .await,
    );
}
