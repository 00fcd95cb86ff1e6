//! `--seed FILE` against the real binary: the secrets are served at start, a persistent data
//! directory keeps what it has, and a bad file stops the server naming the entry.

mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support::{Connection, EmulatorProcess, run_to_exit};

const SEED_YAML: &str = r#"
secrets:
  - name: app/db
    value: '{"user":"app","password":"pw"}'
    description: The app's database
    tags: { team: core, env: test }
    arnSuffix: AbCdEf
  - name: app/key
    binaryBase64: AAECAw==
    tags:
      - { key: team, value: core }
  - name: far/away
    value: elsewhere
    region: eu-west-1
    account: "111111111111"
"#;

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn describe(connection: &mut Connection, id: &str) -> Value {
    connection
        .call("DescribeSecret", &json!({"SecretId": id}))
        .await
        .unwrap()
        .ok()
}

async fn value(connection: &mut Connection, id: &str) -> Value {
    connection
        .call("GetSecretValue", &json!({"SecretId": id}))
        .await
        .unwrap()
        .ok()
}

#[tokio::test]
async fn seeded_secrets_are_served_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write_file(dir.path(), "seed.yaml", SEED_YAML);
    let server = EmulatorProcess::start(&["--seed", seed.to_str().unwrap()]);
    let mut connection = server.connect().await;

    let db = describe(&mut connection, "app/db").await;
    let fixed_arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf";
    assert_eq!(db["ARN"], fixed_arn);
    assert_eq!(db["Description"], "The app's database");
    assert_eq!(
        db["Tags"],
        json!([{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "core"}])
    );
    let by_arn = value(&mut connection, fixed_arn).await;
    assert_eq!(by_arn["SecretString"], r#"{"user":"app","password":"pw"}"#);
    assert_eq!(by_arn["VersionStages"], json!(["AWSCURRENT"]));
    assert_eq!(
        value(&mut connection, "app/key").await["SecretBinary"],
        "AAECAw=="
    );
    let far = connection
        .call_as(
            "eu-west-1",
            "111111111111",
            "GetSecretValue",
            &json!({"SecretId": "far/away"}),
        )
        .await
        .unwrap()
        .ok();
    assert_eq!(far["SecretString"], "elsewhere");
}

#[tokio::test]
async fn a_data_dir_keeps_its_secrets_and_gets_only_the_new_names() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seed = write_file(
        dir.path(),
        "seed.json",
        r#"[{"name": "kept", "value": "from the seed"}]"#,
    );
    let seed_arg = seed.to_str().unwrap();
    let first = EmulatorProcess::start_in(&data, &["--seed", seed_arg]);
    let mut connection = first.connect().await;
    let body = json!({"SecretId": "kept", "SecretString": "changed since"});
    connection.call("PutSecretValue", &body).await.unwrap().ok();
    first.kill();

    write_file(
        dir.path(),
        "seed.json",
        r#"[{"name": "kept", "value": "from the seed"}, {"name": "added", "value": "new"}]"#,
    );
    let second = EmulatorProcess::start_in(&data, &["--seed", seed_arg]);
    let mut connection = second.connect().await;
    assert_eq!(
        value(&mut connection, "kept").await["SecretString"],
        "changed since"
    );
    assert_eq!(value(&mut connection, "added").await["SecretString"], "new");
    let log = second.output();
    assert!(log.contains("created=1 skipped=1"), "{log}");
}

#[test]
fn a_bad_seed_file_stops_the_server_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let seed = write_file(
        dir.path(),
        "seed.yml",
        "- name: fine\n  value: x\n- name: not fine!\n  value: y\n",
    );
    let (status, output) = run_to_exit(&["--seed", seed.to_str().unwrap()]);
    assert!(!status.success(), "{status}: {output}");
    assert!(
        output.contains(r#"secret #2 ("not fine!")"#),
        "the message names the entry: {output}"
    );
}
