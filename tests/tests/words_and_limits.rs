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

/// A client that writes a whole 8 MiB body (with its Content-Length) before it reads, as SDKs
/// and curl do, reads the refusal: the server reads the rest of the body and drops it, instead
/// of closing the connection under the client (which then saw only a broken pipe).
#[tokio::test]
async fn a_client_that_sends_a_whole_oversized_body_reads_the_refusal() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = TestServer::start().await;
    let limit = runtime::MAX_BODY_BYTES;
    let body = format!(
        r#"{{"Name": "limits/huge", "SecretString": "{}"}}"#,
        "s".repeat(8 * limit)
    );
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         X-Amz-Target: secretsmanager.CreateSecret\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.endpoint.trim_start_matches("http://"),
        body.len()
    );
    let exchange = async {
        let mut stream =
            tokio::net::TcpStream::connect(server.endpoint.trim_start_matches("http://"))
                .await
                .expect("connect");
        stream
            .write_all(head.as_bytes())
            .await
            .expect("write the head");
        stream
            .write_all(body.as_bytes())
            .await
            .expect("the whole body is accepted");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .expect("the answer can be read");
        String::from_utf8(answer).expect("UTF-8 answer")
    };
    let answer = tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
        .await
        .expect("answered within 30 s");
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).expect("a body");
    let json: serde_json::Value = serde_json::from_str(json).expect("a JSON body");
    assert_eq!(json["__type"], "RequestEntityTooLargeException");
    assert_eq!(
        json["Message"],
        format!("Request body exceeds the maximum size of {limit} bytes.")
    );
    // Nothing was created.
    assert_error(
        server
            .client()
            .describe_secret()
            .secret_id("limits/huge")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    );
}
