//! Accounts and regions: state is partitioned by the account and region of the caller's
//! credentials. A secret is invisible from another region or account, whether named by name, full
//! ARN or partial ARN, for every operation that takes a SecretId (one test per operation) and in
//! listings and batches; the ARN carries the caller's region and account; the same name in two
//! partitions is two secrets. The one exception is AWS's: another account in the same region
//! naming the secret by its full ARN is refused with AccessDeniedException, as the secret's
//! resource policy does not grant it (cross_account_access.rs has a policy that does). The owner's
//! own call finds the secret, so each refusal is the partition's doing, not the body's.

mod common;

use aws_sdk_secretsmanager::types::{Filter, FilterNameStringType};
use common::{
    DEFAULT_ACCOUNT, DEFAULT_REGION, RawResponse, SECRET_NOT_FOUND, TestServer, access_denied,
    assert_error, assert_secret_arn, assert_secret_not_found, create_secret, current_value,
};
use serde_json::{Value, json};

/// A 12-digit access key id is taken as the account id.
const OTHER_ACCOUNT: &str = "111111111111";

#[tokio::test]
async fn secret_is_invisible_from_another_region() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "isolation/region", "v").await;

    let eu_client = server.client_for("eu-west-1", "test");

    assert_secret_not_found(
        eu_client
            .get_secret_value()
            .secret_id("isolation/region")
            .send()
            .await,
    );
}

#[tokio::test]
async fn secret_is_invisible_from_another_account() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "isolation/account", "v").await;

    let other_account = server.client_for("us-east-1", OTHER_ACCOUNT);

    assert_secret_not_found(
        other_account
            .get_secret_value()
            .secret_id("isolation/account")
            .send()
            .await,
    );
}

#[tokio::test]
async fn arn_carries_the_callers_region_and_account() {
    let server = TestServer::start().await;

    let default_arn = create_secret(&server.client(), "isolation/arn", "v").await;
    let eu_arn = create_secret(
        &server.client_for("eu-west-1", "test"),
        "isolation/arn",
        "v",
    )
    .await;
    let other_account_arn = create_secret(
        &server.client_for("ap-southeast-2", OTHER_ACCOUNT),
        "isolation/arn",
        "v",
    )
    .await;

    assert_secret_arn(&default_arn, "us-east-1", DEFAULT_ACCOUNT, "isolation/arn");
    assert_secret_arn(&eu_arn, "eu-west-1", DEFAULT_ACCOUNT, "isolation/arn");
    assert_secret_arn(
        &other_account_arn,
        "ap-southeast-2",
        OTHER_ACCOUNT,
        "isolation/arn",
    );
}

#[tokio::test]
async fn same_name_in_two_accounts_holds_two_values() {
    let server = TestServer::start().await;
    let ours = server.client();
    let theirs = server.client_for("us-east-1", OTHER_ACCOUNT);
    create_secret(&ours, "isolation/shared-name", "ours").await;
    create_secret(&theirs, "isolation/shared-name", "theirs").await;

    assert_eq!(current_value(&ours, "isolation/shared-name").await, "ours");
    assert_eq!(
        current_value(&theirs, "isolation/shared-name").await,
        "theirs"
    );
}

const NAME: &str = "isolation/owned";

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

/// Part 8: ListSecrets and BatchGetSecretValue see the caller's account and region only, and an
/// ARN of another account or region names nothing here.
#[tokio::test]
async fn listings_and_batches_show_only_the_callers_account_and_region() {
    let server = TestServer::start().await;
    let ours = server.client();
    let other_region = server.client_for("eu-west-1", "test");
    let other_account = server.client_for("us-east-1", OTHER_ACCOUNT);
    create_secret(&ours, "rules/ours", "ours").await;
    let eu_arn = create_secret(&other_region, "rules/eu", "eu").await;
    let account_arn = create_secret(&other_account, "rules/theirs", "theirs").await;

    let names = |client: aws_sdk_secretsmanager::Client| async move {
        let listed = client
            .list_secrets()
            .include_planned_deletion(true)
            .send()
            .await
            .expect("list secrets");
        listed
            .secret_list()
            .iter()
            .map(|entry| entry.name().expect("Name").to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(ours.clone()).await, ["rules/ours"]);
    assert_eq!(names(other_region.clone()).await, ["rules/eu"]);
    assert_eq!(names(other_account.clone()).await, ["rules/theirs"]);

    let everything = Filter::builder()
        .key(FilterNameStringType::Name)
        .values("rules/")
        .build();
    let batch = ours
        .batch_get_secret_value()
        .filters(everything)
        .send()
        .await
        .expect("batch by filter");
    let read: Vec<_> = batch
        .secret_values()
        .iter()
        .map(|entry| entry.secret_string().expect("SecretString"))
        .collect();
    assert_eq!(read, ["ours"]);

    let batch = ours
        .batch_get_secret_value()
        .secret_id_list(&eu_arn)
        .secret_id_list(&account_arn)
        .send()
        .await
        .expect("batch by ARNs");
    assert!(batch.secret_values().is_empty());
    let errors: Vec<_> = batch
        .errors()
        .iter()
        .map(|error| {
            (
                error.error_code().expect("code"),
                error.message().expect("message"),
            )
        })
        .collect();
    // Another region's secret does not exist here; another account's is reached by its full ARN
    // only as its resource policy allows, and it has none (issue 10 item 7).
    let batch_denied = access_denied(DEFAULT_ACCOUNT, "GetSecretValue", &account_arn);
    assert_eq!(
        errors,
        [
            ("ResourceNotFoundException", SECRET_NOT_FOUND),
            ("AccessDeniedException", batch_denied.as_str())
        ]
    );
    assert_secret_not_found(ours.describe_secret().secret_id(&eu_arn).send().await);
    assert_error(
        ours.describe_secret().secret_id(&account_arn).send().await,
        "AccessDeniedException",
        &access_denied(DEFAULT_ACCOUNT, "DescribeSecret", &account_arn),
    );
}
