//! BatchGetSecretValue: an id list with a per-secret error for each failure, filters with pages,
//! ids or filters but never both or neither, MaxResults only with filters, and the members each
//! answer carries. (Filters replayed from AWS's recordings are in replay_list_filters.rs and
//! replay_all_filter.rs; other accounts and regions in accounts_and_regions.rs.)

mod common;

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use common::{
    MARKED_FOR_DELETION, SECRET_NOT_FOUND, STRING_VALUE_MEMBERS, TestServer, assert_error,
    create_raw as create, create_secret, sorted_keys, sorted_strings as keys,
};
use serde_json::json;

const TOKEN_1: &str = "11111111-aaaa-4aaa-8aaa-111111111111";

#[tokio::test]
async fn batch_get_by_ids_reports_each_failure() {
    let (_server, client) = TestServer::with_client().await;
    let arn = create_secret(&client, "batch/one", "first").await;
    create_secret(&client, "batch/two", "second").await;
    create_secret(&client, "batch/gone", "x").await;
    common::delete(&client, "batch/gone").await;
    client
        .create_secret()
        .name("batch/empty")
        .send()
        .await
        .expect("create without value");

    let response = client
        .batch_get_secret_value()
        .secret_id_list(&arn)
        .secret_id_list("batch/two")
        .secret_id_list("batch/missing")
        .secret_id_list("batch/gone")
        .secret_id_list("batch/empty")
        .send()
        .await
        .expect("batch get");

    let values: Vec<_> = response
        .secret_values()
        .iter()
        .map(|entry| (entry.name().unwrap(), entry.secret_string().unwrap()))
        .collect();
    assert_eq!(values, [("batch/one", "first"), ("batch/two", "second")]);
    assert_eq!(response.secret_values()[0].version_stages(), ["AWSCURRENT"]);
    assert!(response.secret_values()[0].created_date.is_some());
    let errors: Vec<_> = response
        .errors()
        .iter()
        .map(|error| {
            (
                error.secret_id().unwrap(),
                error.error_code().unwrap(),
                error.message().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "batch/missing",
                "ResourceNotFoundException",
                SECRET_NOT_FOUND
            ),
            ("batch/gone", "InvalidRequestException", MARKED_FOR_DELETION),
            (
                "batch/empty",
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: \
                 AWSCURRENT"
            ),
        ]
    );
    // A batch read is a read: it sets LastAccessedDate.
    let described = common::describe(&client, "batch/two").await;
    assert!(described.last_accessed_date.is_some());
}

#[tokio::test]
async fn batch_get_by_filters_pages_through_matches() {
    let (_server, client) = TestServer::with_client().await;
    for name in ["team/a", "team/b", "team/c", "other/d"] {
        create_secret(&client, name, &format!("value of {name}")).await;
    }
    let filter = Filter::builder()
        .key(FilterNameStringType::Name)
        .values("team/")
        .build();
    let page = |token: Option<String>| {
        client
            .batch_get_secret_value()
            .filters(filter.clone())
            .max_results(2)
            .set_next_token(token)
            .send()
    };

    let first = page(None).await.expect("first page");
    assert_eq!(first.secret_values().len(), 2);
    let second = page(first.next_token.clone()).await.expect("second page");
    assert_eq!(second.next_token, None);
    let mut names: Vec<_> = first
        .secret_values()
        .iter()
        .chain(second.secret_values())
        .map(|entry| entry.name().unwrap().to_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["team/a", "team/b", "team/c"]);
    assert!(first.errors().is_empty());

    assert_error(
        page(Some("forged".into())).await,
        "InvalidNextTokenException",
        "The NextToken value is invalid.",
    );
}

#[tokio::test]
async fn batch_get_needs_ids_or_filters_but_not_both() {
    let (_server, client) = TestServer::with_client().await;
    let message = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";
    assert_error(
        client.batch_get_secret_value().send().await,
        "InvalidParameterException",
        message,
    );
    assert_error(
        client
            .batch_get_secret_value()
            .secret_id_list("a")
            .filters(
                Filter::builder()
                    .key(FilterNameStringType::Name)
                    .values("a")
                    .build(),
            )
            .send()
            .await,
        "InvalidParameterException",
        message,
    );
}

#[tokio::test]
async fn batch_get_with_max_results_but_no_filters_is_refused() {
    let (_server, client) = TestServer::with_secret("batch/one", "v").await;

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

#[tokio::test]
async fn random_password_and_batch_answers_carry_the_modelled_members() {
    let server = TestServer::start().await;
    let password = server.call("GetRandomPassword", json!({})).await;
    assert_eq!(password.ok_keys(), keys(&["RandomPassword"]));

    create(
        &server,
        json!({"Name": "shapes/batch", "SecretString": "v", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let batch = server
        .call(
            "BatchGetSecretValue",
            json!({"SecretIdList": ["shapes/batch", "shapes/missing"]}),
        )
        .await;
    assert_eq!(batch.ok_keys(), keys(&["Errors", "SecretValues"]));
    let batch = batch.ok_json();
    assert_eq!(
        sorted_keys(&batch["SecretValues"][0]),
        keys(STRING_VALUE_MEMBERS)
    );
    assert_eq!(
        batch["Errors"],
        json!([{"SecretId": "shapes/missing", "ErrorCode": "ResourceNotFoundException",
                "Message": common::SECRET_NOT_FOUND}])
    );
}
