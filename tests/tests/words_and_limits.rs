//! AWS's words where our own stood before, and the body limit as a client that sends a whole
//! oversized body sees it.

mod common;

use aws_sdk_secretsmanager::types::Tag;
use common::{TestServer, assert_error, create_secret};

const SYSTEM_TAG: &str = "You can't modify system tags. Tag key: 'aws:cloudformation:stack-name'.";

/// AWS's text (pasted from a TagResource refusal in cloud-custodian issue 9093) on every path
/// that sets or removes tags, and nothing is stored.
#[tokio::test]
async fn system_tag_keys_are_refused_on_every_path_that_sets_or_removes_tags() {
    let server = TestServer::start().await;
    let client = server.client();
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
        client
            .tag_resource()
            .secret_id("system/tagged")
            .tags(Tag::builder().key("team").value("core").build())
            .tags(system)
            .send()
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
    let described = client
        .describe_secret()
        .secret_id("system/tagged")
        .send()
        .await
        .expect("describe");
    assert_eq!(
        described.tags, None,
        "the refused TagResource stored nothing"
    );
}
