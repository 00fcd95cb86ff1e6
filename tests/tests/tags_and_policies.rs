//! TagResource/UntagResource rules (limits, reserved keys, deleted secrets, LastChangedDate) and
//! the resource-policy operations: Put/Get/Delete, ListResourcePolicies, the policy grammar,
//! BlockPublicPolicy and ValidateResourcePolicy.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::Tag;
use aws_smithy_types::DateTime;
use common::{MARKED_FOR_DELETION, SECRET_NOT_FOUND, TestServer, assert_error, create_secret};
use serde_json::json;

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

async fn tags_of(client: &Client, secret_id: &str) -> Option<Vec<(String, String)>> {
    let described = client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("describe secret");
    described.tags.map(|tags| {
        tags.into_iter()
            .map(|tag| (tag.key.unwrap_or_default(), tag.value.unwrap_or_default()))
            .collect()
    })
}

async fn last_changed(client: &Client, secret_id: &str) -> DateTime {
    client
        .describe_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("describe secret")
        .last_changed_date
        .expect("LastChangedDate")
}

async fn schedule_deletion(client: &Client, secret_id: &str) {
    client
        .delete_secret()
        .secret_id(secret_id)
        .send()
        .await
        .expect("delete secret");
}

// ---- tags ----------------------------------------------------------------------------------

#[tokio::test]
async fn tags_keep_their_order_and_replace_values_in_place() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tags/order", "v").await;

    for tags in [
        vec![tag("a", "1"), tag("b", "2")],
        vec![tag("c", "3"), tag("a", "9")],
    ] {
        client
            .tag_resource()
            .secret_id("tags/order")
            .set_tags(Some(tags))
            .send()
            .await
            .expect("tag resource");
    }

    let expected = [("a", "9"), ("b", "2"), ("c", "3")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
    assert_eq!(tags_of(&client, "tags/order").await, Some(expected));
}

#[tokio::test]
async fn tag_changes_bump_last_changed_date_and_no_ops_do_not() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tags/dates", "v").await;
    let created = last_changed(&client, "tags/dates").await;

    server.emulator().clock().advance_millis(5_000);
    client
        .untag_resource()
        .secret_id("tags/dates")
        .tag_keys("absent")
        .send()
        .await
        .expect("untag an absent key");
    assert_eq!(last_changed(&client, "tags/dates").await, created);
    assert_eq!(
        tags_of(&client, "tags/dates").await,
        None,
        "still never tagged"
    );

    client
        .tag_resource()
        .secret_id("tags/dates")
        .tags(tag("k", "v"))
        .send()
        .await
        .expect("tag");
    let tagged = last_changed(&client, "tags/dates").await;
    assert!(tagged.as_secs_f64() >= created.as_secs_f64() + 5.0);

    server.emulator().clock().advance_millis(5_000);
    client
        .untag_resource()
        .secret_id("tags/dates")
        .tag_keys("k")
        .send()
        .await
        .expect("untag");
    assert!(last_changed(&client, "tags/dates").await.as_secs_f64() >= tagged.as_secs_f64() + 5.0);
    assert_eq!(tags_of(&client, "tags/dates").await, Some(Vec::new()));
}

#[tokio::test]
async fn at_most_fifty_tags_and_a_refused_request_changes_nothing() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tags/limit", "v").await;
    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i:02}"), "v")).collect();
    client
        .tag_resource()
        .secret_id("tags/limit")
        .set_tags(Some(fifty))
        .send()
        .await
        .expect("fifty tags are allowed");

    assert_error(
        client
            .tag_resource()
            .secret_id("tags/limit")
            .tags(tag("k00", "new"))
            .tags(tag("one-too-many", "v"))
            .send()
            .await,
        "InvalidParameterException",
        "A secret can have at most 50 tags.",
    );

    let tags = tags_of(&client, "tags/limit").await.expect("tags");
    assert_eq!(tags.len(), 50);
    assert_eq!(
        tags[0],
        ("k00".to_owned(), "v".to_owned()),
        "k00 kept its value"
    );
}

#[tokio::test]
async fn duplicate_reserved_and_missing_keys_are_invalid_parameters() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "tags/keys", "v").await;

    assert_error(
        client
            .tag_resource()
            .secret_id("tags/keys")
            .tags(tag("env", "a"))
            .tags(tag("env", "b"))
            .send()
            .await,
        "InvalidParameterException",
        "The tag key env appears more than once in the request.",
    );
    assert_error(
        client
            .tag_resource()
            .secret_id("tags/keys")
            .tags(tag("aws:createdBy", "me"))
            .send()
            .await,
        "InvalidParameterException",
        "You can't modify system tags. Tag key: 'aws:createdBy'.",
    );
    assert_error(
        client
            .untag_resource()
            .secret_id("tags/keys")
            .tag_keys("AWS:thing")
            .send()
            .await,
        "InvalidParameterException",
        "You can't modify system tags. Tag key: 'AWS:thing'.",
    );
    assert_error(
        client
            .tag_resource()
            .secret_id("tags/keys")
            .tags(Tag::builder().value("no key").build())
            .send()
            .await,
        "InvalidParameterException",
        "You must specify a Key for every tag.",
    );
    assert_eq!(tags_of(&client, "tags/keys").await, None);
}

#[tokio::test]
async fn tagging_unknown_or_deleted_secrets_fails() {
    let server = TestServer::start().await;
    let client = server.client();

    assert_error(
        client
            .tag_resource()
            .secret_id("tags/missing")
            .tags(tag("k", "v"))
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    assert_error(
        client
            .untag_resource()
            .secret_id("tags/missing")
            .tag_keys("k")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );

    create_secret(&client, "tags/deleted", "v").await;
    schedule_deletion(&client, "tags/deleted").await;
    assert_error(
        client
            .tag_resource()
            .secret_id("tags/deleted")
            .tags(tag("k", "v"))
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    assert_error(
        client
            .untag_resource()
            .secret_id("tags/deleted")
            .tag_keys("k")
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
}

// ---- resource policies ---------------------------------------------------------------------

const ACCOUNT_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
const PUBLIC_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
const INVALID_SYNTAX: &str = "This policy has invalid syntax.";

#[tokio::test]
async fn put_get_list_and_delete_the_default_policy() {
    let server = TestServer::start().await;
    let client = server.client();
    let arn = create_secret(&client, "policy/basic", "v").await;
    let id = json!({"SecretId": "policy/basic"});

    let before = server.call("GetResourcePolicy", id.clone()).await.ok_json();
    assert_eq!(
        before,
        json!({"ARN": arn, "Name": "policy/basic", "PolicyName": "default"})
    );
    let listed = server
        .call("ListResourcePolicies", id.clone())
        .await
        .ok_json();
    assert_eq!(listed, json!({"ResourcePolicies": []}));

    let put = server
        .call(
            "PutResourcePolicy",
            json!({"SecretId": "policy/basic", "ResourcePolicy": ACCOUNT_POLICY}),
        )
        .await
        .ok_json();
    assert_eq!(
        put,
        json!({"ARN": arn, "Name": "policy/basic", "PolicyName": "default"})
    );

    // The SDK sees the policy exactly as it was put.
    let got = client
        .get_resource_policy()
        .secret_id("policy/basic")
        .send()
        .await
        .expect("get resource policy");
    assert_eq!(got.resource_policy(), Some(ACCOUNT_POLICY));
    assert_eq!(got.arn(), Some(arn.as_str()));
    let listed = server
        .call("ListResourcePolicies", id.clone())
        .await
        .ok_json();
    assert_eq!(
        listed,
        json!({"ResourcePolicies": [{"PolicyName": "default"}]})
    );

    let deleted = server
        .call("DeleteResourcePolicy", id.clone())
        .await
        .ok_json();
    assert_eq!(
        deleted,
        json!({"ARN": arn, "Name": "policy/basic", "PolicyName": "default"})
    );
    let after = client
        .get_resource_policy()
        .secret_id("policy/basic")
        .send()
        .await
        .expect("get resource policy");
    assert_eq!(after.resource_policy(), None);
    // Deleting again is harmless.
    server.call("DeleteResourcePolicy", id).await.ok_json();
}

#[tokio::test]
async fn only_the_default_policy_name_exists() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "policy/names", "v").await;

    let explicit = server.call("PutResourcePolicy",
        json!({"SecretId": "policy/names", "ResourcePolicy": ACCOUNT_POLICY, "PolicyName": "default"}),
    )
    .await;
    explicit.ok_json();
    server.call("PutResourcePolicy",
            json!({"SecretId": "policy/names", "ResourcePolicy": ACCOUNT_POLICY, "PolicyName": "extra"})).await.assert_error(
        "InvalidParameterException",
        "You can only attach the default resource policy.",
    );
    server
        .call(
            "DeleteResourcePolicy",
            json!({"SecretId": "policy/names", "PolicyName": "extra"}),
        )
        .await
        .assert_error(
            "InvalidParameterException",
            "You can only delete the default resource policy.",
        );
    server
        .call(
            "GetResourcePolicy",
            json!({"SecretId": "policy/names", "PolicyName": "extra"}),
        )
        .await
        .assert_error(
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified resource policy.",
        );
}

#[tokio::test]
async fn malformed_policies_are_refused_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "policy/malformed", "v").await;
    let malformed = [
        "not json".to_owned(),
        "[]".to_owned(),
        ACCOUNT_POLICY.replace("2012-10-17", "2019-10-19"),
        ACCOUNT_POLICY.replace("Allow", "Permit"),
        ACCOUNT_POLICY.replace("\"Principal\"", "\"Principals\""),
        ACCOUNT_POLICY.replace("secretsmanager:GetSecretValue", "GetSecretValue"),
        r#"{"Version":"2012-10-17","Statement":[]}"#.to_owned(),
    ];

    for policy in malformed {
        assert_error(
            client
                .put_resource_policy()
                .secret_id("policy/malformed")
                .resource_policy(&policy)
                .send()
                .await,
            "MalformedPolicyDocumentException",
            INVALID_SYNTAX,
        );
    }

    let got = client
        .get_resource_policy()
        .secret_id("policy/malformed")
        .send()
        .await
        .expect("get resource policy");
    assert_eq!(got.resource_policy(), None);
}

#[tokio::test]
async fn block_public_policy_refuses_wildcard_principals() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "policy/public", "v").await;

    assert_error(
        client
            .put_resource_policy()
            .secret_id("policy/public")
            .resource_policy(PUBLIC_POLICY)
            .block_public_policy(true)
            .send()
            .await,
        "PublicPolicyException",
        "This resource policy grants broad access to the secret.",
    );
    let aws_wildcard = PUBLIC_POLICY.replace(r#""Principal":"*""#, r#""Principal":{"AWS":"*"}"#);
    assert_error(
        client
            .put_resource_policy()
            .secret_id("policy/public")
            .resource_policy(aws_wildcard)
            .block_public_policy(true)
            .send()
            .await,
        "PublicPolicyException",
        "This resource policy grants broad access to the secret.",
    );
    // An account principal is fine when public policies are blocked ...
    client
        .put_resource_policy()
        .secret_id("policy/public")
        .resource_policy(ACCOUNT_POLICY)
        .block_public_policy(true)
        .send()
        .await
        .expect("a policy for one account");
    // ... and a public one is accepted when they are not (AWS's default).
    client
        .put_resource_policy()
        .secret_id("policy/public")
        .resource_policy(PUBLIC_POLICY)
        .send()
        .await
        .expect("a public policy without BlockPublicPolicy");
    let got = client
        .get_resource_policy()
        .secret_id("policy/public")
        .send()
        .await
        .expect("get");
    assert_eq!(got.resource_policy(), Some(PUBLIC_POLICY));
}

#[tokio::test]
async fn policies_of_unknown_or_deleted_secrets() {
    let server = TestServer::start().await;
    let client = server.client();
    for operation in [
        "GetResourcePolicy",
        "DeleteResourcePolicy",
        "ListResourcePolicies",
    ] {
        server
            .call(operation, json!({"SecretId": "policy/missing"}))
            .await
            .assert_error("ResourceNotFoundException", SECRET_NOT_FOUND);
    }

    create_secret(&client, "policy/deleted", "v").await;
    schedule_deletion(&client, "policy/deleted").await;
    assert_error(
        client
            .get_resource_policy()
            .secret_id("policy/deleted")
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
    assert_error(
        client
            .put_resource_policy()
            .secret_id("policy/deleted")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
        "InvalidRequestException",
        MARKED_FOR_DELETION,
    );
}

#[tokio::test]
async fn list_resource_policies_refuses_a_forged_token() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "policy/token", "v").await;

    server
        .call(
            "ListResourcePolicies",
            json!({"SecretId": "policy/token", "NextToken": "forged"}),
        )
        .await
        .assert_error(
            "InvalidNextTokenException",
            "The NextToken value is invalid.",
        );
}

#[tokio::test]
async fn validate_passes_a_valid_policy_with_or_without_a_secret() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "policy/validate", "v").await;

    for secret_id in [None, Some("policy/validate")] {
        let output = client
            .validate_resource_policy()
            .set_secret_id(secret_id.map(str::to_owned))
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await
            .expect("validate");
        assert!(output.policy_validation_passed);
        assert_eq!(output.validation_errors(), []);
    }
    let raw = server
        .call(
            "ValidateResourcePolicy",
            json!({"ResourcePolicy": ACCOUNT_POLICY}),
        )
        .await
        .ok_json();
    assert_eq!(
        raw,
        json!({"PolicyValidationPassed": true, "ValidationErrors": []})
    );
}

#[tokio::test]
async fn validate_reports_grammar_errors_and_broad_access() {
    let server = TestServer::start().await;

    let bad = json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Permit", "Action": "secretsmanager:*", "Resource": "*"}]
    });
    let report = server
        .call(
            "ValidateResourcePolicy",
            json!({"ResourcePolicy": bad.to_string()}),
        )
        .await
        .ok_json();
    assert_eq!(
        report,
        json!({
            "PolicyValidationPassed": false,
            "ValidationErrors": [
                {"CheckName": "POLICY_SYNTAX", "ErrorMessage": "Statement 1: Effect must be Allow or Deny."},
                {"CheckName": "POLICY_SYNTAX", "ErrorMessage": "Statement 1: it must have Principal or NotPrincipal."}
            ]
        })
    );

    let public = server
        .call(
            "ValidateResourcePolicy",
            json!({"ResourcePolicy": PUBLIC_POLICY}),
        )
        .await
        .ok_json();
    assert_eq!(
        public,
        json!({
            "PolicyValidationPassed": false,
            "ValidationErrors": [{
                "CheckName": "BROAD_ACCESS",
                "ErrorMessage": "This resource policy grants broad access to the secret."
            }]
        })
    );
}

#[tokio::test]
async fn validate_refuses_text_that_is_not_a_policy_and_unknown_secrets() {
    let server = TestServer::start().await;
    let client = server.client();

    assert_error(
        client
            .validate_resource_policy()
            .resource_policy("{not json")
            .send()
            .await,
        "MalformedPolicyDocumentException",
        INVALID_SYNTAX,
    );
    assert_error(
        client
            .validate_resource_policy()
            .secret_id("policy/missing")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn replicas_refuse_tag_and_policy_writes() {
    let server = TestServer::start().await;
    let client = server.client();
    create_secret(&client, "replicated", "v").await;
    client
        .replicate_secret_to_regions()
        .secret_id("replicated")
        .add_replica_regions(
            aws_sdk_secretsmanager::types::ReplicaRegionType::builder()
                .region("eu-west-1")
                .build(),
        )
        .send()
        .await
        .expect("replicate");
    let replica = server.client_for("eu-west-1", "test");
    let not_permitted = "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

    assert_error(
        replica
            .tag_resource()
            .secret_id("replicated")
            .tags(tag("k", "v"))
            .send()
            .await,
        "InvalidParameterException",
        not_permitted,
    );
    assert_error(
        replica
            .untag_resource()
            .secret_id("replicated")
            .tag_keys("k")
            .send()
            .await,
        "InvalidParameterException",
        not_permitted,
    );
    assert_error(
        replica
            .put_resource_policy()
            .secret_id("replicated")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
        "InvalidParameterException",
        not_permitted,
    );
    assert_error(
        replica
            .delete_resource_policy()
            .secret_id("replicated")
            .send()
            .await,
        "InvalidParameterException",
        not_permitted,
    );
    // Reading the replica's policy is fine.
    replica
        .get_resource_policy()
        .secret_id("replicated")
        .send()
        .await
        .expect("get the replica's policy");
}
