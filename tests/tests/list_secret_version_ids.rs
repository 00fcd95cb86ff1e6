//! ListSecretVersionIds and version retention: unlabelled versions only with IncludeDeprecated,
//! the KMS key of each version, pages with NextToken, and AWS's rule for dropping versions (more
//! than 100, and only those at least a day old).

mod common;

use common::{
    TestServer, assert_error, assert_secret_not_found, create_secret, current_value, put,
    put_with_stages, value_at_stage, versions,
};
use service::clock::DAY_MILLIS;

const TOKEN_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const TOKEN_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";

#[tokio::test]
async fn list_versions_hides_deprecated_ones_unless_asked() {
    let (server, client) = TestServer::with_secret("list/deprecated", "v1").await;
    put(&client, "list/deprecated", TOKEN_A, "v2").await;
    put(&client, "list/deprecated", TOKEN_B, "v3").await;

    let response = server
        .post_raw(
            "secretsmanager.ListSecretVersionIds",
            r#"{"SecretId":"list/deprecated","IncludeDeprecated":true}"#,
        )
        .await
        .ok_json();
    let listed = response["Versions"].as_array().expect("Versions");
    assert_eq!(listed.len(), 3);
    let deprecated: Vec<_> = listed
        .iter()
        .filter(|version| version.get("VersionStages").is_none())
        .collect();
    assert_eq!(
        deprecated.len(),
        1,
        "one version without a VersionStages key"
    );
    for version in listed {
        assert_eq!(
            version["KmsKeyIds"],
            serde_json::json!(["DefaultEncryptionKey"])
        );
        assert!(version["CreatedDate"].is_number());
        assert!(version.get("LastAccessedDate").is_none(), "never read");
    }
    assert_eq!(response["Name"], "list/deprecated");
    assert!(
        response["ARN"]
            .as_str()
            .unwrap()
            .contains(":secret:list/deprecated-")
    );

    let labelled = versions(&client, "list/deprecated", false).await;
    assert_eq!(labelled.len(), 2);
    assert!(
        labelled
            .iter()
            .all(|version| !version.version_stages().is_empty())
    );
}

#[tokio::test]
async fn list_versions_reports_a_custom_kms_key() {
    let (_server, client) = TestServer::with_client().await;
    client
        .create_secret()
        .name("list/kms")
        .kms_key_id("alias/custom")
        .secret_string("v1")
        .send()
        .await
        .expect("create");
    let listed = versions(&client, "list/kms", false).await;
    assert_eq!(listed[0].kms_key_ids(), ["alias/custom"]);
}

#[tokio::test]
async fn list_versions_pages_with_next_tokens() {
    let (_server, client) = TestServer::with_secret("list/paged", "v0").await;
    for index in 1..5 {
        put_with_stages(
            &client,
            "list/paged",
            &format!("v{index}"),
            &[&format!("l{index}")],
        )
        .await;
    }
    let page = |token: Option<String>| {
        client
            .list_secret_version_ids()
            .secret_id("list/paged")
            .max_results(2)
            .set_next_token(token)
            .send()
    };

    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let response = page(token).await.expect("page");
        pages += 1;
        assert!(response.versions().len() <= 2);
        seen.extend(
            response
                .versions()
                .iter()
                .map(|v| v.version_id().unwrap().to_owned()),
        );
        token = response.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "every version exactly once");

    // A forged token, or one issued for another secret, is refused.
    let invalid = "The NextToken value is invalid.";
    assert_error(
        page(Some("forged".into())).await,
        "InvalidNextTokenException",
        invalid,
    );
    create_secret(&client, "list/other", "x").await;
    for index in 0..3 {
        put_with_stages(&client, "list/other", "y", &[&format!("l{index}")]).await;
    }
    let other_token = client
        .list_secret_version_ids()
        .secret_id("list/other")
        .max_results(1)
        .send()
        .await
        .expect("other listing")
        .next_token
        .expect("a next page");
    assert_error(
        page(Some(other_token)).await,
        "InvalidNextTokenException",
        invalid,
    );
}

#[tokio::test]
async fn list_versions_of_an_unknown_secret_is_not_found() {
    let server = TestServer::start().await;
    assert_secret_not_found(
        server
            .client()
            .list_secret_version_ids()
            .secret_id("list/nowhere")
            .send()
            .await,
    );
}

#[tokio::test]
async fn versions_beyond_100_are_dropped_only_once_a_day_old() {
    let (server, client) = TestServer::with_secret("retention/many", "v0").await;
    for index in 1..=105 {
        put_with_stages(
            &client,
            "retention/many",
            &format!("v{index}"),
            &["AWSCURRENT"],
        )
        .await;
    }
    // Every version is younger than a day: none is dropped.
    assert_eq!(versions(&client, "retention/many", true).await.len(), 106);

    server
        .emulator()
        .clock()
        .advance_millis(DAY_MILLIS + 60_000);
    put_with_stages(&client, "retention/many", "late", &["AWSCURRENT"]).await;

    let kept = versions(&client, "retention/many", true).await;
    assert_eq!(kept.len(), 100);
    assert_eq!(current_value(&client, "retention/many").await, "late");
    assert_eq!(
        value_at_stage(&client, "retention/many", "AWSPREVIOUS").await,
        "v105"
    );
}
