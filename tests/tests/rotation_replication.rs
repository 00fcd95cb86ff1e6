//! Rotation (without a Lambda endpoint, a rotation makes a new AWSCURRENT version), replication
//! to other regions of the same account, and resource-policy validation.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::replicate_secret_to_regions::ReplicateSecretToRegionsOutput;
use aws_sdk_secretsmanager::types::{ReplicaRegionType, RotationRulesType, StatusType};
use common::{
    SECRET_NOT_FOUND, TestServer, assert_days_from_now, assert_error, create_secret, current_value,
    now_secs,
};

const ROTATION_LAMBDA: &str = "arn:aws:lambda:us-east-1:000000000000:function:rotator";
const REPLICA_REGION: &str = "eu-west-1";

/// Rotates every 30 days with the test's Lambda ARN and returns the new VersionId.
async fn rotate_every_30_days(client: &Client, secret_id: &str) -> String {
    client
        .rotate_secret()
        .secret_id(secret_id)
        .rotation_lambda_arn(ROTATION_LAMBDA)
        .rotation_rules(
            RotationRulesType::builder()
                .automatically_after_days(30)
                .build(),
        )
        .send()
        .await
        .expect("rotate secret")
        .version_id
        .expect("VersionId in RotateSecret output")
}

/// Replicates `secret_id` from the client's region to the replica region.
async fn replicate(client: &Client, secret_id: &str) -> ReplicateSecretToRegionsOutput {
    client
        .replicate_secret_to_regions()
        .secret_id(secret_id)
        .add_replica_regions(ReplicaRegionType::builder().region(REPLICA_REGION).build())
        .send()
        .await
        .expect("replicate secret")
}

#[tokio::test]
async fn rotate_secret_makes_a_new_current_version() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "rotation/new-version";
    create_secret(&client, name, "before rotation").await;
    let original_version = client
        .get_secret_value()
        .secret_id(name)
        .send()
        .await
        .expect("get secret value")
        .version_id
        .unwrap();

    let rotated_version = rotate_every_30_days(&client, name).await;

    assert_ne!(rotated_version, original_version);
    let current = client
        .get_secret_value()
        .secret_id(name)
        .version_stage("AWSCURRENT")
        .send()
        .await
        .expect("get AWSCURRENT");
    assert_eq!(current.version_id(), Some(rotated_version.as_str()));
    let previous = client
        .get_secret_value()
        .secret_id(name)
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("get AWSPREVIOUS");
    assert_eq!(previous.version_id(), Some(original_version.as_str()));
    assert_eq!(previous.secret_string(), Some("before rotation"));
}

#[tokio::test]
async fn describe_shows_rotation_configuration() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "rotation/described";
    create_secret(&client, name, "v").await;

    rotate_every_30_days(&client, name).await;

    let described = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe secret");
    assert_eq!(described.rotation_enabled, Some(true));
    assert_eq!(described.rotation_lambda_arn(), Some(ROTATION_LAMBDA));
    assert_eq!(
        described
            .rotation_rules()
            .and_then(|rules| rules.automatically_after_days()),
        Some(30)
    );
    assert_days_from_now(described.last_rotated_date(), 0.0);
    // AWS may round NextRotationDate, so allow a day either side of 30 days from now.
    let next = described
        .next_rotation_date()
        .expect("NextRotationDate")
        .as_secs_f64();
    let days_ahead = (next - now_secs()) / 86_400.0;
    assert!(
        (29.0..=31.0).contains(&days_ahead),
        "NextRotationDate {days_ahead:.2} days ahead"
    );
}

#[tokio::test]
async fn cancel_rotate_secret_disables_rotation() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "rotation/cancelled";
    create_secret(&client, name, "v").await;
    rotate_every_30_days(&client, name).await;

    client
        .cancel_rotate_secret()
        .secret_id(name)
        .send()
        .await
        .expect("cancel rotation");

    let described = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe secret");
    assert_eq!(described.rotation_enabled, Some(false));
}

#[tokio::test]
async fn replicate_secret_reports_in_sync_replica() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "replication/status";
    create_secret(&client, name, "v").await;

    let replicated = replicate(&client, name).await;

    let [status] = replicated.replication_status() else {
        panic!("one replica expected: {replicated:?}");
    };
    assert_eq!(status.region(), Some(REPLICA_REGION));
    assert_eq!(status.status(), Some(&StatusType::InSync));

    let described = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe primary");
    let regions: Vec<_> = described
        .replication_status()
        .iter()
        .map(|s| s.region())
        .collect();
    assert_eq!(regions, [Some(REPLICA_REGION)]);
}

#[tokio::test]
async fn replica_is_readable_in_its_region() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "replication/readable";
    create_secret(&client, name, "replicated value").await;
    replicate(&client, name).await;

    let replica_client = server.client_for(REPLICA_REGION, "test");

    assert_eq!(
        current_value(&replica_client, name).await,
        "replicated value"
    );
    let described = replica_client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe replica");
    assert_eq!(described.primary_region(), Some("us-east-1"));
}

#[tokio::test]
async fn remove_regions_from_replication_deletes_the_replica() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "replication/removed";
    create_secret(&client, name, "v").await;
    replicate(&client, name).await;

    client
        .remove_regions_from_replication()
        .secret_id(name)
        .remove_replica_regions(REPLICA_REGION)
        .send()
        .await
        .expect("remove replica region");

    let replica_client = server.client_for(REPLICA_REGION, "test");
    assert_error(
        replica_client
            .get_secret_value()
            .secret_id(name)
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
    let described = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe primary");
    assert!(described.replication_status().is_empty(), "{described:?}");
}

#[tokio::test]
async fn stop_replication_to_replica_makes_it_standalone() {
    let server = TestServer::start().await;
    let client = server.client();
    let name = "replication/promoted";
    create_secret(&client, name, "v").await;
    replicate(&client, name).await;
    let replica_client = server.client_for(REPLICA_REGION, "test");

    // Called in the replica's region, as AWS requires.
    replica_client
        .stop_replication_to_replica()
        .secret_id(name)
        .send()
        .await
        .expect("stop replication");

    let described = replica_client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe former replica");
    assert_eq!(described.primary_region, None);
    // No longer a read-only replica: it takes writes of its own, and the primary is unaffected.
    replica_client
        .put_secret_value()
        .secret_id(name)
        .secret_string("written in the former replica")
        .send()
        .await
        .expect("put value in the standalone secret");
    assert_eq!(
        current_value(&replica_client, name).await,
        "written in the former replica"
    );
    assert_eq!(current_value(&client, name).await, "v");
    let primary = client
        .describe_secret()
        .secret_id(name)
        .send()
        .await
        .expect("describe primary");
    assert!(primary.replication_status().is_empty(), "{primary:?}");
}

#[tokio::test]
async fn validate_resource_policy_passes_a_valid_policy() {
    let server = TestServer::start().await;
    let client = server.client();
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
