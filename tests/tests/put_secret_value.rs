//! PutSecretValue and the labels a new version takes: AWSCURRENT by default (the old current
//! becomes AWSPREVIOUS, the old previous is left unlabelled), only the labels given otherwise (a
//! label moves to the version given it), and AWSCURRENT for a secret's first value whatever its
//! labels. (Label sequences replayed from AWS's recordings are in replay_stages.rs; the token
//! rules are in client_request_tokens.rs.)

mod common;

use common::{
    TestServer, assert_error, assert_secret_not_found, current_value, put, put_value,
    put_with_stages, stages_of, value_at_stage, versions,
};

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";

#[tokio::test]
async fn put_secret_value_moves_current_and_previous() {
    let (_server, client) = TestServer::with_secret("lifecycle/put-value", "old").await;

    put_value(&client, "lifecycle/put-value", "new").await;

    assert_eq!(
        value_at_stage(&client, "lifecycle/put-value", "AWSCURRENT").await,
        "new"
    );
    assert_eq!(
        value_at_stage(&client, "lifecycle/put-value", "AWSPREVIOUS").await,
        "old"
    );
}

#[tokio::test]
async fn put_to_an_unknown_secret_is_not_found() {
    let server = TestServer::start().await;
    assert_secret_not_found(
        server
            .client()
            .put_secret_value()
            .secret_id("values/nowhere")
            .secret_string("v")
            .send()
            .await,
    );
}

#[tokio::test]
async fn put_with_other_labels_leaves_awscurrent_alone() {
    let (_server, client) = TestServer::with_secret("values/pending", "current").await;

    let response = client
        .put_secret_value()
        .secret_id("values/pending")
        .secret_string("pending")
        .version_stages("AWSPENDING")
        .send()
        .await
        .expect("put pending");
    assert_eq!(response.version_stages(), ["AWSPENDING"]);

    assert_eq!(current_value(&client, "values/pending").await, "current");
    assert_eq!(
        value_at_stage(&client, "values/pending", "AWSPENDING").await,
        "pending"
    );
    assert_error(
        client
            .get_secret_value()
            .secret_id("values/pending")
            .version_stage("AWSPREVIOUS")
            .send()
            .await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    );
}

#[tokio::test]
async fn a_label_moves_to_the_version_that_is_given_it() {
    let (_server, client) = TestServer::with_secret("values/labels", "v1").await;
    let v2 = put_with_stages(&client, "values/labels", "v2", &["one", "two", "three"]).await;
    let v3 = put_with_stages(&client, "values/labels", "v3", &["one", "two", "four"]).await;

    assert_eq!(stages_of(&client, "values/labels", &v2).await, ["three"]);
    assert_eq!(
        stages_of(&client, "values/labels", &v3).await,
        ["four", "one", "two"]
    );
    assert_eq!(current_value(&client, "values/labels").await, "v1");
    assert_eq!(value_at_stage(&client, "values/labels", "one").await, "v3");
}

#[tokio::test]
async fn a_new_current_pushes_previous_and_deprecates_the_old_previous() {
    let (_server, client) = TestServer::with_secret("values/chain", "v1").await;
    let v2 = put(&client, "values/chain", TOKEN_A, "v2").await;
    let v3 = put(&client, "values/chain", TOKEN_B, "v3").await;

    assert_eq!(
        stages_of(&client, "values/chain", &v3).await,
        ["AWSCURRENT"]
    );
    assert_eq!(
        stages_of(&client, "values/chain", &v2).await,
        ["AWSPREVIOUS"]
    );
    let labelled = versions(&client, "values/chain", false).await;
    assert_eq!(labelled.len(), 2, "v1 has no label left: {labelled:?}");
    assert_eq!(versions(&client, "values/chain", true).await.len(), 3);
}

#[tokio::test]
async fn the_first_value_of_an_empty_secret_is_current_whatever_its_labels() {
    let (_server, client) = TestServer::with_client().await;
    client
        .create_secret()
        .name("values/empty")
        .send()
        .await
        .expect("create without a value");

    let response = client
        .put_secret_value()
        .secret_id("values/empty")
        .secret_string("first")
        .version_stages("AWSPENDING")
        .send()
        .await
        .expect("first put");
    let mut stages = response.version_stages().to_vec();
    stages.sort();
    assert_eq!(stages, ["AWSCURRENT", "AWSPENDING"]);
    assert_eq!(current_value(&client, "values/empty").await, "first");
}
