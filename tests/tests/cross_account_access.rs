//! Another account reaches a secret by its full ARN when the secret's resource policy allows the
//! action, as AWS allows it (LocalStack's AWS-validated
//! `TestSecretsManagerMultiAccounts::test_cross_account_access`): it may describe, list versions,
//! read and write the policy, tag, untag and delete, but never read or write a value under the
//! default KMS key. Without a policy allowing the action it gets AccessDeniedException; by name or
//! partial ARN, or from another region, the secret stays invisible.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::Tag;
use common::{
    TestServer, access_denied, assert_error, assert_secret_not_found, current_value, replicate,
};
use serde_json::json;

const OWNER: &str = "111111111111";
const CALLER: &str = "222222222222";
const REGION: &str = "us-east-1";
const NAME: &str = "shared/db";
const ACCESS_DENIED: &str = "AccessDeniedException";
const INVALID_REQUEST: &str = "InvalidRequestException";
/// A KMS key of the owner's own, which (unlike the default key) lets another account at the value.
const CUSTOMER_KEY: &str = "alias/shared-key";
const DEFAULT_KEY: &str = "You can't access a secret from a different AWS account if you encrypt \
                           the secret with the default KMS service key.";

/// A policy with one statement for the caller's account.
fn policy(effect: &str, action: &str, resource: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": effect,
            "Principal": {"AWS": format!("arn:aws:iam::{CALLER}:root")},
            "Action": action,
            "Resource": resource,
        }]
    })
    .to_string()
}

/// A policy that lets the caller's account do anything with the secret.
fn allow_everything() -> String {
    policy("Allow", "secretsmanager:*", "*")
}

fn denied(action: &str, arn: &str) -> String {
    access_denied(CALLER, action, arn)
}

/// The owner's and the caller's clients, and the owner's secret's ARN (with `kms_key_id` if
/// given, and `policy` attached if given).
async fn shared_secret(
    server: &TestServer,
    kms_key_id: Option<&str>,
    policy: Option<String>,
) -> (Client, Client, String) {
    let owner = server.client_for(REGION, OWNER);
    let caller = server.client_for(REGION, CALLER);
    let arn = owner
        .create_secret()
        .name(NAME)
        .secret_string("owner's value")
        .set_kms_key_id(kms_key_id.map(str::to_owned))
        .send()
        .await
        .expect("create")
        .arn
        .expect("ARN");
    if let Some(policy) = policy {
        attach(&owner, &policy).await;
    }
    (owner, caller, arn)
}

/// Puts `policy` on the owner's secret.
async fn attach(owner: &Client, policy: &str) {
    owner
        .put_resource_policy()
        .secret_id(NAME)
        .resource_policy(policy)
        .send()
        .await
        .expect("put policy");
}

#[tokio::test]
async fn a_policy_granting_the_account_opens_the_secret_by_full_arn() {
    let server = TestServer::start().await;
    let (owner, caller, arn) = shared_secret(&server, None, Some(allow_everything())).await;

    let described = common::describe(&caller, &arn).await;
    assert_eq!(described.arn(), Some(arn.as_str()));

    // The value is under the default key, which serves only the owner's account.
    assert_error(
        caller.get_secret_value().secret_id(&arn).send().await,
        INVALID_REQUEST,
        DEFAULT_KEY,
    );
    assert_error(
        caller
            .put_secret_value()
            .secret_id(&arn)
            .secret_string("caller's value")
            .send()
            .await,
        INVALID_REQUEST,
        DEFAULT_KEY,
    );
    assert_error(
        caller
            .update_secret()
            .secret_id(&arn)
            .secret_string("caller's value")
            .send()
            .await,
        INVALID_REQUEST,
        DEFAULT_KEY,
    );
    assert_eq!(current_value(&owner, NAME).await, "owner's value");

    let mut with_sid: serde_json::Value = serde_json::from_str(&allow_everything()).expect("JSON");
    with_sid["Statement"][0]["Sid"] = json!("AllowCrossAccount");
    caller
        .put_resource_policy()
        .secret_id(&arn)
        .resource_policy(with_sid.to_string())
        .send()
        .await
        .expect("put policy from the other account");
    let read_back = caller
        .get_resource_policy()
        .secret_id(&arn)
        .send()
        .await
        .expect("get policy from the other account");
    let read_back: serde_json::Value =
        serde_json::from_str(read_back.resource_policy().expect("policy")).expect("JSON");
    assert_eq!(read_back["Statement"][0]["Sid"], "AllowCrossAccount");

    let versions = caller
        .list_secret_version_ids()
        .secret_id(&arn)
        .send()
        .await
        .expect("list versions");
    assert_eq!(versions.versions().len(), 1);

    let listed = caller.list_secrets().send().await.expect("list");
    assert!(listed.secret_list().is_empty(), "{listed:?}");

    caller
        .tag_resource()
        .secret_id(&arn)
        .tags(Tag::builder().key("tag1").value("value1").build())
        .send()
        .await
        .expect("tag");
    let tags =
        |described: &aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput| {
            described
                .tags()
                .iter()
                .map(|tag| {
                    (
                        tag.key().unwrap_or_default().to_owned(),
                        tag.value().unwrap_or_default().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        };
    let seen_by_owner = common::describe(&owner, NAME).await;
    assert_eq!(
        tags(&seen_by_owner),
        [("tag1".to_owned(), "value1".to_owned())]
    );
    caller
        .untag_resource()
        .secret_id(&arn)
        .tag_keys("tag1")
        .send()
        .await
        .expect("untag");
    let seen_by_owner = common::describe(&owner, NAME).await;
    assert!(tags(&seen_by_owner).is_empty());

    caller
        .delete_secret()
        .secret_id(&arn)
        .force_delete_without_recovery(true)
        .send()
        .await
        .expect("delete from the other account");
    assert_secret_not_found(owner.describe_secret().secret_id(NAME).send().await);
}

#[tokio::test]
async fn with_a_customer_key_the_other_account_reads_and_writes_the_value() {
    let server = TestServer::start().await;
    let (owner, caller, arn) =
        shared_secret(&server, Some(CUSTOMER_KEY), Some(allow_everything())).await;

    assert_eq!(current_value(&caller, &arn).await, "owner's value");
    caller
        .put_secret_value()
        .secret_id(&arn)
        .secret_string("caller's value")
        .send()
        .await
        .expect("put from the other account");
    assert_eq!(current_value(&owner, NAME).await, "caller's value");
    caller
        .update_secret()
        .secret_id(&arn)
        .secret_string("updated by the caller")
        .send()
        .await
        .expect("update from the other account");
    assert_eq!(current_value(&owner, NAME).await, "updated by the caller");
}

/// A write from another account goes through the same write path as the owner's: the owner's
/// replicas follow at once. RotateSecret used to refresh the caller's partition instead.
#[tokio::test]
async fn a_rotation_from_the_other_account_reaches_the_owners_replica() {
    let server = TestServer::start().await;
    let (owner, caller, arn) =
        shared_secret(&server, Some(CUSTOMER_KEY), Some(allow_everything())).await;
    replicate(&owner, NAME).await;

    let rotated = caller
        .rotate_secret()
        .secret_id(&arn)
        .client_request_token("rotated-by-the-other-account-0001")
        .send()
        .await
        .expect("rotate from the other account");
    assert_eq!(
        rotated.version_id(),
        Some("rotated-by-the-other-account-0001")
    );

    let replica = server.client_for(common::REPLICA_REGION, OWNER);
    let on_replica = common::get_value(&replica, NAME).await;
    assert_eq!(
        on_replica.version_id(),
        Some("rotated-by-the-other-account-0001")
    );
    assert_eq!(
        on_replica.secret_string(),
        owner_value(&owner).await.as_deref()
    );
}

/// The owner's current value.
async fn owner_value(owner: &Client) -> Option<String> {
    common::get_value(owner, NAME)
        .await
        .secret_string()
        .map(str::to_owned)
}

#[tokio::test]
async fn without_a_policy_allowing_the_action_the_other_account_is_denied() {
    let server = TestServer::start().await;
    let (owner, caller, arn) = shared_secret(&server, Some(CUSTOMER_KEY), None).await;
    assert_error(
        caller.describe_secret().secret_id(&arn).send().await,
        ACCESS_DENIED,
        &denied("DescribeSecret", &arn),
    );

    // A policy for one action allows that action only.
    let read_only = policy("Allow", "secretsmanager:GetSecretValue", &arn);
    attach(&owner, &read_only).await;
    assert_eq!(current_value(&caller, &arn).await, "owner's value");
    assert_error(
        caller
            .put_secret_value()
            .secret_id(&arn)
            .secret_string("caller's value")
            .send()
            .await,
        ACCESS_DENIED,
        &denied("PutSecretValue", &arn),
    );

    // A policy for another secret allows nothing here.
    let elsewhere = policy(
        "Allow",
        "secretsmanager:*",
        &format!("arn:aws:secretsmanager:{REGION}:{OWNER}:secret:other-*"),
    );
    attach(&owner, &elsewhere).await;
    assert_error(
        caller.get_secret_value().secret_id(&arn).send().await,
        ACCESS_DENIED,
        &denied("GetSecretValue", &arn),
    );

    // An explicit deny wins over an allow.
    let allow_all_but_delete = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": CALLER}, "Action": "secretsmanager:*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:Delete*", "Resource": "*"},
        ]
    });
    attach(&owner, &allow_all_but_delete.to_string()).await;
    assert_error(
        caller
            .delete_secret()
            .secret_id(&arn)
            .force_delete_without_recovery(true)
            .send()
            .await,
        ACCESS_DENIED,
        &format!(
            "User: arn:aws:iam::{CALLER}:root is not authorized to perform: \
             secretsmanager:DeleteSecret on resource: {arn} with an explicit deny in a \
             resource-based policy"
        ),
    );
    assert_eq!(current_value(&owner, NAME).await, "owner's value");
}

#[tokio::test]
async fn by_name_partial_arn_or_from_another_region_the_secret_stays_invisible() {
    let server = TestServer::start().await;
    let (_, caller, arn) =
        shared_secret(&server, Some(CUSTOMER_KEY), Some(allow_everything())).await;
    let partial = arn.rsplit_once('-').expect("suffix").0.to_owned();
    for secret_id in [NAME, partial.as_str()] {
        assert_secret_not_found(caller.describe_secret().secret_id(secret_id).send().await);
    }
    let elsewhere = server.client_for("eu-west-1", CALLER);
    assert_secret_not_found(elsewhere.describe_secret().secret_id(&arn).send().await);
}
