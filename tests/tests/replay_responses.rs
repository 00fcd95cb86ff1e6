//! Replays of response shapes as AWS returns them: for each call that LocalStack's AWS-validated
//! snapshot tests recorded against real AWS, the same call here must answer with the same members
//! (key sets compared over raw HTTP, so an extra or missing member shows), and members without a
//! value are omitted. Part of the replay family (`replay_*.rs`).

mod common;

use common::{
    RawResponse, STRING_VALUE_MEMBERS, TestServer, create_raw as create, sorted_keys,
    sorted_strings as keys,
};
use serde_json::{Value, json};

const TOKEN_1: &str = "11111111-aaaa-4aaa-8aaa-111111111111";
const TOKEN_2: &str = "22222222-aaaa-4aaa-8aaa-222222222222";

/// DescribeSecret's members for a secret with a value and a description, never read.
const DESCRIBED_UNREAD: &[&str] = &[
    "ARN",
    "CreatedDate",
    "Description",
    "LastChangedDate",
    "Name",
    "VersionIdsToStages",
];

/// DescribeSecret's members for a secret with neither a value nor a description.
const DESCRIBED_WITHOUT_VALUE: &[&str] = &["ARN", "CreatedDate", "LastChangedDate", "Name"];

/// DescribeSecret's raw answer.
async fn describe_secret(server: &TestServer, secret_id: &str) -> RawResponse {
    server
        .call("DescribeSecret", json!({"SecretId": secret_id}))
        .await
}

/// Recorded: `test_create_and_update_secret` for the names AWS accepts, including ones that
/// look like they end in an ARN suffix: every answer's members, and reads by name, full ARN and
/// partial ARN.
#[tokio::test]
async fn the_lifecycle_answers_with_the_recorded_members() {
    let server = TestServer::start().await;
    for name in [
        "s-c64bdc03",
        "Valid/_+=.@-Name",
        "Valid/_+=.@-Name-a1b2",
        "Valid/_+=.@-Name-a1b2c3-",
    ] {
        let created = server
            .call(
                "CreateSecret",
                json!({"Name": name, "SecretString": "my_secret",
                       "Description": "Testing secret creation.", "ClientRequestToken": TOKEN_1}),
            )
            .await;
        assert_eq!(created.ok_keys(), keys(&["ARN", "Name", "VersionId"]));
        let arn = created.ok_json()["ARN"].as_str().expect("ARN").to_owned();

        let read = server
            .call("GetSecretValue", json!({"SecretId": name}))
            .await;
        assert_eq!(read.ok_keys(), keys(STRING_VALUE_MEMBERS));
        let described = describe_secret(&server, name).await;
        assert_eq!(
            described.ok_keys(),
            keys(&[
                "ARN",
                "CreatedDate",
                "Description",
                "LastAccessedDate",
                "LastChangedDate",
                "Name",
                "VersionIdsToStages"
            ])
        );
        // By full ARN, and by partial ARN (the ARN without `-` and its six characters).
        let partial = &arn[..arn.len() - 7];
        for secret_id in [arn.as_str(), partial] {
            let by_arn = server
                .call("GetSecretValue", json!({"SecretId": secret_id}))
                .await
                .ok_json();
            assert_eq!(by_arn["Name"], name, "{secret_id}");
        }

        let put = server
            .call(
                "PutSecretValue",
                json!({"SecretId": name, "SecretString": "new_secret", "ClientRequestToken": TOKEN_2}),
            )
            .await;
        assert_eq!(
            put.ok_keys(),
            keys(&["ARN", "Name", "VersionId", "VersionStages"])
        );
        assert_eq!(put.ok_json()["VersionStages"], json!(["AWSCURRENT"]));

        let updated = server
            .call(
                "UpdateSecret",
                json!({"SecretId": arn, "SecretString": "test123", "Description": "d1"}),
            )
            .await;
        assert_eq!(updated.ok_keys(), keys(&["ARN", "Name", "VersionId"]));

        let deleted = server
            .call(
                "DeleteSecret",
                json!({"SecretId": name, "ForceDeleteWithoutRecovery": true}),
            )
            .await;
        assert_eq!(deleted.ok_keys(), keys(&["ARN", "DeletionDate", "Name"]));
    }
}

/// Recorded: `test_create_and_update_secret[Invalid/_+=.@-Name-a1b2c3-False]`, and AWS's
/// documentation of SecretId: an ARN ending in `-` and six characters is taken for a complete
/// ARN, so such a name cannot be found by partial ARN (by name and full ARN it still can).
#[tokio::test]
async fn a_name_ending_like_an_arn_suffix_is_not_found_by_partial_arn() {
    let server = TestServer::start().await;
    let name = "Invalid/_+=.@-Name-a1b2c3";
    let arn = create(
        &server,
        json!({"Name": name, "SecretString": "my_secret", "ClientRequestToken": TOKEN_1}),
    )
    .await["ARN"]
        .as_str()
        .expect("ARN")
        .to_owned();
    for secret_id in [name, arn.as_str()] {
        server
            .call("GetSecretValue", json!({"SecretId": secret_id}))
            .await
            .ok_json();
    }
    server
        .call("GetSecretValue", json!({"SecretId": &arn[..arn.len() - 7]}))
        .await
        .assert_error("ResourceNotFoundException", common::SECRET_NOT_FOUND);
}

/// Recorded: `test_create_secret_version_from_empty_secret`: a secret created without a value
/// (and with an empty Description) has no VersionId, no VersionIdsToStages and no Description;
/// its first put answers like any put.
#[tokio::test]
async fn a_secret_without_a_value_or_description_shows_neither() {
    let server = TestServer::start().await;
    let created = server
        .call(
            "CreateSecret",
            json!({"Name": "shapes/empty", "Description": ""}),
        )
        .await;
    assert_eq!(created.ok_keys(), keys(&["ARN", "Name"]));
    let arn = created.ok_json()["ARN"].as_str().expect("ARN").to_owned();

    let described = describe_secret(&server, &arn).await;
    assert_eq!(described.ok_keys(), keys(DESCRIBED_WITHOUT_VALUE));

    let put = server
        .call(
            "PutSecretValue",
            json!({"SecretId": arn, "SecretString": "example-string-to-protect",
                   "ClientRequestToken": TOKEN_1}),
        )
        .await;
    assert_eq!(
        put.ok_keys(),
        keys(&["ARN", "Name", "VersionId", "VersionStages"])
    );
    assert_eq!(put.ok_json()["VersionStages"], json!(["AWSCURRENT"]));
}

/// Recorded: `test_get_secret_value` (raw HTTP): a binary value comes back base64-encoded in
/// `SecretBinary`, with the same members as a string value otherwise.
#[tokio::test]
async fn a_binary_value_is_base64_in_secret_binary() {
    let server = TestServer::start().await;
    server
        .client()
        .create_secret()
        .name("shapes/binary")
        .secret_binary(aws_sdk_secretsmanager::primitives::Blob::new(b"footest"))
        .send()
        .await
        .expect("create binary");
    let read = server
        .call("GetSecretValue", json!({"SecretId": "shapes/binary"}))
        .await;
    assert_eq!(
        read.ok_keys(),
        keys(&[
            "ARN",
            "CreatedDate",
            "Name",
            "SecretBinary",
            "VersionId",
            "VersionStages"
        ])
    );
    assert_eq!(read.ok_json()["SecretBinary"], "Zm9vdGVzdA==");
}

/// Recorded: `test_update_secret_description`: a description-only update answers without a
/// VersionId; an update with a value answers with one; an update with nothing changes nothing.
#[tokio::test]
async fn update_answers_a_version_id_only_for_a_new_value() {
    let server = TestServer::start().await;
    let name = "shapes/update";
    create(
        &server,
        json!({"Name": name, "SecretString": "MySecretString", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let update = |body: Value| server.call("UpdateSecret", body);

    let description_only = update(json!({"SecretId": name, "Description": "MyDescription"})).await;
    assert_eq!(description_only.ok_keys(), keys(&["ARN", "Name"]));
    let described = describe_secret(&server, name).await;
    assert_eq!(described.ok_keys(), keys(DESCRIBED_UNREAD));

    let with_value = update(
        json!({"SecretId": name, "SecretString": "MyNewSecretString",
                                   "Description": "MyNewDescription"}),
    )
    .await;
    assert_eq!(with_value.ok_keys(), keys(&["ARN", "Name", "VersionId"]));
    let stages = describe_secret(&server, name).await.ok_json()["VersionIdsToStages"].clone();
    let new_version = with_value.ok_json()["VersionId"].clone();
    assert_eq!(stages[TOKEN_1], json!(["AWSPREVIOUS"]));
    assert_eq!(
        stages[new_version.as_str().expect("VersionId")],
        json!(["AWSCURRENT"])
    );

    let before = describe_secret(&server, name).await.ok_json();
    let nothing = update(json!({"SecretId": name})).await;
    assert_eq!(nothing.ok_keys(), keys(&["ARN", "Name"]));
    let after = describe_secret(&server, name).await.ok_json();
    assert_eq!(after, before);
}

/// Recorded: `test_secret_restore`, `test_force_delete_deleted_secret`: a scheduled deletion,
/// the secret described while scheduled, forcing it, and restoring.
#[tokio::test]
async fn delete_restore_and_describe_while_deleted_answer_the_recorded_members() {
    let server = TestServer::start().await;
    for name in ["shapes/deleted", "shapes/restored"] {
        create(
            &server,
            json!({"Name": name, "SecretString": "v", "ClientRequestToken": TOKEN_1}),
        )
        .await;
        let deleted = server.call("DeleteSecret", json!({"SecretId": name})).await;
        assert_eq!(deleted.ok_keys(), keys(&["ARN", "DeletionDate", "Name"]));
    }
    let described = describe_secret(&server, "shapes/deleted").await;
    assert_eq!(
        described.ok_keys(),
        keys(&[
            "ARN",
            "CreatedDate",
            "DeletedDate",
            "LastChangedDate",
            "Name",
            "VersionIdsToStages"
        ])
    );
    let forced = server
        .call(
            "DeleteSecret",
            json!({"SecretId": "shapes/deleted", "ForceDeleteWithoutRecovery": true}),
        )
        .await;
    assert_eq!(forced.ok_keys(), keys(&["ARN", "DeletionDate", "Name"]));

    let restored = server
        .call("RestoreSecret", json!({"SecretId": "shapes/restored"}))
        .await;
    assert_eq!(restored.ok_keys(), keys(&["ARN", "Name"]));
}

// ----- Versions ---------------------------------------------------------------------------------------

/// Recorded: `test_deprecated_secret_version_stage`, `test_update_secret_version_stages_*`:
/// ListSecretVersionIds entries, and UpdateSecretVersionStage's answer.
#[tokio::test]
async fn version_listings_and_stage_moves_answer_the_recorded_members() {
    let server = TestServer::start().await;
    let name = "shapes/versions";
    create(
        &server,
        json!({"Name": name, "SecretString": "original", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let put = server
        .call(
            "PutSecretValue",
            json!({"SecretId": name, "SecretString": "Something2", "VersionStages": ["AWSPENDING"],
                   "ClientRequestToken": TOKEN_2}),
        )
        .await;
    assert_eq!(
        put.ok_keys(),
        keys(&["ARN", "Name", "VersionId", "VersionStages"])
    );

    let listed = server
        .call("ListSecretVersionIds", json!({"SecretId": name}))
        .await;
    assert_eq!(listed.ok_keys(), keys(&["ARN", "Name", "Versions"]));
    for version in listed.ok_json()["Versions"].as_array().expect("Versions") {
        assert_eq!(
            sorted_keys(version),
            keys(&["CreatedDate", "KmsKeyIds", "VersionId", "VersionStages"])
        );
        assert_eq!(version["KmsKeyIds"], json!(["DefaultEncryptionKey"]));
    }

    let moved = server
        .call(
            "UpdateSecretVersionStage",
            json!({"SecretId": name, "VersionStage": "AWSCURRENT",
                   "RemoveFromVersionId": TOKEN_1, "MoveToVersionId": TOKEN_2}),
        )
        .await;
    assert_eq!(moved.ok_keys(), keys(&["ARN", "Name"]));

    // A read adds LastAccessedDate to the version read, and to it only.
    server
        .call(
            "GetSecretValue",
            json!({"SecretId": name, "VersionId": TOKEN_1}),
        )
        .await
        .ok_json();
    let listed = server
        .call("ListSecretVersionIds", json!({"SecretId": name}))
        .await
        .ok_json();
    for version in listed["Versions"].as_array().expect("Versions") {
        let read = version["VersionId"] == TOKEN_1;
        assert_eq!(version.get("LastAccessedDate").is_some(), read, "{version}");
    }
}

// ----- ListSecrets --------------------------------------------------------------------------------------

/// Recorded: `test_call_lists_secrets_multiple_times`, `test_create_multi_secrets`: a listed
/// secret carries DescribeSecret's members, with `SecretVersionsToStages` for the version map.
#[tokio::test]
async fn list_entries_carry_secret_versions_to_stages() {
    let server = TestServer::start().await;
    create(
        &server,
        json!({"Name": "shapes/listed", "SecretString": "my_secret",
               "Description": "testing creation of secrets", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let listed = server.call("ListSecrets", json!({})).await;
    assert_eq!(listed.ok_keys(), keys(&["SecretList"]));
    let entries = listed.ok_json()["SecretList"].clone();
    let [entry] = entries.as_array().expect("SecretList").as_slice() else {
        panic!("one entry expected: {entries}");
    };
    assert_eq!(
        sorted_keys(entry),
        keys(&[
            "ARN",
            "CreatedDate",
            "Description",
            "LastChangedDate",
            "Name",
            "SecretVersionsToStages"
        ])
    );
    assert_eq!(
        entry["SecretVersionsToStages"],
        json!({TOKEN_1: ["AWSCURRENT"]})
    );
}

// ----- Tags and resource policies ---------------------------------------------------------------------

/// Recorded: `test_secret_tags`: TagResource and UntagResource answer with nothing (their output
/// is the model's Unit: an empty body); Tags is absent until set, and `[]` once every tag is
/// removed.
#[tokio::test]
async fn tags_are_absent_until_set_and_empty_once_removed() {
    let server = TestServer::start().await;
    let arn = create(&server, json!({"Name": "shapes/tags"})).await["ARN"]
        .as_str()
        .expect("ARN")
        .to_owned();
    let described = || describe_secret(&server, &arn);
    let tag = |key: &str, value: &str| {
        server.call(
            "TagResource",
            json!({"SecretId": arn, "Tags": [{"Key": key, "Value": value}]}),
        )
    };
    let untag =
        |key: &str| server.call("UntagResource", json!({"SecretId": arn, "TagKeys": [key]}));
    assert_eq!(described().await.ok_keys(), keys(DESCRIBED_WITHOUT_VALUE));

    let tagged = tag("tag1", "value1").await;
    assert_eq!((tagged.status, tagged.body.as_str()), (200, ""));
    assert_eq!(
        described().await.ok_json()["Tags"],
        json!([{"Key": "tag1", "Value": "value1"}])
    );

    tag("tag2", "value2").await;
    let untagged = untag("tag1").await;
    assert_eq!((untagged.status, untagged.body.as_str()), (200, ""));
    assert_eq!(
        described().await.ok_json()["Tags"],
        json!([{"Key": "tag2", "Value": "value2"}])
    );
    untag("tag2").await;
    assert_eq!(described().await.ok_json()["Tags"], json!([]));
}

/// Recorded: `test_resource_policy` ({ARN, Name} and {ARN, Name, ResourcePolicy}); the newer API
/// adds `PolicyName`, which AWS documents as `default` when the request names none.
#[tokio::test]
async fn resource_policy_answers_carry_arn_name_and_policy_name() {
    let server = TestServer::start().await;
    create(
        &server,
        json!({"Name": "shapes/policy", "SecretString": "v", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
    .to_string();
    let get = || server.call("GetResourcePolicy", json!({"SecretId": "shapes/policy"}));
    // Without a policy there is no ResourcePolicy member.
    assert_eq!(get().await.ok_keys(), keys(&["ARN", "Name", "PolicyName"]));

    let put = server
        .call(
            "PutResourcePolicy",
            json!({"SecretId": "shapes/policy", "ResourcePolicy": policy}),
        )
        .await;
    assert_eq!(put.ok_keys(), keys(&["ARN", "Name", "PolicyName"]));
    assert_eq!(put.ok_json()["PolicyName"], "default");
    let got = get().await;
    assert_eq!(
        got.ok_keys(),
        keys(&["ARN", "Name", "PolicyName", "ResourcePolicy"])
    );
    assert_eq!(got.ok_json()["ResourcePolicy"], policy.as_str());

    let listed = server
        .call("ListResourcePolicies", json!({"SecretId": "shapes/policy"}))
        .await;
    assert_eq!(listed.ok_keys(), keys(&["ResourcePolicies"]));
    assert_eq!(
        listed.ok_json()["ResourcePolicies"],
        json!([{"PolicyName": "default"}])
    );

    let validated = server
        .call(
            "ValidateResourcePolicy",
            json!({"SecretId": "shapes/policy", "ResourcePolicy": policy}),
        )
        .await;
    assert_eq!(
        validated.ok_keys(),
        keys(&["PolicyValidationPassed", "ValidationErrors"])
    );

    let deleted = server
        .call("DeleteResourcePolicy", json!({"SecretId": "shapes/policy"}))
        .await;
    assert_eq!(deleted.ok_keys(), keys(&["ARN", "Name", "PolicyName"]));
    assert_eq!(get().await.ok_keys(), keys(&["ARN", "Name", "PolicyName"]));
}

// ----- Rotation ---------------------------------------------------------------------------------------

/// Recorded: `test_rotate_secret_with_lambda_success`, `test_rotate_secret_invalid_lambda_arn`:
/// RotateSecret answers {ARN, Name, VersionId}; DescribeSecret then shows the rotation members
/// (RotationRules with AutomaticallyAfterDays alone), and shows none before rotation was set up.
#[tokio::test]
async fn rotation_answers_and_describes_the_recorded_members() {
    let server = TestServer::start().await;
    let name = "shapes/rotated";
    create(
        &server,
        json!({"Name": name, "SecretString": "my_secret",
               "Description": "testing rotation of secrets", "ClientRequestToken": TOKEN_1}),
    )
    .await;
    assert_eq!(
        describe_secret(&server, name).await.ok_keys(),
        keys(DESCRIBED_UNREAD)
    );
    // The rotation function reads the current value, as the recorded one did.
    server
        .call("GetSecretValue", json!({"SecretId": name}))
        .await
        .ok_json();

    let rotated = server
        .call(
            "RotateSecret",
            json!({"SecretId": name, "ClientRequestToken": TOKEN_2,
                   "RotationLambdaARN": "arn:aws:lambda:us-east-1:000000000000:function:rotate",
                   "RotationRules": {"AutomaticallyAfterDays": 1}, "RotateImmediately": true}),
        )
        .await;
    assert_eq!(rotated.ok_keys(), keys(&["ARN", "Name", "VersionId"]));
    assert_eq!(rotated.ok_json()["VersionId"], TOKEN_2);

    let described = describe_secret(&server, name).await;
    assert_eq!(
        described.ok_keys(),
        keys(&[
            "ARN",
            "CreatedDate",
            "Description",
            "LastAccessedDate",
            "LastChangedDate",
            "LastRotatedDate",
            "Name",
            "NextRotationDate",
            "RotationEnabled",
            "RotationLambdaARN",
            "RotationRules",
            "VersionIdsToStages"
        ])
    );
    let described = described.ok_json();
    assert_eq!(
        described["RotationRules"],
        json!({"AutomaticallyAfterDays": 1})
    );
    assert_eq!(
        described["VersionIdsToStages"],
        json!({TOKEN_1: ["AWSPREVIOUS"], TOKEN_2: ["AWSCURRENT"]})
    );

    let cancelled = server
        .call("CancelRotateSecret", json!({"SecretId": name}))
        .await;
    assert_eq!(cancelled.ok_keys(), keys(&["ARN", "Name"]));
}
