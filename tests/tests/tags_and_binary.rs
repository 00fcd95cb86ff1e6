//! Tags (TagResource, UntagResource, tags at creation) and binary secret values.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::Tag;
use aws_smithy_types::Blob;
use common::{SECRET_NOT_FOUND, TestServer, assert_error, create_secret};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

/// DescribeSecret's Tags as sorted (key, value) pairs; `None` when the member is absent.
async fn described_tags(client: &Client, secret_id: &str) -> Option<Vec<(String, String)>> {
    let described = client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("describe secret");
    described.tags.map(|tags| {
        let mut pairs: Vec<(String, String)> = tags
            .into_iter()
            .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
            .collect();
        pairs.sort();
        pairs
    })
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
    let server = TestServer::start().await;
    let client = server.client();
    let name = "tags/tag-untag";
    create_secret(&client, name, "v").await;
    assert_eq!(
        described_tags(&client, name).await,
        None,
        "no Tags before any tag"
    );

    client
        .tag_resource()
        .secret_id(name)
        .tags(tag("env", "prod"))
        .tags(tag("team", "payments"))
        .send()
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
    let server = TestServer::start().await;
    let client = server.client();
    let name = "tags/overwrite";
    create_secret(&client, name, "v").await;

    for value in ["blue", "green"] {
        client
            .tag_resource()
            .secret_id(name)
            .tags(tag("colour", value))
            .send()
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
    let server = TestServer::start().await;
    let client = server.client();

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
async fn binary_secret_round_trips_bytes_that_are_not_utf8() {
    let server = TestServer::start().await;
    let client = server.client();
    let bytes = vec![0x00, 0xff, 0xfe, 0x80, b'a', 0xc3, 0x28, 0x0a];

    client
        .create_secret()
        .name("binary/non-utf8")
        .secret_binary(Blob::new(bytes.clone()))
        .send()
        .await
        .expect("create binary secret");

    let fetched = client
        .get_secret_value()
        .secret_id("binary/non-utf8")
        .send()
        .await
        .expect("get secret value");
    assert_eq!(
        fetched.secret_binary().map(Blob::as_ref),
        Some(bytes.as_slice())
    );
    assert_eq!(fetched.secret_string, None);
    assert_eq!(fetched.version_stages(), ["AWSCURRENT"]);
}

#[tokio::test]
async fn string_and_binary_together_are_rejected() {
    let server = TestServer::start().await;
    let client = server.client();

    assert_error(
        client
            .create_secret()
            .name("binary/both-values")
            .secret_string("text")
            .secret_binary(Blob::new(vec![1, 2, 3]))
            .send()
            .await,
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same \
         secret.",
    );
    // The rejected request created nothing.
    assert_error(
        client
            .describe_secret()
            .secret_id("binary/both-values")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}
