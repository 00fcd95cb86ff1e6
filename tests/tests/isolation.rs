//! Accounts and regions are isolated: for each operation that takes a SecretId, a caller in
//! another region, another account, or both, gets ResourceNotFoundException for the owner's
//! secret, whether it names it by name, full ARN or partial ARN, and the secret is untouched. The
//! one exception is AWS's: another account in the same region naming the secret by its full ARN
//! is refused with AccessDeniedException, as the secret's resource policy does not grant it (see
//! cross_account_access.rs for a policy that does). The owner's own call finds the secret, so
//! the refusal is the partition's doing, not the body's.

mod common;

use common::{
    DEFAULT_ACCOUNT, DEFAULT_REGION, RawResponse, SECRET_NOT_FOUND, TestServer, access_denied,
};
use serde_json::{Value, json};

const NAME: &str = "isolation/owned";
const OTHER_ACCOUNT: &str = "111111111111";
const OTHER_REGION: &str = "eu-west-1";
const TOKEN: &str = "00000000-0000-0000-0000-00000000000a";
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

/// Callers that must not see the owner's secret: (region, access key id).
const STRANGERS: [(&str, &str); 3] = [
    (OTHER_REGION, "test"),
    (DEFAULT_REGION, OTHER_ACCOUNT),
    (OTHER_REGION, OTHER_ACCOUNT),
];

/// The owner's secret: a value, tags and a resource policy.
async fn start_with_owned_secret() -> (TestServer, String) {
    let server = TestServer::start().await;
    let created = server
        .call(
            "CreateSecret",
            json!({"Name": NAME, "SecretString": "owner's value", "Tags": [{"Key": "k", "Value": "v"}]}),
        )
        .await
        .ok_json();
    server
        .call(
            "PutResourcePolicy",
            json!({"SecretId": NAME, "ResourcePolicy": POLICY}),
        )
        .await
        .ok_json();
    let arn = created["ARN"].as_str().expect("ARN").to_owned();
    (server, arn)
}

/// What the owner sees of the secret.
async fn owner_view(server: &TestServer) -> Value {
    let mut described = server
        .call("DescribeSecret", json!({"SecretId": NAME}))
        .await
        .ok_json();
    // Reading the value for this view sets it.
    described
        .as_object_mut()
        .map(|members| members.remove("LastAccessedDate"));
    json!({
        "describe": described,
        "value": server.call("GetSecretValue", json!({"SecretId": NAME})).await.ok_json()["SecretString"],
        "versions": server.call("ListSecretVersionIds", json!({"SecretId": NAME, "IncludeDeprecated": true})).await.ok_json(),
        "policy": server.call("GetResourcePolicy", json!({"SecretId": NAME})).await.ok_json(),
    })
}

/// Secrets a caller can list in its own partition.
async fn listed_by(server: &TestServer, region: &str, access_key_id: &str) -> Value {
    server
        .call_as(
            region,
            access_key_id,
            "ListSecrets",
            json!({"IncludePlannedDeletion": true}),
        )
        .await
        .ok_json()["SecretList"]
        .clone()
}

/// The three ways to name the secret: name, full ARN, partial ARN (without the random suffix).
fn secret_ids(arn: &str) -> [String; 3] {
    let partial = arn
        .rsplit_once('-')
        .map(|(prefix, _)| prefix)
        .unwrap_or(arn);
    [NAME.to_owned(), arn.to_owned(), partial.to_owned()]
}

/// Calls `operation` as every stranger with every form of the secret's id, and checks each is
/// told the secret does not exist, that the owner's secret is untouched, that the strangers'
/// partitions stay empty, and that the owner's own call finds the secret.
async fn assert_isolated(operation: &str, body: impl Fn(&str) -> Value) {
    let (server, arn) = start_with_owned_secret().await;
    let before = owner_view(&server).await;
    for (region, access_key_id) in STRANGERS {
        for secret_id in secret_ids(&arn) {
            let response = server
                .call_as(region, access_key_id, operation, body(&secret_id))
                .await;
            let reached_by_arn = region == DEFAULT_REGION && secret_id == arn;
            let denied = access_denied(access_key_id, operation, &arn);
            let expected = if reached_by_arn {
                ("AccessDeniedException", denied.as_str())
            } else {
                ("ResourceNotFoundException", SECRET_NOT_FOUND)
            };
            assert_refused(
                &response,
                operation,
                region,
                access_key_id,
                &secret_id,
                expected,
            );
        }
    }
    assert_eq!(
        owner_view(&server).await,
        before,
        "{operation} changed the owner's secret"
    );
    for (region, access_key_id) in STRANGERS {
        assert_eq!(listed_by(&server, region, access_key_id).await, json!([]));
    }
    let owner = server.call(operation, body(NAME)).await;
    let found = owner.status == 200 || owner.json()["__type"] != "ResourceNotFoundException";
    assert!(
        found,
        "the owner's {operation} should find the secret: {owner:?}"
    );
}

#[track_caller]
fn assert_refused(
    response: &RawResponse,
    operation: &str,
    region: &str,
    access_key_id: &str,
    secret_id: &str,
    (code, message): (&str, &str),
) {
    let context = format!("{operation} of {secret_id} from {region}/{access_key_id}");
    assert_eq!(response.status, 400, "{context}: {response:?}");
    let body = response.json();
    assert_eq!(
        (body["__type"].as_str(), body["Message"].as_str()),
        (Some(code), Some(message)),
        "{context}"
    );
}

/// One test per operation that takes a SecretId, each with a body that is valid for it.
macro_rules! isolation_tests {
    ($($test:ident: $operation:literal => |$id:ident| $body:expr;)*) => {$(
        #[tokio::test]
        async fn $test() {
            assert_isolated($operation, |$id: &str| $body).await;
        }
    )*};
}

isolation_tests! {
    // The replica ARN is in the owner's own account, which only the owner is told is wrong.
    associate_cross_account_replica: "AssociateCrossAccountReplica" => |id| json!({
        "SecretId": id,
        "CrossAccountReplicaARN": format!("arn:aws:secretsmanager:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:secret:replica"),
    });
    cancel_rotate_secret: "CancelRotateSecret" => |id| json!({"SecretId": id});
    delete_resource_policy: "DeleteResourcePolicy" => |id| json!({"SecretId": id});
    // Not forced: a forced delete of a secret that does not exist succeeds, as AWS documents.
    delete_secret: "DeleteSecret" => |id| json!({"SecretId": id, "RecoveryWindowInDays": 7});
    describe_secret: "DescribeSecret" => |id| json!({"SecretId": id});
    disassociate_cross_account_replica: "DisassociateCrossAccountReplica" => |id| json!({
        "SecretId": id,
        "CrossAccountReplicaARN": format!("arn:aws:secretsmanager:{DEFAULT_REGION}:{OTHER_ACCOUNT}:secret:replica"),
    });
    get_resource_policy: "GetResourcePolicy" => |id| json!({"SecretId": id});
    get_secret_value: "GetSecretValue" => |id| json!({"SecretId": id});
    list_resource_policies: "ListResourcePolicies" => |id| json!({"SecretId": id});
    list_secret_version_ids: "ListSecretVersionIds" => |id| json!({"SecretId": id, "IncludeDeprecated": true});
    put_resource_policy: "PutResourcePolicy" => |id| json!({"SecretId": id, "ResourcePolicy": POLICY});
    put_secret_value: "PutSecretValue" => |id| json!({"SecretId": id, "SecretString": "stranger's value", "ClientRequestToken": TOKEN});
    remove_regions_from_replication: "RemoveRegionsFromReplication" => |id| json!({"SecretId": id, "RemoveReplicaRegions": ["ap-south-1"]});
    replicate_secret_to_regions: "ReplicateSecretToRegions" => |id| json!({"SecretId": id, "AddReplicaRegions": [{"Region": "ap-south-1"}]});
    restore_secret: "RestoreSecret" => |id| json!({"SecretId": id});
    rotate_secret: "RotateSecret" => |id| json!({"SecretId": id, "ClientRequestToken": TOKEN, "RotationRules": {"AutomaticallyAfterDays": 30}});
    stop_replication_to_replica: "StopReplicationToReplica" => |id| json!({"SecretId": id});
    tag_resource: "TagResource" => |id| json!({"SecretId": id, "Tags": [{"Key": "stranger", "Value": "was here"}]});
    untag_resource: "UntagResource" => |id| json!({"SecretId": id, "TagKeys": ["k"]});
    update_secret: "UpdateSecret" => |id| json!({"SecretId": id, "Description": "stranger's", "SecretString": "stranger's value", "ClientRequestToken": TOKEN});
    update_secret_version_stage: "UpdateSecretVersionStage" => |id| json!({"SecretId": id, "VersionStage": "custom"});
    validate_resource_policy: "ValidateResourcePolicy" => |id| json!({"SecretId": id, "ResourcePolicy": POLICY});
}

#[tokio::test]
async fn batch_get_secret_value_reports_the_secret_as_not_found() {
    let (server, arn) = start_with_owned_secret().await;
    for (region, access_key_id) in STRANGERS {
        let ids = secret_ids(&arn);
        let batch = server
            .call_as(
                region,
                access_key_id,
                "BatchGetSecretValue",
                json!({"SecretIdList": ids}),
            )
            .await
            .ok_json();
        assert_eq!(batch["SecretValues"], json!([]), "{region}/{access_key_id}");
        let codes: Vec<_> = batch["Errors"]
            .as_array()
            .expect("Errors")
            .iter()
            .map(|error| error["ErrorCode"].as_str().unwrap_or_default())
            .collect();
        // By full ARN from the same region, another account is refused the GetSecretValue each
        // batch member needs; everything else is not found.
        let by_arn = if region == DEFAULT_REGION {
            "AccessDeniedException"
        } else {
            "ResourceNotFoundException"
        };
        assert_eq!(
            codes,
            [
                "ResourceNotFoundException",
                by_arn,
                "ResourceNotFoundException"
            ],
            "{batch}"
        );
        let by_filter = server
            .call_as(
                region,
                access_key_id,
                "BatchGetSecretValue",
                json!({"Filters": [{"Key": "name", "Values": [NAME]}]}),
            )
            .await
            .ok_json();
        assert_eq!(
            by_filter["SecretValues"],
            json!([]),
            "{region}/{access_key_id}"
        );
    }
}

#[tokio::test]
async fn the_same_name_in_each_partition_is_a_different_secret() {
    let server = TestServer::start().await;
    let partitions = [
        (DEFAULT_REGION, "test", DEFAULT_ACCOUNT),
        (OTHER_REGION, "test", DEFAULT_ACCOUNT),
        (DEFAULT_REGION, OTHER_ACCOUNT, OTHER_ACCOUNT),
        (OTHER_REGION, OTHER_ACCOUNT, OTHER_ACCOUNT),
    ];
    for (region, access_key_id, account) in partitions {
        let value = format!("value in {region}/{account}");
        let created = server
            .call_as(
                region,
                access_key_id,
                "CreateSecret",
                json!({"Name": NAME, "SecretString": value}),
            )
            .await
            .ok_json();
        common::assert_secret_arn(
            created["ARN"].as_str().unwrap_or_default(),
            region,
            account,
            NAME,
        );
    }
    for (region, access_key_id, account) in partitions {
        let read = server
            .call_as(
                region,
                access_key_id,
                "GetSecretValue",
                json!({"SecretId": NAME}),
            )
            .await
            .ok_json();
        assert_eq!(read["SecretString"], format!("value in {region}/{account}"));
    }
}
