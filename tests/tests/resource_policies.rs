//! The resource-policy operations: PutResourcePolicy (the policy grammar, BlockPublicPolicy),
//! GetResourcePolicy, DeleteResourcePolicy, ListResourcePolicies (the one `default` policy) and
//! ValidateResourcePolicy. (What a policy grants another account is in cross_account_access.rs;
//! replicas' refusals are in replicas.rs.)

mod common;

use common::{
    ACCOUNT_POLICY, SECRET_NOT_FOUND, TestServer, assert_error, assert_marked_for_deletion,
    assert_secret_not_found, create_secret, schedule_deletion,
};
use serde_json::json;

const PUBLIC_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
const INVALID_SYNTAX: &str = "This policy has invalid syntax.";

#[tokio::test]
async fn put_get_list_and_delete_the_default_policy() {
    let (server, client) = TestServer::with_client().await;
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
    let (_server, client) = TestServer::with_secret("policy/malformed", "v").await;
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
    let (_server, client) = TestServer::with_secret("policy/public", "v").await;

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
    let (server, client) = TestServer::with_client().await;
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
    assert_marked_for_deletion(
        client
            .get_resource_policy()
            .secret_id("policy/deleted")
            .send()
            .await,
    );
    assert_marked_for_deletion(
        client
            .put_resource_policy()
            .secret_id("policy/deleted")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
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
    let (server, client) = TestServer::with_secret("policy/validate", "v").await;

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
async fn validate_resource_policy_passes_a_valid_policy() {
    let (_server, client) = TestServer::with_client().await;
    let policy = r#"{
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
            "Action": "secretsmanager:GetSecretValue",
            "Resource": "*"
        }]
    }"#;

    let validated = client
        .validate_resource_policy()
        .resource_policy(policy)
        .send()
        .await
        .expect("validate resource policy");

    assert!(validated.policy_validation_passed, "{validated:?}");
    assert!(validated.validation_errors().is_empty(), "{validated:?}");
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
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client
            .validate_resource_policy()
            .resource_policy("{not json")
            .send()
            .await,
        "MalformedPolicyDocumentException",
        INVALID_SYNTAX,
    );
    assert_secret_not_found(
        client
            .validate_resource_policy()
            .secret_id("policy/missing")
            .resource_policy(ACCOUNT_POLICY)
            .send()
            .await,
    );
}
