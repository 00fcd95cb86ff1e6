//! What Terraform's AWS provider relies on, checked through the SDK without Terraform (terraform.rs
//! runs Terraform itself): the provider updates a secret's metadata with a ClientRequestToken
//! and no value, reads its versions back by VersionId whatever their labels, and compares the
//! rotation rules it reads with the ones it wrote, character for character.

mod common;

use aws_sdk_secretsmanager::types::RotationRulesType;
use common::{TestServer, all_version_ids, create_secret, current_value, describe};

const TOKEN_A: &str = "terraform-20260421000000000000000001";
const TOKEN_B: &str = "terraform-20260421000000000000000002";
const TOKEN_C: &str = "terraform-20260421000000000000000003";

/// The provider's UpdateSecret for a changed description or KMS key sends a token and no value:
/// no version is made, and the answer has no VersionId.
#[tokio::test]
async fn an_update_with_a_token_and_no_value_makes_no_version() {
    let (_server, client) = TestServer::with_secret("contract/update", "v1").await;
    let before = all_version_ids(&client, "contract/update").await;

    let updated = client
        .update_secret()
        .secret_id("contract/update")
        .client_request_token(TOKEN_A)
        .description("changed")
        .kms_key_id("alias/other")
        .send()
        .await
        .expect("update without a value");
    assert_eq!(updated.version_id(), None);

    assert_eq!(all_version_ids(&client, "contract/update").await, before);
    assert_eq!(current_value(&client, "contract/update").await, "v1");
    let described = describe(&client, "contract/update").await;
    assert_eq!(described.description(), Some("changed"));
    assert_eq!(described.kms_key_id(), Some("alias/other"));
}

/// The provider reads an `aws_secretsmanager_secret_version` by its VersionId, also once later
/// values have taken every label from it.
#[tokio::test]
async fn a_version_without_labels_is_still_read_by_version_id() {
    let (_server, client) = TestServer::with_client().await;
    let put = |token: &'static str, value: &'static str| {
        client
            .put_secret_value()
            .secret_id("contract/unlabelled")
            .client_request_token(token)
            .secret_string(value)
            .send()
    };
    client
        .create_secret()
        .name("contract/unlabelled")
        .client_request_token(TOKEN_A)
        .secret_string("first")
        .send()
        .await
        .expect("create");
    put(TOKEN_B, "second").await.expect("put second");
    put(TOKEN_C, "third").await.expect("put third");

    let read = client
        .get_secret_value()
        .secret_id("contract/unlabelled")
        .version_id(TOKEN_A)
        .send()
        .await
        .expect("read the unlabelled version by id");
    assert_eq!(read.version_id(), Some(TOKEN_A));
    assert_eq!(read.secret_string(), Some("first"));
    assert!(
        read.version_stages().is_empty(),
        "{:?}",
        read.version_stages()
    );
}

/// The provider compares ScheduleExpression and Duration as strings: DescribeSecret and
/// ListSecrets give back exactly what RotateSecret was given, spaces and case included.
#[tokio::test]
async fn schedule_expressions_and_durations_are_echoed_exactly() {
    let (_server, client) = TestServer::with_client().await;
    let schedules = [
        ("contract/rate-hours", "rate(4 hours)", Some("3h")),
        ("contract/rate-day", "rate(1 day)", None),
        ("contract/cron", "cron(0 16 1,15 * ? *)", Some("2h")),
        ("contract/cron-weekday", "cron(0 8 ? * MON-FRI *)", None),
    ];
    for (name, expression, duration) in schedules {
        create_secret(&client, name, "v").await;
        client
            .rotate_secret()
            .secret_id(name)
            .rotation_rules(
                RotationRulesType::builder()
                    .schedule_expression(expression)
                    .set_duration(duration.map(str::to_owned))
                    .build(),
            )
            .rotate_immediately(false)
            .send()
            .await
            .unwrap_or_else(|e| panic!("rotate {name} on {expression}: {e:?}"));
    }

    let listed = client
        .list_secrets()
        .send()
        .await
        .expect("list")
        .secret_list()
        .to_vec();
    for (name, expression, duration) in schedules {
        let described = describe(&client, name).await;
        let entry = listed
            .iter()
            .find(|entry| entry.name() == Some(name))
            .expect("listed");
        for rules in [described.rotation_rules(), entry.rotation_rules()] {
            let rules = rules.expect("RotationRules");
            assert_eq!(rules.schedule_expression(), Some(expression), "{name}");
            assert_eq!(rules.duration(), duration, "{name}");
        }
    }
}
