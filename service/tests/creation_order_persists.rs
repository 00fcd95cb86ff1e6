//! Creation order within a millisecond, across a restart of the real binary with `--data-dir`:
//! seeded secrets (created back to back, many in the same millisecond) are listed in the seed
//! file's order, before and after a `kill -9` and restart, and a secret created afterwards
//! comes last.

mod support;

use serde_json::{Value, json};
use support::{Connection, EmulatorProcess};

async fn listed(connection: &mut Connection) -> Vec<String> {
    let answer = connection
        .call("ListSecrets", &json!({}))
        .await
        .unwrap()
        .ok();
    answer["SecretList"]
        .as_array()
        .expect("SecretList")
        .iter()
        .map(|entry| entry["Name"].as_str().expect("Name").to_owned())
        .collect()
}

#[tokio::test]
async fn seeded_secrets_keep_their_order_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Against name order, so that name order can never pass for creation order.
    let names: Vec<String> = (0..40)
        .rev()
        .map(|index| format!("seeded/{index:02}"))
        .collect();
    let seed: Vec<Value> = names
        .iter()
        .map(|name| json!({"name": name, "value": "v"}))
        .collect();
    let seed_file = dir.path().join("seed.json");
    std::fs::write(&seed_file, Value::Array(seed).to_string()).unwrap();
    let seed_arg = seed_file.to_str().unwrap();

    let first = EmulatorProcess::start_in(&data, &["--seed", seed_arg]);
    let mut connection = first.connect().await;
    assert_eq!(listed(&mut connection).await, names);
    first.kill();

    let second = EmulatorProcess::start_in(&data, &[]);
    let mut connection = second.connect().await;
    assert_eq!(listed(&mut connection).await, names);
    let body = json!({"Name": "created/later", "SecretString": "v"});
    connection.call("CreateSecret", &body).await.unwrap().ok();
    let mut expected = names.clone();
    expected.push("created/later".to_owned());
    assert_eq!(listed(&mut connection).await, expected);
}
