//! Replays of staging-label sequences recorded against real AWS: the same calls as LocalStack's
//! AWS-validated snapshot tests (`test_update_secret_version_stages_*`,
//! `test_non_versioning_version_stages_*`, `test_put_secret_value_with_version_stages`,
//! `test_deprecated_secret_version_stage`), and after each the labels AWS answered with.
//! The recordings sort label lists, so these tests compare sorted lists too. Part of the replay
//! family (`replay_*.rs`).

mod common;

use std::collections::BTreeMap;

use aws_sdk_secretsmanager::Client;
use common::{TestServer, create_secret, put_request, sorted_strings as sorted};

/// Labelled versions as ListSecretVersionIds lists them (deprecated ones left out): version id
/// -> its labels, sorted.
async fn labels(client: &Client, secret_id: &str) -> BTreeMap<String, Vec<String>> {
    let listed = client
        .list_secret_version_ids()
        .secret_id(secret_id)
        .send()
        .await
        .expect("list secret version ids");
    listed
        .versions()
        .iter()
        .map(|version| {
            let mut stages = version.version_stages().to_vec();
            stages.sort();
            (version.version_id().expect("VersionId").to_owned(), stages)
        })
        .collect()
}

/// The map [`labels`] should return: `(version id, labels in any order)` pairs.
fn expected(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    entries
        .iter()
        .map(|(version_id, stages)| {
            let mut stages: Vec<String> = stages.iter().map(|stage| stage.to_string()).collect();
            stages.sort();
            (version_id.to_string(), stages)
        })
        .collect()
}

/// PutSecretValue with `stages` (none: the request has no VersionStages); returns the VersionId
/// and the labels the answer reports, sorted.
async fn put(
    client: &Client,
    secret_id: &str,
    value: &str,
    stages: &[&str],
) -> (String, Vec<String>) {
    let answer = put_request(client, secret_id, value, stages)
        .send()
        .await
        .expect("put secret value");
    let mut reported = answer.version_stages().to_vec();
    reported.sort();
    (answer.version_id.expect("VersionId"), reported)
}

/// UpdateSecretVersionStage moving AWSCURRENT from `from` to `to`, as a rotation finishes.
async fn move_current(client: &Client, secret_id: &str, from: &str, to: &str) {
    let answer = client
        .update_secret_version_stage()
        .secret_id(secret_id)
        .version_stage("AWSCURRENT")
        .remove_from_version_id(from)
        .move_to_version_id(to)
        .send()
        .await
        .expect("move AWSCURRENT");
    assert_eq!(answer.name.as_deref(), Some(secret_id));
}

/// GetSecretValue of the current version: (VersionId, value, labels sorted).
async fn current(client: &Client, secret_id: &str) -> (String, String, Vec<String>) {
    let answer = common::get_value(client, secret_id).await;
    let mut stages = answer.version_stages().to_vec();
    stages.sort();
    (
        answer.version_id.expect("VersionId"),
        answer.secret_string.expect("SecretString"),
        stages,
    )
}

/// The id of the secret's only version.
async fn first_version(client: &Client, secret_id: &str) -> String {
    let listed = labels(client, secret_id).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    listed.into_keys().next().expect("one version")
}

/// The versions ListSecretVersionIds shows with a LastAccessedDate.
async fn read_versions(client: &Client, secret_id: &str) -> Vec<String> {
    let listed = client
        .list_secret_version_ids()
        .secret_id(secret_id)
        .send()
        .await
        .expect("list secret version ids");
    let mut read: Vec<String> = listed
        .versions()
        .iter()
        .filter(|version| version.last_accessed_date.is_some())
        .map(|version| version.version_id().expect("VersionId").to_owned())
        .collect();
    read.sort();
    read
}

const CURRENT: &str = "AWSCURRENT";

const PREVIOUS: &str = "AWSPREVIOUS";

const PENDING: &str = "AWSPENDING";

// ----- AWSCURRENT and AWSPREVIOUS ------------------------------------------------------------------

/// Recorded: `test_update_secret_version_stages_current_previous` and
/// `test_deprecated_secret_version_stage`.
#[tokio::test]
async fn each_new_value_moves_current_and_previous_and_deprecates_the_version_before() {
    let name = "stages/current-previous";
    let (server, client) = TestServer::with_secret(name, "original").await;
    let v0 = first_version(&client, name).await;
    assert_eq!(labels(&client, name).await, expected(&[(&v0, &[CURRENT])]));

    let v1 = client
        .update_secret()
        .secret_id(name)
        .secret_string("update1")
        .send()
        .await
        .expect("update value")
        .version_id
        .expect("VersionId");
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[PREVIOUS]), (&v1, &[CURRENT])])
    );

    let (v2, reported) = put(&client, name, "update2", &[]).await;
    assert_eq!(reported, [CURRENT]);
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v1, &[PREVIOUS]), (&v2, &[CURRENT])])
    );
    // The deprecated v0 shows only with IncludeDeprecated, and without a VersionStages key.
    let all = server
        .call(
            "ListSecretVersionIds",
            serde_json::json!({"SecretId": name, "IncludeDeprecated": true}),
        )
        .await
        .ok_json();
    let deprecated: Vec<&str> = all["Versions"]
        .as_array()
        .expect("Versions")
        .iter()
        .filter(|version| version.get("VersionStages").is_none())
        .map(|version| version["VersionId"].as_str().expect("VersionId"))
        .collect();
    assert_eq!(deprecated, [v0.as_str()]);
}

/// Recorded: `test_non_versioning_version_stages_no_replacement` and `..._replacement`: labels
/// other than AWSCURRENT move one by one and leave AWSCURRENT where it is.
#[tokio::test]
async fn custom_labels_move_one_by_one_without_touching_current() {
    let (_server, client) = TestServer::with_client().await;
    for (name, second_put, left_on_v1) in [
        (
            "stages/no-replacement",
            &["one", "two", "four"][..],
            &["three"][..],
        ),
        (
            "stages/replacement",
            &["one", "two", "three", "four"][..],
            &[][..],
        ),
    ] {
        create_secret(&client, name, "S0").await;
        let v0 = first_version(&client, name).await;
        let (v1, reported) = put(&client, name, "S1", &["one", "two", "three"]).await;
        assert_eq!(reported, ["one", "three", "two"]);
        assert_eq!(
            labels(&client, name).await,
            expected(&[(&v0, &[CURRENT]), (&v1, &["one", "two", "three"])])
        );

        let (v2, reported) = put(&client, name, "S2", second_put).await;
        let mut second_sorted = second_put.to_vec();
        second_sorted.sort();
        assert_eq!(reported, second_sorted);
        let mut after = vec![(v0.as_str(), &[CURRENT][..]), (v2.as_str(), second_put)];
        if !left_on_v1.is_empty() {
            after.push((v1.as_str(), left_on_v1));
        }
        assert_eq!(labels(&client, name).await, expected(&after), "{name}");
    }
}

/// Recorded: `test_put_secret_value_with_version_stages`.
#[tokio::test]
async fn puts_with_other_labels_never_change_the_current_value() {
    let name = "stages/put-with-stages";
    let (_server, client) = TestServer::with_secret(name, "secret_string_v0").await;
    let v0 = first_version(&client, name).await;

    for (value, stages) in [
        ("secret_string_v1", &["SAMPLESTAGE1", "SAMPLESTAGE0"][..]),
        ("secret_string_v2", &["SAMPLESTAGE1", "SAMPLESTAGE0"][..]),
        ("secret_string_v3", &[PENDING][..]),
    ] {
        let (_, reported) = put(&client, name, value, stages).await;
        let mut stages = stages.to_vec();
        stages.sort();
        assert_eq!(reported, stages);
        assert_eq!(
            current(&client, name).await,
            (
                v0.clone(),
                "secret_string_v0".to_owned(),
                vec![CURRENT.to_owned()]
            )
        );
    }

    let (v4, reported) = put(&client, name, "secret_string_v4", &[]).await;
    assert_eq!(reported, [CURRENT]);
    assert_eq!(
        current(&client, name).await,
        (v4, "secret_string_v4".to_owned(), vec![CURRENT.to_owned()])
    );
}

// ----- AWSPENDING ------------------------------------------------------------------------------------

/// Recorded: `test_update_secret_version_stages_current_pending`. When AWSCURRENT leaves a
/// version that also holds AWSPENDING (a finished rotation), AWSPENDING goes with it.
#[tokio::test]
async fn awspending_beside_current_is_dropped_when_a_new_value_becomes_current() {
    let name = "stages/current-pending";
    let (_server, client) = TestServer::with_secret(name, "Something1").await;
    let v0 = first_version(&client, name).await;
    let (v1, reported) = put(&client, name, "Something2", &[PENDING]).await;
    assert_eq!(reported, [PENDING]);
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[CURRENT]), (&v1, &[PENDING])])
    );

    move_current(&client, name, &v0, &v1).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[PREVIOUS]), (&v1, &[CURRENT, PENDING])])
    );

    let (v2, reported) = put(&client, name, "SS3", &[]).await;
    assert_eq!(reported, [CURRENT]);
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v1, &[PREVIOUS]), (&v2, &[CURRENT])])
    );
}

/// The consequence of the rule above: a secret whose rotation finished and then got a new value
/// can be rotated again (a leftover AWSPENDING would look like a rotation in progress).
#[tokio::test]
async fn a_finished_rotation_followed_by_a_put_does_not_block_the_next_rotation() {
    let name = "stages/rotate-after-put";
    let (_server, client) = TestServer::with_secret(name, "one").await;
    let v0 = first_version(&client, name).await;
    let (v1, _) = put(&client, name, "two", &[PENDING]).await;
    move_current(&client, name, &v0, &v1).await;
    put(&client, name, "three", &[]).await;

    let rotated = client
        .rotate_secret()
        .secret_id(name)
        .send()
        .await
        .expect("no rotation is in progress");
    let (current_id, _, stages) = current(&client, name).await;
    assert_eq!(Some(current_id), rotated.version_id);
    assert_eq!(stages, [CURRENT]);
}

/// Recorded: `test_update_secret_version_stages_current_pending_cycle`, with the versions
/// LastAccessedDate marks as read after each step.
#[tokio::test]
async fn the_rotation_cycle_moves_labels_as_recorded() {
    let name = "stages/cycle";
    let (_server, client) = TestServer::with_secret(name, "S1").await;
    let v0 = first_version(&client, name).await;
    let (v1, _) = put(&client, name, "S2", &[PENDING]).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[CURRENT]), (&v1, &[PENDING])])
    );
    assert_eq!(
        current(&client, name).await,
        (v0.clone(), "S1".to_owned(), vec![CURRENT.to_owned()])
    );

    move_current(&client, name, &v0, &v1).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[PREVIOUS]), (&v1, &[CURRENT, PENDING])])
    );
    assert_eq!(read_versions(&client, name).await, sorted(&[&v0]));
    assert_eq!(
        current(&client, name).await,
        (v1.clone(), "S2".to_owned(), sorted(&[CURRENT, PENDING]))
    );

    let (v2, reported) = put(&client, name, "S3", &[PENDING]).await;
    assert_eq!(reported, [PENDING]);
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[PREVIOUS]), (&v1, &[CURRENT]), (&v2, &[PENDING])])
    );
    assert_eq!(read_versions(&client, name).await, sorted(&[&v0, &v1]));
    assert_eq!(
        current(&client, name).await,
        (v1.clone(), "S2".to_owned(), vec![CURRENT.to_owned()])
    );

    move_current(&client, name, &v1, &v2).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v1, &[PREVIOUS]), (&v2, &[CURRENT, PENDING])])
    );
    assert_eq!(
        current(&client, name).await,
        (v2, "S3".to_owned(), sorted(&[CURRENT, PENDING]))
    );
}

/// Recorded: `test_update_secret_version_stages_current_pending_cycle_custom_stages_1`: custom
/// labels stay on their version while AWSCURRENT, AWSPREVIOUS and AWSPENDING move around them.
#[tokio::test]
async fn custom_labels_stay_put_through_a_rotation_cycle() {
    let name = "stages/custom-1";
    let (_server, client) = TestServer::with_secret(name, "S1").await;
    let v0 = first_version(&client, name).await;
    let (v1, reported) = put(&client, name, "S2", &["AWSSOMETHING", PENDING, "PUT1"]).await;
    assert_eq!(reported, sorted(&["AWSSOMETHING", PENDING, "PUT1"]));

    move_current(&client, name, &v0, &v1).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v0, &[PREVIOUS]),
            (&v1, &[CURRENT, PENDING, "AWSSOMETHING", "PUT1"]),
        ])
    );

    let (v2, _) = put(&client, name, "S3", &[PENDING, "PUT2"]).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v0, &[PREVIOUS]),
            (&v1, &[CURRENT, "AWSSOMETHING", "PUT1"]),
            (&v2, &[PENDING, "PUT2"]),
        ])
    );

    move_current(&client, name, &v1, &v2).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v1, &[PREVIOUS, "AWSSOMETHING", "PUT1"]),
            (&v2, &[CURRENT, PENDING, "PUT2"]),
        ])
    );
}

/// Recorded: `test_update_secret_version_stages_current_pending_cycle_custom_stages_2`: a put
/// that names AWSCURRENT among its labels moves AWSPREVIOUS too, and a custom label is all that
/// is left on a version once AWSPREVIOUS moves on.
#[tokio::test]
async fn a_put_naming_awscurrent_acts_like_a_plain_put_for_previous() {
    let name = "stages/custom-2";
    let (_server, client) = TestServer::with_secret(name, "SS").await;
    let v0 = first_version(&client, name).await;
    let (v1, reported) = put(&client, name, "S1", &[CURRENT, "PUT0"]).await;
    assert_eq!(reported, sorted(&[CURRENT, "PUT0"]));
    assert_eq!(
        labels(&client, name).await,
        expected(&[(&v0, &[PREVIOUS]), (&v1, &[CURRENT, "PUT0"])])
    );

    let (v2, _) = put(&client, name, "S2", &[PENDING, "PUT1"]).await;
    move_current(&client, name, &v1, &v2).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v1, &[PREVIOUS, "PUT0"]),
            (&v2, &[CURRENT, PENDING, "PUT1"]),
        ])
    );

    let (v3, _) = put(&client, name, "S3", &[PENDING, "PUT2"]).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v1, &[PREVIOUS, "PUT0"]),
            (&v2, &[CURRENT, "PUT1"]),
            (&v3, &[PENDING, "PUT2"]),
        ])
    );
    move_current(&client, name, &v2, &v3).await;
    assert_eq!(
        labels(&client, name).await,
        expected(&[
            (&v1, &["PUT0"]),
            (&v2, &[PREVIOUS, "PUT1"]),
            (&v3, &[CURRENT, PENDING, "PUT2"]),
        ])
    );
    assert_eq!(current(&client, name).await.1, "S3");
}

/// Recorded: `test_update_secret_version_stages_current_pending_cycle_custom_stages_3`: a label
/// is removed by naming only the version it is removed from.
#[tokio::test]
async fn a_label_is_removed_by_naming_only_remove_from_version_id() {
    let name = "stages/custom-3";
    let (_server, client) = TestServer::with_secret(name, "SS").await;
    let v0 = first_version(&client, name).await;
    let (v1, _) = put(&client, name, "S1", &["PENDING"]).await;
    let stages_of = |version_id: String| {
        let client = client.clone();
        async move {
            let answer = client
                .get_secret_value()
                .secret_id(name)
                .version_id(version_id)
                .send()
                .await
                .expect("get by version id");
            let mut stages = answer.version_stages().to_vec();
            stages.sort();
            stages
        }
    };
    assert_eq!(stages_of(v0.clone()).await, [CURRENT]);
    assert_eq!(stages_of(v1.clone()).await, ["PENDING"]);

    move_current(&client, name, &v0, &v1).await;
    assert_eq!(stages_of(v0.clone()).await, [PREVIOUS]);
    assert_eq!(stages_of(v1.clone()).await, sorted(&[CURRENT, "PENDING"]));

    client
        .update_secret_version_stage()
        .secret_id(name)
        .version_stage("PENDING")
        .remove_from_version_id(&v1)
        .send()
        .await
        .expect("remove the label");
    assert_eq!(stages_of(v0).await, [PREVIOUS]);
    assert_eq!(stages_of(v1).await, [CURRENT]);
}
