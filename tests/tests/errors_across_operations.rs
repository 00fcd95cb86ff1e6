//! The errors every operation that names a secret shares, swept across all of them: an id no
//! secret can have (ValidationException), a secret that does not exist here (also one of another
//! region or account), and a secret scheduled for deletion (refused by all but DescribeSecret,
//! ListSecretVersionIds and RestoreSecret), each with AWS's code, exact message and HTTP 400, and
//! none changing stored data. The sweeps go over raw HTTP, so that one table covers all
//! operations, including the three this SDK release does not have (ListResourcePolicies and the
//! cross-account replica calls).

mod common;

use common::{
    ACCOUNT_POLICY as POLICY, INVALID_NAME, MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer,
    create_secret,
};
use serde_json::{Value, json};

const TOKEN: &str = "eeeeeeee-1111-4111-8111-eeeeeeeeeeee";

/// Every operation that names a secret, each with a request that is valid apart from the secret
/// it names.
fn requests_naming(secret_id: &str) -> Vec<(&'static str, Value)> {
    let replica_arn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:copy-AbCdEf";
    vec![
        (
            "AssociateCrossAccountReplica",
            json!({"SecretId": secret_id, "CrossAccountReplicaARN": replica_arn}),
        ),
        ("CancelRotateSecret", json!({"SecretId": secret_id})),
        ("DeleteResourcePolicy", json!({"SecretId": secret_id})),
        ("DeleteSecret", json!({"SecretId": secret_id})),
        ("DescribeSecret", json!({"SecretId": secret_id})),
        (
            "DisassociateCrossAccountReplica",
            json!({"SecretId": secret_id, "CrossAccountReplicaARN": replica_arn}),
        ),
        ("GetResourcePolicy", json!({"SecretId": secret_id})),
        ("GetSecretValue", json!({"SecretId": secret_id})),
        ("ListResourcePolicies", json!({"SecretId": secret_id})),
        ("ListSecretVersionIds", json!({"SecretId": secret_id})),
        (
            "PutResourcePolicy",
            json!({"SecretId": secret_id, "ResourcePolicy": POLICY}),
        ),
        (
            "PutSecretValue",
            json!({"SecretId": secret_id, "SecretString": "v2", "ClientRequestToken": TOKEN}),
        ),
        (
            "RemoveRegionsFromReplication",
            json!({"SecretId": secret_id, "RemoveReplicaRegions": ["eu-west-1"]}),
        ),
        (
            "ReplicateSecretToRegions",
            json!({"SecretId": secret_id, "AddReplicaRegions": [{"Region": "eu-west-1"}]}),
        ),
        ("RestoreSecret", json!({"SecretId": secret_id})),
        (
            "RotateSecret",
            json!({"SecretId": secret_id, "ClientRequestToken": TOKEN}),
        ),
        ("StopReplicationToReplica", json!({"SecretId": secret_id})),
        (
            "TagResource",
            json!({"SecretId": secret_id, "Tags": [{"Key": "k", "Value": "v"}]}),
        ),
        (
            "UntagResource",
            json!({"SecretId": secret_id, "TagKeys": ["k"]}),
        ),
        (
            "UpdateSecret",
            json!({"SecretId": secret_id, "Description": "d"}),
        ),
        (
            "UpdateSecretVersionStage",
            json!({"SecretId": secret_id, "VersionStage": "blue", "MoveToVersionId": TOKEN}),
        ),
        (
            "ValidateResourcePolicy",
            json!({"SecretId": secret_id, "ResourcePolicy": POLICY}),
        ),
    ]
}

/// The operations [`requests_naming`] covers, for failure messages.
fn operation_names() -> Vec<&'static str> {
    requests_naming("x").into_iter().map(|(op, _)| op).collect()
}

#[tokio::test]
async fn every_operation_naming_a_secret_refuses_an_id_no_name_can_have() {
    let server = TestServer::start().await;
    for secret_id in [
        "Inv Name",
        "star*",
        "arn:aws:secretsmanager:us-east-1:000000000000:secret:bad name",
    ] {
        for (operation, body) in requests_naming(secret_id) {
            let response = server.call(operation, body).await;
            assert_eq!(
                response.status, 400,
                "{operation} {secret_id}: {response:?}"
            );
            response.assert_error("ValidationException", INVALID_NAME);
        }
    }
    // CreateSecret checks the name it is given.
    server
        .call("CreateSecret", json!({"Name": "Inv Name"}))
        .await
        .assert_error("ValidationException", INVALID_NAME);
}

#[tokio::test]
async fn every_operation_naming_an_unknown_secret_answers_not_found() {
    let server = TestServer::start().await;
    let unknown_arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nowhere-AbCdEf";
    for secret_id in ["nowhere", unknown_arn] {
        for (operation, body) in requests_naming(secret_id) {
            let response = server.call(operation, body).await;
            assert_eq!(
                response.status, 400,
                "{operation} {secret_id}: {response:?}"
            );
            response.assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
        }
    }
    // A secret of another region or account is unknown here too.
    create_secret(&server.client_for("eu-west-1", "test"), "elsewhere", "v").await;
    create_secret(
        &server.client_for("us-east-1", "111111111111"),
        "elsewhere",
        "v",
    )
    .await;
    for (operation, body) in requests_naming("elsewhere") {
        server
            .call(operation, body)
            .await
            .assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    }
}

/// AWS-BEHAVIOUR §7: while scheduled for deletion a secret is still described and its versions
/// still listed, it can be restored (or deleted for good), and every other operation refuses it
/// with AWS's text, changing nothing.
#[tokio::test]
async fn a_secret_pending_deletion_refuses_every_operation_but_describe_list_versions_and_restore()
{
    let server = TestServer::start().await;
    let name = "errors/pending-deletion";
    create_secret(&server.client(), name, "v1").await;
    server
        .call("DeleteSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    let before = server
        .call("DescribeSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert!(before["DeletedDate"].is_number());

    let answering = ["DescribeSecret", "ListSecretVersionIds", "RestoreSecret"];
    for (operation, body) in requests_naming(name) {
        if answering.contains(&operation) {
            continue;
        }
        let response = server.call(operation, body).await;
        assert_eq!(response.status, 400, "{operation}: {response:?}");
        response.assert_error("InvalidRequestException", MARKED_FOR_DELETION);
    }
    // (A secret of this name cannot be created either; see create_and_describe.rs.)
    let after = server
        .call("DescribeSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(after, before, "the refused requests changed nothing");
    let versions = server
        .call("ListSecretVersionIds", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(versions["Versions"].as_array().map(Vec::len), Some(1));

    server
        .call("RestoreSecret", json!({"SecretId": name}))
        .await
        .ok_json();
    assert_eq!(common::current_value(&server.client(), name).await, "v1");
}

#[test]
fn the_sweeps_cover_every_operation_that_names_a_secret() {
    let mut names = operation_names();
    names.sort();
    names.dedup();
    // 26 operations less CreateSecret (a Name, checked above), BatchGetSecretValue (errors per
    // secret), ListSecrets and GetRandomPassword (no secret).
    assert_eq!(names.len(), 22, "{names:?}");
}
