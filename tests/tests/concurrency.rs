//! Concurrent writers lose nothing: 32 tasks × 50 operations through the SDK on the same few
//! secrets (new versions with distinct tokens, label moves, tags, deletes and restores, reads),
//! then every acknowledged version is there with its value, and the store's invariants hold.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::ProvideErrorMetadata;
use common::{TestServer, all_version_ids};
use std::collections::BTreeMap;

const TASKS: usize = 32;
const OPERATIONS_PER_TASK: usize = 50;
/// Few enough that tasks collide on every one; enough that each keeps under 100 versions, so
/// that no version is pruned (none is older than a day anyway).
const SECRETS: usize = 8;

/// A version a PutSecretValue acknowledged: the secret, the token (its VersionId) and the value.
#[derive(Debug)]
struct Acknowledged {
    secret: String,
    version_id: String,
    value: String,
}

fn secret_name(index: usize) -> String {
    format!("concurrency/secret-{index}")
}

/// The `operation`-th token of `task`: unique across the run, 36 characters like a UUID.
fn token(task: usize, operation: usize) -> String {
    format!("00000000-0000-4000-8000-{task:04}{operation:08}")
}

/// A small deterministic generator, so that a failing run can be repeated.
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// Errors a concurrent operation may meet because of another task's (a label moved, a secret
/// deleted meanwhile); anything else fails the test.
const EXPECTED_CONFLICTS: [&str; 3] = [
    "InvalidParameterException",
    "InvalidRequestException",
    "ResourceNotFoundException",
];

#[track_caller]
fn allow_conflict<T, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, aws_sdk_secretsmanager::error::SdkError<E>>,
) -> Option<T> {
    match result {
        Ok(output) => Some(output),
        Err(error) => {
            let meta = common::client_error(Err::<(), _>(error));
            let code = meta.code().unwrap_or_default();
            assert!(
                EXPECTED_CONFLICTS.contains(&code),
                "unexpected error {code}: {:?}",
                meta.message()
            );
            None
        }
    }
}

/// One task's share of the run; returns the versions it was told were stored.
async fn writer(client: Client, task: usize) -> Vec<Acknowledged> {
    let mut choices = Choices(task as u64 + 1);
    let mut acknowledged: Vec<Acknowledged> = Vec::new();
    for operation in 0..OPERATIONS_PER_TASK {
        let secret = secret_name(choices.next(SECRETS));
        match choices.next(20) {
            0..=8 => {
                let version_id = token(task, operation);
                let value = format!("value of {version_id}");
                let put = client
                    .put_secret_value()
                    .secret_id(&secret)
                    .client_request_token(&version_id)
                    .secret_string(&value)
                    .send()
                    .await;
                if let Some(output) = allow_conflict(put) {
                    assert_eq!(output.version_id(), Some(version_id.as_str()));
                    acknowledged.push(Acknowledged {
                        secret,
                        version_id,
                        value,
                    });
                }
            }
            9..=11 => {
                // Moves a label onto one of this task's versions of any secret; the version may
                // belong to another secret, or the label to another version: both are refused.
                let Some(target) = acknowledged.get(choices.next(acknowledged.len().max(1))) else {
                    continue;
                };
                let stage = ["blue", "green", "AWSPENDING"][choices.next(3)];
                let moved = client
                    .update_secret_version_stage()
                    .secret_id(&target.secret)
                    .version_stage(stage)
                    .move_to_version_id(&target.version_id)
                    .send()
                    .await;
                allow_conflict(moved);
            }
            12 | 13 => {
                let tagged = client
                    .tag_resource()
                    .secret_id(&secret)
                    .tags(
                        aws_sdk_secretsmanager::types::Tag::builder()
                            .key(format!("task-{}", task % 4))
                            .value(operation.to_string())
                            .build(),
                    )
                    .send()
                    .await;
                allow_conflict(tagged);
            }
            14 => {
                let deleted = client
                    .delete_secret()
                    .secret_id(&secret)
                    .recovery_window_in_days(7)
                    .send()
                    .await;
                allow_conflict(deleted);
            }
            15 | 16 => {
                allow_conflict(client.restore_secret().secret_id(&secret).send().await);
            }
            _ => {
                allow_conflict(client.get_secret_value().secret_id(&secret).send().await);
            }
        }
    }
    acknowledged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_lose_nothing() {
    let (server, client) = TestServer::with_client().await;
    for index in 0..SECRETS {
        common::create_secret(&client, &secret_name(index), "initial").await;
    }

    let writers: Vec<_> = (0..TASKS)
        .map(|task| tokio::spawn(writer(server.client(), task)))
        .collect();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.expect("writer task"));
    }
    assert!(
        acknowledged.len() > TASKS * OPERATIONS_PER_TASK / 4,
        "too few writes succeeded to prove anything: {}",
        acknowledged.len()
    );

    // Secrets left scheduled for deletion are restored (their versions are kept meanwhile).
    for index in 0..SECRETS {
        allow_conflict(
            client
                .restore_secret()
                .secret_id(secret_name(index))
                .send()
                .await,
        );
    }
    let mut by_secret: BTreeMap<&str, Vec<&Acknowledged>> = BTreeMap::new();
    for version in &acknowledged {
        by_secret.entry(&version.secret).or_default().push(version);
    }
    for (secret, versions) in by_secret {
        let stored = all_version_ids(&client, secret).await;
        assert!(
            stored.len() <= 100,
            "{secret} has {} versions",
            stored.len()
        );
        for version in versions {
            assert!(
                stored.contains(&version.version_id),
                "{secret} lost acknowledged version {}",
                version.version_id
            );
            let value = client
                .get_secret_value()
                .secret_id(secret)
                .version_id(&version.version_id)
                .send()
                .await
                .expect("read an acknowledged version");
            assert_eq!(value.secret_string(), Some(version.value.as_str()));
        }
    }
    server
        .emulator()
        .check_invariants()
        .expect("store invariants after concurrent writes");
}
