//! AWS's words where our own stood before, and the body limit as a client that sends a whole
//! oversized body sees it.

mod common;

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType, Tag};
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

/// A list of strings that breaks a length rule is printed in the message as AWS prints it, as
/// pasted from AWS in a Jenkins plugin issue (`Value '[secret1, secrets2, ...]' at
/// 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or
/// equal to 10`).
#[tokio::test]
async fn list_values_are_shown_in_validation_messages() {
    let server = TestServer::start().await;
    let client = server.client();
    let values: Vec<String> = (1..=11).map(|index| format!("secret{index}")).collect();
    let shown = values.join(", ");

    assert_error(
        client
            .list_secrets()
            .filters(
                Filter::builder()
                    .key(FilterNameStringType::Name)
                    .set_values(Some(values.clone()))
                    .build(),
            )
            .send()
            .await,
        "ValidationException",
        &format!(
            "1 validation error detected: Value '[{shown}]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10"
        ),
    );
    // The id list of BatchGetSecretValue (at most 20) is shown the same way.
    let ids: Vec<String> = (1..=21).map(|index| format!("id{index}")).collect();
    assert_error(
        client
            .batch_get_secret_value()
            .set_secret_id_list(Some(ids.clone()))
            .send()
            .await,
        "ValidationException",
        &format!(
            "1 validation error detected: Value '[{}]' at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to 20",
            ids.join(", ")
        ),
    );
}
