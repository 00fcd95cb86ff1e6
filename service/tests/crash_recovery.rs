//! `--data-dir` against the real binary: every acknowledged write survives `kill -9` in the
//! middle of a concurrent load; a damaged, foreign or newer file stops the server with a clear
//! message and is left byte for byte as it was.

mod support;

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::{Connection, EmulatorProcess, run_to_exit};

const DATABASE_FILE: &str = "secretsmanager.db";

/// Load: clients writing at once, each creating secrets one after another.
const CLIENTS: usize = 32;
const SECRETS_PER_CLIENT: usize = 30;
const PUTS_PER_SECRET: usize = 3;
/// Every this many secrets, the last write is a DeleteSecret with a recovery window.
const DELETE_EVERY: usize = 4;
/// The process is killed once this many writes were acknowledged (of about 4,000 planned).
const KILL_AFTER_ACKS: usize = 2_000;

const OTHER_ACCOUNT: &str = "111111111111";
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9_under_concurrent_load() {
    let dir = tempfile::tempdir().unwrap();
    let server = EmulatorProcess::start_in(dir.path(), &[]);
    let mut connection = server.connect().await;
    let probes = settle_varied_secrets(&mut connection).await;
    admin_ok(
        &mut connection,
        "POST",
        "/_emulator/clock",
        r#"{"advanceSeconds": 3600}"#,
    )
    .await;
    let before = snapshot(&mut connection, &probes).await;

    let acknowledged = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let address = server.address;
            let acknowledged = Arc::clone(&acknowledged);
            tokio::spawn(async move { write_until_refused(address, client, &acknowledged).await })
        })
        .collect();
    while acknowledged.load(Ordering::SeqCst) < KILL_AFTER_ACKS {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();
    let mut written = Vec::new();
    for client in clients {
        written.extend(client.await.unwrap());
    }
    let in_flight = written.iter().filter(|secret| secret.in_flight()).count();
    assert!(in_flight > 0, "the kill should catch writes in flight");
    eprintln!(
        "killed after {} acknowledged writes, {in_flight} in flight",
        acknowledged.load(Ordering::SeqCst)
    );

    let restarted = EmulatorProcess::start_in(dir.path(), &[]);
    let mut connection = restarted.connect().await;
    let after = snapshot(&mut connection, &probes).await;
    assert_eq!(after.len(), before.len());
    for (after, before) in after.iter().zip(&before) {
        assert_eq!(after, before);
    }
    let state = admin_ok(&mut connection, "GET", "/_emulator/state", "").await;
    assert_eq!(state["offsetSeconds"], 3600.0, "the moved clock is kept");
    for secret in &written {
        secret.check_recovered(&mut connection).await;
    }
}

// ----- The load ---------------------------------------------------------------------------------

/// What a client sent for one secret, in order, and how much of it was acknowledged. A client
/// writes one request at a time, so at most its last request is unanswered.
#[derive(Debug)]
struct Written {
    name: String,
    /// The ARN CreateSecret answered, once it did.
    arn: Option<String>,
    /// Version ids (our ClientRequestTokens) and values, as sent: CreateSecret's, then each
    /// PutSecretValue's.
    versions: Vec<(String, String)>,
    /// How many of `versions` were acknowledged.
    acknowledged_versions: usize,
    delete_sent: bool,
    delete_acknowledged: bool,
}

fn tags_of(name: &str) -> Value {
    json!([{"Key": "secret", "Value": name}, {"Key": "kind", "Value": "load"}])
}

/// Writes secrets until the server stops answering; returns what was sent and acknowledged.
async fn write_until_refused(
    address: std::net::SocketAddr,
    client: usize,
    acknowledged: &AtomicUsize,
) -> Vec<Written> {
    let mut written = Vec::new();
    let Ok(mut connection) = Connection::open(address).await else {
        return written;
    };
    for index in 0..SECRETS_PER_CLIENT {
        let name = format!("load/{client}/{index}");
        let mut secret = Written {
            name: name.clone(),
            arn: None,
            versions: Vec::new(),
            acknowledged_versions: 0,
            delete_sent: false,
            delete_acknowledged: false,
        };
        let finished = write_one(&mut connection, &mut secret, index, acknowledged).await;
        written.push(secret);
        if !finished {
            break;
        }
    }
    written
}

/// Sends one secret's writes; `false` as soon as one goes unanswered.
async fn write_one(
    connection: &mut Connection,
    secret: &mut Written,
    index: usize,
    acknowledged: &AtomicUsize,
) -> bool {
    let name = secret.name.clone();
    let token = uuid();
    let value = format!("{name} value 0");
    secret.versions.push((token.clone(), value.clone()));
    let create = json!({
        "Name": name, "SecretString": value, "ClientRequestToken": token,
        "Description": format!("about {name}"), "Tags": tags_of(&name),
    });
    let Ok(reply) = connection.call("CreateSecret", &create).await else {
        return false;
    };
    secret.arn = Some(reply.ok()["ARN"].as_str().unwrap().to_owned());
    secret.acknowledged_versions = 1;
    acknowledged.fetch_add(1, Ordering::SeqCst);

    for put in 1..=PUTS_PER_SECRET {
        let token = uuid();
        let value = format!("{name} value {put}");
        secret.versions.push((token.clone(), value.clone()));
        let body = json!({"SecretId": name, "SecretString": value, "ClientRequestToken": token});
        let Ok(reply) = connection.call("PutSecretValue", &body).await else {
            return false;
        };
        reply.ok();
        secret.acknowledged_versions += 1;
        acknowledged.fetch_add(1, Ordering::SeqCst);
    }

    if index.is_multiple_of(DELETE_EVERY) {
        secret.delete_sent = true;
        let body = json!({"SecretId": name, "RecoveryWindowInDays": 7});
        let Ok(reply) = connection.call("DeleteSecret", &body).await else {
            return false;
        };
        reply.ok();
        secret.delete_acknowledged = true;
        acknowledged.fetch_add(1, Ordering::SeqCst);
    }
    true
}

impl Written {
    /// Whether a request for this secret was sent and never answered.
    fn in_flight(&self) -> bool {
        self.acknowledged_versions < self.versions.len()
            || (self.delete_sent && !self.delete_acknowledged)
    }

    /// After the restart: everything acknowledged is there as it was answered, and nothing
    /// but the one request in flight was added.
    async fn check_recovered(&self, connection: &mut Connection) {
        let name = &self.name;
        let described = connection
            .call("DescribeSecret", &json!({"SecretId": name}))
            .await
            .unwrap();
        let Some(arn) = &self.arn else {
            // Only the CreateSecret was sent: it may or may not have been made durable.
            if described.status != 200 {
                assert_eq!(
                    described.body["__type"], "ResourceNotFoundException",
                    "{name}"
                );
                return;
            }
            self.check_versions(connection, &described.body).await;
            return;
        };
        let described = described.ok();
        assert_eq!(described["ARN"], json!(arn), "{name}");
        assert_eq!(described["Tags"], tags_of(name), "{name}");
        assert_eq!(described["Description"], json!(format!("about {name}")));
        match (self.delete_sent, self.delete_acknowledged) {
            (_, true) => assert!(described.get("DeletedDate").is_some(), "{name} deleted"),
            (false, _) => assert!(described.get("DeletedDate").is_none(), "{name} live"),
            (true, false) => {} // In flight: either.
        }
        self.check_versions(connection, &described).await;
    }

    /// The versions are the acknowledged ones, perhaps plus the one in flight, with the
    /// stages and values those writes gave them.
    async fn check_versions(&self, connection: &mut Connection, described: &Value) {
        let name = &self.name;
        let listed = connection
            .call(
                "ListSecretVersionIds",
                &json!({"SecretId": name, "IncludeDeprecated": true}),
            )
            .await
            .unwrap()
            .ok();
        let present: BTreeSet<&str> = listed["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|version| version["VersionId"].as_str().unwrap())
            .collect();
        let recovered = (self.acknowledged_versions..=self.versions.len())
            .find(|&count| {
                let expected: BTreeSet<&str> = self.versions[..count]
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect();
                expected == present
            })
            .unwrap_or_else(|| panic!("{name}: versions {present:?}, sent {:?}", self.versions));
        let stages = &described["VersionIdsToStages"];
        let (current_id, _) = &self.versions[recovered - 1];
        assert_eq!(stages[current_id], json!(["AWSCURRENT"]), "{name}");
        if recovered >= 2 {
            let (previous_id, _) = &self.versions[recovered - 2];
            assert_eq!(stages[previous_id], json!(["AWSPREVIOUS"]), "{name}");
        }
        if described.get("DeletedDate").is_some() {
            return; // Values of a secret scheduled for deletion cannot be read.
        }
        for (id, value) in &self.versions[..recovered] {
            let reply = connection
                .call(
                    "GetSecretValue",
                    &json!({"SecretId": name, "VersionId": id}),
                )
                .await
                .unwrap()
                .ok();
            assert_eq!(reply["SecretString"], json!(value), "{name} {id}");
        }
    }
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ----- Secrets in every kind of state, compared whole before and after ---------------------------

/// A secret to look at: region, access key id (the account) and secret id.
type Probe = (&'static str, &'static str, &'static str);

/// Creates secrets with tags, custom stages, binary values, deletion, restore, rotation, a
/// policy, regional and cross-account replicas, in two accounts and three regions.
async fn settle_varied_secrets(connection: &mut Connection) -> Vec<Probe> {
    let mut call =
        async |operation: &str, body: Value| connection.call(operation, &body).await.unwrap().ok();
    call(
        "CreateSecret",
        json!({"Name": "settled/tagged", "SecretString": "one",
        "Description": "tagged", "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}),
    )
    .await;
    let first = call(
        "ListSecretVersionIds",
        json!({"SecretId": "settled/tagged"}),
    )
    .await["Versions"][0]["VersionId"]
        .clone();
    call(
        "PutSecretValue",
        json!({"SecretId": "settled/tagged", "SecretString": "two"}),
    )
    .await;
    call(
        "UpdateSecretVersionStage",
        json!({"SecretId": "settled/tagged",
        "VersionStage": "custom", "MoveToVersionId": first}),
    )
    .await;
    call(
        "UntagResource",
        json!({"SecretId": "settled/tagged", "TagKeys": ["b"]}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/binary", "SecretBinary": "AAEC/w=="}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/deleted", "SecretString": "x"}),
    )
    .await;
    call(
        "DeleteSecret",
        json!({"SecretId": "settled/deleted", "RecoveryWindowInDays": 7}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/restored", "SecretString": "x"}),
    )
    .await;
    call("DeleteSecret", json!({"SecretId": "settled/restored"})).await;
    call("RestoreSecret", json!({"SecretId": "settled/restored"})).await;
    call(
        "CreateSecret",
        json!({"Name": "settled/rotated", "SecretString": "{\"password\":\"a\"}"}),
    )
    .await;
    call(
        "RotateSecret",
        json!({"SecretId": "settled/rotated",
        "RotationRules": {"AutomaticallyAfterDays": 30}}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/policy", "SecretString": "x"}),
    )
    .await;
    call(
        "PutResourcePolicy",
        json!({"SecretId": "settled/policy", "ResourcePolicy": POLICY}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/replicated", "SecretString": "x",
        "AddReplicaRegions": [{"Region": "eu-central-1", "KmsKeyId": "alias/eu"}]}),
    )
    .await;
    call(
        "CreateSecret",
        json!({"Name": "settled/gone", "SecretString": "x"}),
    )
    .await;
    call(
        "DeleteSecret",
        json!({"SecretId": "settled/gone", "ForceDeleteWithoutRecovery": true}),
    )
    .await;
    let primary_arn = call(
        "CreateSecret",
        json!({"Name": "settled/shared", "SecretString": "x"}),
    )
    .await["ARN"]
        .clone();
    let replica = connection
        .call_as(
            "us-east-1",
            OTHER_ACCOUNT,
            "CreateSecret",
            &json!({"Name": "settled/copy",
            "CrossAccountPrimaryARN": primary_arn, "KmsKeyId": "alias/replica"}),
        )
        .await
        .unwrap()
        .ok();
    connection
        .call(
            "AssociateCrossAccountReplica",
            &json!({"SecretId": "settled/shared",
            "CrossAccountReplicaARN": replica["ARN"]}),
        )
        .await
        .unwrap()
        .ok();
    connection
        .call_as(
            "eu-west-1",
            OTHER_ACCOUNT,
            "CreateSecret",
            &json!({"Name": "settled/elsewhere",
            "SecretString": "far"}),
        )
        .await
        .unwrap()
        .ok();
    let default = ("us-east-1", "test");
    [
        "settled/tagged",
        "settled/binary",
        "settled/deleted",
        "settled/restored",
        "settled/rotated",
        "settled/policy",
        "settled/replicated",
        "settled/gone",
        "settled/shared",
    ]
    .into_iter()
    .map(|name| (default.0, default.1, name))
    .chain([
        ("eu-central-1", "test", "settled/replicated"),
        ("us-east-1", OTHER_ACCOUNT, "settled/copy"),
        ("eu-west-1", OTHER_ACCOUNT, "settled/elsewhere"),
    ])
    .collect()
}

/// Everything the read operations show of `probes` (each version's value included), and the
/// listings of their accounts and regions; without last-accessed dates, which reads change.
async fn snapshot(connection: &mut Connection, probes: &[Probe]) -> Vec<Value> {
    let mut views = Vec::new();
    for &(region, account, id) in probes {
        let mut read = async |operation: &str, body: Value| {
            let reply = connection
                .call_as(region, account, operation, &body)
                .await
                .unwrap();
            json!({"operation": operation, "status": reply.status, "body": reply.body})
        };
        views.push(read("DescribeSecret", json!({"SecretId": id})).await);
        let listed = read(
            "ListSecretVersionIds",
            json!({"SecretId": id, "IncludeDeprecated": true}),
        )
        .await;
        let ids: Vec<String> = listed["body"]["Versions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|version| version["VersionId"].as_str().unwrap().to_owned())
            .collect();
        views.push(listed);
        for version in ids {
            views.push(
                read(
                    "GetSecretValue",
                    json!({"SecretId": id, "VersionId": version}),
                )
                .await,
            );
        }
        views.push(read("GetResourcePolicy", json!({"SecretId": id})).await);
        let settled_only = json!([{"Key": "name", "Values": ["settled/"]}]);
        views.push(
            read(
                "ListSecrets",
                json!({"IncludePlannedDeletion": true, "Filters": settled_only}),
            )
            .await,
        );
    }
    views.iter_mut().for_each(forget_access_dates);
    views
}

fn forget_access_dates(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("LastAccessedDate");
            object.values_mut().for_each(forget_access_dates);
        }
        Value::Array(items) => items.iter_mut().for_each(forget_access_dates),
        _ => {}
    }
}

async fn admin_ok(connection: &mut Connection, method: &str, path: &str, body: &str) -> Value {
    connection.admin(method, path, body).await.unwrap().ok()
}

// ----- Files that must not be used ----------------------------------------------------------------

/// Runs the binary on `dir` expecting a refusal that mentions `expected`, and checks the
/// database file was not changed.
#[track_caller]
fn assert_refused_untouched(dir: &Path, expected: &str) {
    let path = dir.join(DATABASE_FILE);
    let before = std::fs::read(&path).unwrap();
    let (status, output) = run_to_exit(&["--data-dir", dir.to_str().unwrap()]);
    assert!(!status.success(), "{status}: {output}");
    assert!(output.contains(expected), "{output}");
    assert!(output.contains("left untouched"), "{output}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file changed");
}

#[test]
fn a_file_that_is_no_database_stops_the_server_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..16_384u32)
        .map(|index| (index * 7 % 251) as u8)
        .collect();
    std::fs::write(dir.path().join(DATABASE_FILE), garbage).unwrap();
    assert_refused_untouched(dir.path(), "is not a readable SQLite database");
}

/// A database the emulator wrote, with a few secrets, its log checkpointed into the file.
async fn database_with_secrets(dir: &Path) -> std::path::PathBuf {
    let server = EmulatorProcess::start_in(dir, &[]);
    let mut connection = server.connect().await;
    for index in 0..200 {
        let body = json!({"Name": format!("s{index}"), "SecretString": "v".repeat(500)});
        connection.call("CreateSecret", &body).await.unwrap().ok();
    }
    server.kill();
    let path = dir.join(DATABASE_FILE);
    // Opening recovers the log of the killed process; closing checkpoints it into the file.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    path
}

#[tokio::test]
async fn a_damaged_database_stops_the_server_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = database_with_secrets(dir.path()).await;
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096, "the secrets span several pages");
    // Page 5 becomes noise: a b-tree page no longer parses.
    for (offset, byte) in bytes[4 * 4096..5 * 4096].iter_mut().enumerate() {
        *byte = (offset * 13 % 256) as u8;
    }
    std::fs::write(&path, bytes).unwrap();
    assert_refused_untouched(dir.path(), "is damaged");
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = database_with_secrets(dir.path()).await;
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 2")
        .unwrap();
    assert_refused_untouched(
        dir.path(),
        "has schema version 2, newer than version 1 that this emulator understands",
    );
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')")
        .unwrap();
    assert_refused_untouched(dir.path(), "is not an emulator database");
}
