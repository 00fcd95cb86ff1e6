//! `cargo run --release -p bench --bin soak -- --seconds 60`: a bounded soak test, not part of
//! `cargo test`. It builds and starts the release emulator on a free loopback port, drives it at
//! full speed with a mix of operations over a bounded working set, samples its resident memory
//! every second, and fails if any request fails or if memory keeps growing once the working set
//! is reached (the highest RSS of the last third of the run above 1.1 × that of the first third,
//! warm-up excluded).
//!
//! The working set stays bounded although versions are written all the time: the emulator's
//! clock is moved a day forward every second (admin API), so that AWS's rule (keep at most 100
//! versions, dropping only unlabelled ones older than a day) prunes them as it would in a day.

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Soak test: full-speed mixed load on a bounded working set, RSS sampled")]
struct Options {
    /// How long to drive the server.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Concurrent keep-alive connections, each with its own secrets.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Secrets per connection.
    #[arg(long, default_value_t = 16)]
    secrets_per_connection: usize,
    /// Seconds at the start left out of the memory comparison (the working set fills up).
    #[arg(long, default_value_t = 10)]
    warm_up_seconds: u64,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> ExitCode {
    let options = Options::parse();
    let server = match EmulatorProcess::build_and_start() {
        Ok(server) => server,
        Err(error) => {
            eprintln!("soak: cannot start the emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    // One thread for the load: the other core of a 2-core machine is the server's.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(soak(&server, &options));
    match outcome {
        Ok(report) => {
            report.print(&options);
            if report.passed(&options) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("soak: {error}");
            ExitCode::FAILURE
        }
    }
}

// ----- The server under test ---------------------------------------------------------------------

/// The release emulator as a child process; killed when dropped.
struct EmulatorProcess {
    child: Child,
    address: SocketAddr,
}

impl EmulatorProcess {
    fn build_and_start() -> Result<Self, String> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        eprintln!("soak: cargo build --release -p service");
        let built = Command::new(cargo)
            .args(["build", "--release", "-p", "service"])
            .current_dir(&workspace)
            .stdin(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        if !built.success() {
            return Err(format!("cargo build failed ({built})"));
        }
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(|dir| workspace.join(dir))
            .unwrap_or_else(|| workspace.join("target"));
        let program = target.join("release").join("secretsmanager-emulator");
        let address = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|error| format!("no free port: {error}"))?;
        let child = Command::new(&program)
            .args(["--port", &address.port().to_string(), "--log-level", "warn"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
        Ok(Self { child, address })
    }

    /// Resident set size now, from `/proc/<pid>/status`.
    fn resident_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ----- A minimal client --------------------------------------------------------------------------

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl Connection {
    async fn open(address: SocketAddr) -> Result<Self, BoxError> {
        let stream = tokio::net::TcpStream::connect(address).await?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Self {
            sender,
            host: address.to_string(),
        })
    }

    /// Opens a connection once the server answers, giving up after `patience`.
    async fn open_when_ready(address: SocketAddr, patience: Duration) -> Result<Self, BoxError> {
        let started = Instant::now();
        loop {
            if let Ok(mut connection) = Self::open(address).await
                && connection.call("ListSecrets", &json!({})).await.is_ok()
            {
                return Ok(connection);
            }
            if started.elapsed() > patience {
                return Err(format!("no answer from {address} within {patience:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Calls an operation; returns the status and the body.
    async fn call(&mut self, operation: &str, body: &Value) -> Result<(u16, Bytes), BoxError> {
        let request = hyper::Request::post("/")
            .header("Host", &self.host)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", format!("secretsmanager.{operation}"))
            .body(Full::new(Bytes::from(body.to_string())))?;
        self.send(request).await
    }

    async fn send(
        &mut self,
        request: hyper::Request<Full<Bytes>>,
    ) -> Result<(u16, Bytes), BoxError> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }

    /// Moves the emulator's clock forward by a day through the admin API.
    async fn advance_a_day(&mut self) -> Result<(), BoxError> {
        let request = hyper::Request::post("/_emulator/clock")
            .header("Host", &self.host)
            .header("Content-Type", "application/json")
            .body(Full::new(Bytes::from(r#"{"advanceDays":1}"#)))?;
        match self.send(request).await? {
            (200, _) => Ok(()),
            (status, body) => Err(format!("moving the clock: HTTP {status} {body:?}").into()),
        }
    }
}

// ----- The load ----------------------------------------------------------------------------------

/// What every connection counts.
#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    failures: AtomicU64,
}

/// The operation mix, by weight out of 100.
const MIX: [(&str, u64); 10] = [
    ("GetSecretValue", 40),
    ("PutSecretValue", 15),
    ("DescribeSecret", 10),
    ("TagResource", 5),
    ("UntagResource", 5),
    ("ListSecretVersionIds", 5),
    ("ListSecrets", 5),
    ("UpdateSecret", 5),
    ("GetRandomPassword", 5),
    ("Recreate", 5),
];

/// A small deterministic generator: the same run each time.
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }

    fn operation(&mut self) -> &'static str {
        let mut roll = self.next(100);
        for (operation, weight) in MIX {
            if roll < weight {
                return operation;
            }
            roll -= weight;
        }
        MIX[0].0
    }
}

/// One connection's loop over its own secrets (so that no request can fail because of another
/// connection's), until `stop`. Returns the count of each operation and the first failures.
async fn drive(
    mut connection: Connection,
    index: usize,
    secrets: usize,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
) -> (BTreeMap<&'static str, u64>, Vec<String>) {
    let names: Vec<String> = (0..secrets)
        .map(|secret| format!("soak/{index}/{secret}"))
        .collect();
    let mut counts = BTreeMap::new();
    let mut failures = Vec::new();
    let mut record = |operation: &'static str, outcome: Result<(u16, Bytes), BoxError>| {
        counters.requests.fetch_add(1, Ordering::Relaxed);
        *counts.entry(operation).or_insert(0) += 1;
        let failure = match outcome {
            Ok((200, _)) => return,
            Ok((status, body)) => format!(
                "{operation}: HTTP {status} {}",
                String::from_utf8_lossy(&body)
            ),
            Err(error) => format!("{operation}: {error}"),
        };
        counters.failures.fetch_add(1, Ordering::Relaxed);
        if failures.len() < 10 {
            failures.push(failure);
        }
    };
    for name in &names {
        let created = connection
            .call(
                "CreateSecret",
                &json!({"Name": name, "SecretString": "initial value"}),
            )
            .await;
        record("CreateSecret", created);
    }
    let mut choices = Choices(index as u64 + 1);
    let mut sequence: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        sequence += 1;
        let name = &names[choices.next(names.len() as u64) as usize];
        let operation = choices.operation();
        let outcome = match operation {
            "PutSecretValue" => {
                let token = format!("00000000-0000-4000-8000-{index:04}{sequence:08}");
                let body = json!({"SecretId": name, "ClientRequestToken": token, "SecretString": format!("value {sequence}")});
                connection.call(operation, &body).await
            }
            "TagResource" => {
                let body = json!({"SecretId": name, "Tags": [{"Key": format!("k{}", sequence % 8), "Value": "v"}]});
                connection.call(operation, &body).await
            }
            "UntagResource" => {
                let body = json!({"SecretId": name, "TagKeys": [format!("k{}", sequence % 8)]});
                connection.call(operation, &body).await
            }
            "ListSecrets" => connection.call(operation, &json!({"MaxResults": 20})).await,
            "ListSecretVersionIds" => {
                let body = json!({"SecretId": name, "IncludeDeprecated": true});
                connection.call(operation, &body).await
            }
            "UpdateSecret" => {
                let body = json!({"SecretId": name, "Description": format!("description {}", sequence % 16)});
                connection.call(operation, &body).await
            }
            "GetRandomPassword" => {
                connection
                    .call(operation, &json!({"PasswordLength": 32}))
                    .await
            }
            "Recreate" => {
                // Deleted and created again: the secret's memory is freed and taken anew.
                let deleted = connection
                    .call(
                        "DeleteSecret",
                        &json!({"SecretId": name, "ForceDeleteWithoutRecovery": true}),
                    )
                    .await;
                record("DeleteSecret", deleted);
                connection
                    .call(
                        "CreateSecret",
                        &json!({"Name": name, "SecretString": "recreated value"}),
                    )
                    .await
            }
            _ => connection.call(operation, &json!({"SecretId": name})).await,
        };
        let operation = if operation == "Recreate" {
            "CreateSecret"
        } else {
            operation
        };
        record(operation, outcome);
    }
    (counts, failures)
}

/// One second of the run as sampled.
struct Sample {
    second: u64,
    resident: u64,
    requests: u64,
}

struct Report {
    samples: Vec<Sample>,
    counts: BTreeMap<&'static str, u64>,
    failures: u64,
    first_failures: Vec<String>,
    elapsed: Duration,
}

async fn soak(server: &EmulatorProcess, options: &Options) -> Result<Report, BoxError> {
    let mut control = Connection::open_when_ready(server.address, Duration::from_secs(10)).await?;
    let counters = Arc::new(Counters::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut drivers = Vec::new();
    for index in 0..options.connections {
        let connection = Connection::open(server.address).await?;
        drivers.push(tokio::spawn(drive(
            connection,
            index,
            options.secrets_per_connection,
            Arc::clone(&counters),
            Arc::clone(&stop),
        )));
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.tick().await;
    for second in 1..=options.seconds {
        ticks.tick().await;
        control.advance_a_day().await?;
        let resident = server.resident_bytes().ok_or("the emulator is gone")?;
        let requests = counters.requests.load(Ordering::Relaxed);
        eprintln!(
            "soak: {second:>3} s  RSS {:>6.1} MiB  {requests:>9} requests",
            mebibytes(resident)
        );
        samples.push(Sample {
            second,
            resident,
            requests,
        });
    }
    stop.store(true, Ordering::Relaxed);
    let mut counts = BTreeMap::new();
    let mut first_failures = Vec::new();
    for driver in drivers {
        let (driven, failures) = driver.await?;
        for (operation, count) in driven {
            *counts.entry(operation).or_insert(0) += count;
        }
        first_failures.extend(failures);
    }
    Ok(Report {
        samples,
        counts,
        failures: counters.failures.load(Ordering::Relaxed),
        first_failures,
        elapsed: started.elapsed(),
    })
}

fn mebibytes(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

impl Report {
    /// The highest RSS of the first and of the last third of the samples after warm-up.
    fn thirds(&self, options: &Options) -> Option<(u64, u64)> {
        let measured: Vec<u64> = self
            .samples
            .iter()
            .filter(|sample| sample.second > options.warm_up_seconds)
            .map(|sample| sample.resident)
            .collect();
        let third = measured.len() / 3;
        if third == 0 {
            return None;
        }
        let first = measured[..third].iter().copied().max()?;
        let last = measured[measured.len() - third..].iter().copied().max()?;
        Some((first, last))
    }

    fn passed(&self, options: &Options) -> bool {
        let flat = self
            .thirds(options)
            .is_some_and(|(first, last)| last as f64 <= 1.1 * first as f64);
        flat && self.failures == 0
    }

    fn print(&self, options: &Options) {
        let total: u64 = self.counts.values().sum();
        println!(
            "soak: {total} requests in {:.1} s ({:.0}/s), {} failed",
            self.elapsed.as_secs_f64(),
            total as f64 / self.elapsed.as_secs_f64(),
            self.failures
        );
        for (operation, count) in &self.counts {
            println!("  {operation:<22} {count:>9}");
        }
        let rss: Vec<String> = self
            .samples
            .iter()
            .map(|sample| format!("{:.1}", mebibytes(sample.resident)))
            .collect();
        println!("RSS per second (MiB): {}", rss.join(" "));
        if let Some(last) = self.samples.last() {
            println!("requests by the last sample: {}", last.requests);
        }
        for failure in &self.first_failures {
            println!("failure: {failure}");
        }
        match self.thirds(options) {
            Some((first, last)) => println!(
                "memory: first third max {:.1} MiB, last third max {:.1} MiB (ratio {:.3}, limit 1.1): {}",
                mebibytes(first),
                mebibytes(last),
                last as f64 / first as f64,
                if last as f64 <= 1.1 * first as f64 {
                    "flat"
                } else {
                    "GROWING"
                }
            ),
            None => println!("memory: too few samples after warm-up to judge"),
        }
    }
}
