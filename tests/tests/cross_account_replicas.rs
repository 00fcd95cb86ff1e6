//! Cross-account replicas between accounts of the same server (through raw requests: the SDK has
//! no cross-account operations yet): CreateSecret with CrossAccountPrimaryARN and its refusals,
//! AssociateCrossAccountReplica and DisassociateCrossAccountReplica, the replica following its
//! primary until disassociated or promoted (then shown Detached), and accounts seeing each other
//! only through these links.

mod common;

use common::{
    DEFAULT_ACCOUNT, ON_REPLICA, REPLICA_REGION, SECRET_NOT_FOUND, TestServer, access_denied,
    assert_error, assert_secret_not_found, create_secret, current_value, replicate,
};
use serde_json::{Value, json};

const OTHER_ACCOUNT: &str = "222222222222";
const INVALID_PARAMETER: &str = "InvalidParameterException";

/// The other account creates `name` as a replica of `primary_arn`; returns its ARN.
async fn create_cross_account_replica(
    server: &TestServer,
    name: &str,
    primary_arn: &str,
) -> String {
    let body = server
        .call_as(
            common::DEFAULT_REGION,
            OTHER_ACCOUNT,
            "CreateSecret",
            json!({
                "Name": name,
                "CrossAccountPrimaryARN": primary_arn,
                "KmsKeyId": "alias/replica-key",
                "ClientRequestToken": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            }),
        )
        .await
        .ok_json();
    body["ARN"].as_str().expect("ARN").to_owned()
}

async fn associate(server: &TestServer, primary: &str, replica_arn: &str) -> common::RawResponse {
    server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "AssociateCrossAccountReplica",
            json!({"SecretId": primary, "CrossAccountReplicaARN": replica_arn}),
        )
        .await
}

async fn describe_as(server: &TestServer, account: &str, secret_id: &str) -> Value {
    server
        .call_as(
            common::DEFAULT_REGION,
            account,
            "DescribeSecret",
            json!({"SecretId": secret_id}),
        )
        .await
        .ok_json()
}

#[tokio::test]
async fn a_refused_cross_account_replica_create_stores_nothing() {
    let server = TestServer::start().await;
    // This SDK release has no CrossAccountPrimaryARN yet: the requests go raw.
    let create = |extra: &str| {
        format!(
            r#"{{"Name":"shape/cross-account","CrossAccountPrimaryARN":"arn:aws:secretsmanager:us-east-1:111111111111:secret:primary-AbCdEf"{extra}}}"#
        )
    };
    let refusals = [
        (
            create(r#","KmsKeyId":"alias/custom","SecretString":"own value""#),
            "You can't include SecretString, SecretBinary, Description, AddReplicaRegions, or \
             Type when you create a cross-account replica secret.",
        ),
        (
            create(""),
            "You must specify a customer managed KMS key in KmsKeyId to create a cross-account \
             replica secret.",
        ),
    ];
    for (body, message) in refusals {
        let response = server.post_raw("secretsmanager.CreateSecret", &body).await;
        assert_eq!(response.status, 400, "{response:?}");
        let error = response.json();
        assert_eq!(error["__type"], "InvalidParameterException");
        assert_eq!(error["Message"], message);
    }
    assert_secret_not_found(
        server
            .client()
            .describe_secret()
            .secret_id("shape/cross-account")
            .send()
            .await,
    );
}

#[tokio::test]
async fn a_cross_account_replica_receives_the_primary_until_disassociated() {
    let (server, client) = TestServer::with_client().await;
    let replica_client = server.client_for("us-east-1", OTHER_ACCOUNT);
    let primary_arn = create_secret(&client, "shared/db", "first").await;
    let replica_arn = create_cross_account_replica(&server, "copy/db", &primary_arn).await;
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "Pending"
    );

    let associated = associate(&server, "shared/db", &replica_arn)
        .await
        .ok_json();
    assert_eq!(
        associated,
        json!({
            "ARN": primary_arn,
            "CrossAccountReplicaARN": replica_arn,
            "ReplicationStatus": "InSync",
        })
    );
    assert_eq!(current_value(&replica_client, "copy/db").await, "first");
    let primary = describe_as(&server, DEFAULT_ACCOUNT, "shared/db").await;
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicaSecretARN"],
        replica_arn
    );
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicationStatus"],
        "InSync"
    );
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["PrimarySecretARN"],
        primary_arn
    );
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "InSync"
    );
    assert_eq!(replica["KmsKeyId"], "alias/replica-key");

    // Writes to the primary reach the replica; the replica itself is read-only.
    client
        .put_secret_value()
        .secret_id("shared/db")
        .secret_string("second")
        .send()
        .await
        .expect("put on primary");
    assert_eq!(current_value(&replica_client, "copy/db").await, "second");
    assert_error(
        replica_client
            .put_secret_value()
            .secret_id("copy/db")
            .secret_string("local")
            .send()
            .await,
        INVALID_PARAMETER,
        ON_REPLICA,
    );

    let disassociated = server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "DisassociateCrossAccountReplica",
            json!({"SecretId": "shared/db", "CrossAccountReplicaARN": replica_arn}),
        )
        .await
        .ok_json();
    assert_eq!(
        disassociated,
        json!({"ARN": primary_arn, "CrossAccountReplicaARN": replica_arn})
    );
    let replica = describe_as(&server, OTHER_ACCOUNT, "copy/db").await;
    assert_eq!(
        replica["CrossAccountPrimary"]["ReplicationStatus"],
        "Detached"
    );
    assert!(
        describe_as(&server, DEFAULT_ACCOUNT, "shared/db").await["CrossAccountReplicas"].is_null()
    );
    client
        .put_secret_value()
        .secret_id("shared/db")
        .secret_string("third")
        .send()
        .await
        .expect("put on primary");
    assert_eq!(current_value(&replica_client, "copy/db").await, "second");

    // Its owner promotes it to a standalone secret.
    replica_client
        .stop_replication_to_replica()
        .secret_id("copy/db")
        .send()
        .await
        .expect("promote");
    assert!(describe_as(&server, OTHER_ACCOUNT, "copy/db").await["CrossAccountPrimary"].is_null());
    replica_client
        .put_secret_value()
        .secret_id("copy/db")
        .secret_string("its own")
        .send()
        .await
        .expect("put on the promoted secret");
}

#[tokio::test]
async fn promoting_a_cross_account_replica_shows_it_detached_at_the_primary() {
    let (server, client) = TestServer::with_client().await;
    let primary_arn = create_secret(&client, "shared/api", "key").await;
    let replica_arn = create_cross_account_replica(&server, "copy/api", &primary_arn).await;
    associate(&server, "shared/api", &replica_arn).await;

    server
        .client_for("us-east-1", OTHER_ACCOUNT)
        .stop_replication_to_replica()
        .secret_id("copy/api")
        .send()
        .await
        .expect("promote");

    let primary = describe_as(&server, DEFAULT_ACCOUNT, "shared/api").await;
    assert_eq!(
        primary["CrossAccountReplicas"][0]["ReplicationStatus"],
        "Detached"
    );
}

#[tokio::test]
async fn association_errors() {
    let (server, client) = TestServer::with_client().await;
    let primary_arn = create_secret(&client, "shared/main", "v").await;
    let other_primary_arn = create_secret(&client, "shared/other", "v").await;
    let replica_arn = create_cross_account_replica(&server, "copy/main", &primary_arn).await;

    // A replica created for another primary.
    associate(&server, "shared/other", &replica_arn).await.assert_error(
        "InvalidRequestException",
        &format!(
            "The secret {replica_arn} isn't a cross-account replica of the secret {other_primary_arn}."
        ),
    );
    // A replica in another Region, or in the primary's own account.
    let in_other_region = replica_arn.replace("us-east-1", REPLICA_REGION);
    associate(&server, "shared/main", &in_other_region)
        .await
        .assert_error(
            INVALID_PARAMETER,
            "The cross-account replica must be in the same Region as the primary secret.",
        );
    associate(&server, "shared/main", &other_primary_arn)
        .await
        .assert_error(
            INVALID_PARAMETER,
            "The cross-account replica must be in a different account than the primary secret.",
        );
    // A replica that does not exist.
    let missing = replica_arn.replace("copy/main", "copy/missing");
    associate(&server, "shared/main", &missing)
        .await
        .assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    // At most one cross-account replica per primary.
    associate(&server, "shared/main", &replica_arn)
        .await
        .ok_json();
    // Associating again repairs the link.
    associate(&server, "shared/main", &replica_arn)
        .await
        .ok_json();
    let second = create_cross_account_replica(&server, "copy/second", &primary_arn).await;
    associate(&server, "shared/main", &second).await.assert_error(
        "LimitExceededException",
        &format!(
            "A primary secret can have at most one cross-account replica. This secret already replicates to {replica_arn}."
        ),
    );
    // Disassociating a secret that is not linked.
    server
        .call_as(
            common::DEFAULT_REGION,
            DEFAULT_ACCOUNT,
            "DisassociateCrossAccountReplica",
            json!({"SecretId": "shared/main", "CrossAccountReplicaARN": second}),
        )
        .await
        .assert_error(
            "InvalidRequestException",
            &format!(
                "The secret {second} isn't a cross-account replica of the secret {primary_arn}."
            ),
        );
}

#[tokio::test]
async fn accounts_see_each_other_only_through_replication_links() {
    let (server, client) = TestServer::with_client().await;
    let primary_arn = create_secret(&client, "shared/private", "v").await;
    let other_account = server.client_for("us-east-1", OTHER_ACCOUNT);

    // Not by name; by full ARN only as a resource policy allows, and this secret has none
    // (see cross_account_access.rs).
    assert_secret_not_found(
        other_account
            .get_secret_value()
            .secret_id("shared/private")
            .send()
            .await,
    );
    assert_error(
        other_account
            .get_secret_value()
            .secret_id(&primary_arn)
            .send()
            .await,
        "AccessDeniedException",
        &access_denied(OTHER_ACCOUNT, "GetSecretValue", &primary_arn),
    );
    // And a replica in another region is not the primary's region's business either.
    replicate(&client, "shared/private").await;
    let replica_arn = primary_arn.replace("us-east-1", REPLICA_REGION);
    assert_secret_not_found(
        client
            .get_secret_value()
            .secret_id(&replica_arn)
            .send()
            .await,
    );
}
