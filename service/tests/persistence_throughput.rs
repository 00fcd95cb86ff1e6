//! Write throughput (CreateSecret + PutSecretValue requests per second) with `--data-dir` and
//! without, in the same run. A measurement, not a check: run it with
//!
//! ```sh
//! cargo test --release -p service --test persistence_throughput -- --ignored --nocapture
//! ```

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Connection, EmulatorProcess};

/// Clients writing at once.
const CLIENTS: usize = 32;
/// Secrets each client creates; each then gets one PutSecretValue.
const SECRETS_PER_CLIENT: usize = 150;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; see the file's documentation"]
async fn write_throughput_with_and_without_persistence() {
    let in_memory = EmulatorProcess::start(&[]);
    let memory_rate = writes_per_second(&in_memory).await;
    drop(in_memory);

    let dir = tempfile::tempdir().unwrap();
    let persistent = EmulatorProcess::start_in(dir.path(), &[]);
    let disk_rate = writes_per_second(&persistent).await;

    println!(
        "{CLIENTS} clients, {} writes each way: in memory {memory_rate:.0} writes/s, \
         --data-dir {disk_rate:.0} writes/s ({:.1}x slower)",
        CLIENTS * SECRETS_PER_CLIENT * 2,
        memory_rate / disk_rate
    );
}

/// Runs the write load against `server` and returns requests per second.
async fn writes_per_second(server: &EmulatorProcess) -> f64 {
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let address = server.address;
            tokio::spawn(async move {
                let mut connection = Connection::open(address).await.unwrap();
                for index in 0..SECRETS_PER_CLIENT {
                    let name = format!("load/{client}/{index}");
                    let created = connection
                        .call(
                            "CreateSecret",
                            &json!({ "Name": name, "SecretString": "first value" }),
                        )
                        .await
                        .unwrap();
                    assert_eq!(created.status, 200, "{:?}", created.body);
                    let put = connection
                        .call(
                            "PutSecretValue",
                            &json!({ "SecretId": name, "SecretString": "second value" }),
                        )
                        .await
                        .unwrap();
                    assert_eq!(put.status, 200, "{:?}", put.body);
                }
            })
        })
        .collect();
    for client in clients {
        client.await.unwrap();
    }
    let elapsed: Duration = started.elapsed();
    (CLIENTS * SECRETS_PER_CLIENT * 2) as f64 / elapsed.as_secs_f64()
}
