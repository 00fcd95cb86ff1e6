//! The emulator binary as a child process, and a raw HTTP/1.1 client for it: what the
//! persistence tests need to kill a real process and start it again on the same directory.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

pub(crate) const BINARY: &str = env!("CARGO_BIN_EXE_secretsmanager-emulator");

/// How long the binary may take to start, or to exit when it should.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one request may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// A running emulator process; killed (SIGKILL) when dropped.
pub(crate) struct EmulatorProcess {
    child: Child,
    pub address: SocketAddr,
    output: Arc<Mutex<String>>,
}

impl EmulatorProcess {
    /// Starts the binary with `args` (plus `--port 0`) and waits for the address it logs.
    pub(crate) fn start(args: &[&str]) -> Self {
        let mut child = spawn(args, &["--log-level", "info"]);
        let output = Arc::new(Mutex::new(String::new()));
        let (address_tx, address_rx) = mpsc::channel();
        collect_lines(child.stdout.take().unwrap(), &output, Some(address_tx));
        collect_lines(child.stderr.take().unwrap(), &output, None);
        let address = match address_rx.recv_timeout(START_TIMEOUT) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                let status = child.wait();
                panic!(
                    "the emulator did not start ({status:?}):\n{}",
                    output.lock().unwrap()
                );
            }
        };
        Self {
            child,
            address,
            output,
        }
    }

    /// Starts the binary with a data directory.
    pub(crate) fn start_in(dir: &Path, more_args: &[&str]) -> Self {
        let dir = dir.to_str().expect("UTF-8 temporary path");
        let mut args = vec!["--data-dir", dir];
        args.extend_from_slice(more_args);
        Self::start(&args)
    }

    /// Kills the process with SIGKILL, as a crash or `kill -9` would, and waits for it to go.
    pub(crate) fn kill(mut self) {
        self.child.kill().expect("SIGKILL the emulator");
        self.child.wait().expect("reap the emulator");
    }

    /// What the process logged so far.
    pub(crate) fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    pub(crate) async fn connect(&self) -> Connection {
        Connection::open(self.address)
            .await
            .expect("connect to the emulator")
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the binary with `args` (plus `--port 0`) to its exit, which must come by itself (a
/// start-up refusal); returns how it ended and what it logged.
pub(crate) fn run_to_exit(args: &[&str]) -> (ExitStatus, String) {
    let mut child = spawn(args, &[]);
    let output = Arc::new(Mutex::new(String::new()));
    let readers = [
        collect_lines(child.stdout.take().unwrap(), &output, None),
        collect_lines(child.stderr.take().unwrap(), &output, None),
    ];
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the emulator") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the emulator kept running:\n{}", output.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    for reader in readers {
        reader.join().expect("output reader");
    }
    let output = output.lock().unwrap().clone();
    (status, output)
}

/// Starts the binary with `args`, `--port 0` and `more`, its output piped.
fn spawn(args: &[&str], more: &[&str]) -> Child {
    Command::new(BINARY)
        .args(args)
        .args(["--port", "0"])
        .args(more)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the emulator binary")
}

/// Copies `stream`'s lines into `output` on a thread (so the pipe never fills), sending the
/// address of the `listening on http://` line when asked to.
fn collect_lines(
    stream: impl Read + Send + 'static,
    output: &Arc<Mutex<String>>,
    address_tx: Option<mpsc::Sender<SocketAddr>>,
) -> std::thread::JoinHandle<()> {
    let output = Arc::clone(output);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(address) = line
                .split_once("listening on http://")
                .and_then(|(_, address)| address.trim().parse().ok())
                && let Some(tx) = &address_tx
            {
                let _ = tx.send(address);
            }
            let mut output = output.lock().unwrap();
            output.push_str(&line);
            output.push('\n');
        }
    })
}

/// A response: its status and JSON body.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The body of a successful response.
    #[track_caller]
    pub(crate) fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{:?}", self.body);
        self.body
    }
}

pub(crate) type CallError = Box<dyn std::error::Error + Send + Sync>;

/// One keep-alive HTTP/1.1 connection to the emulator.
pub(crate) struct Connection {
    sender: SendRequest<Full<Bytes>>,
    address: SocketAddr,
}

impl Connection {
    pub(crate) async fn open(address: SocketAddr) -> Result<Self, CallError> {
        let stream = tokio::net::TcpStream::connect(address).await?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Self { sender, address })
    }

    /// An AWS operation in us-east-1 of the default account.
    pub(crate) async fn call(&mut self, operation: &str, body: &Value) -> Result<Reply, CallError> {
        self.call_as("us-east-1", "test", operation, body).await
    }

    /// An AWS operation in `region`, for the account a 12-digit `access_key_id` names.
    pub(crate) async fn call_as(
        &mut self,
        region: &str,
        access_key_id: &str,
        operation: &str,
        body: &Value,
    ) -> Result<Reply, CallError> {
        let credential = format!("{access_key_id}/20260421/{region}/secretsmanager/aws4_request");
        let request = hyper::Request::post("/")
            .header("Host", self.address.to_string())
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", format!("secretsmanager.{operation}"))
            .header(
                "Authorization",
                format!(
                    "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=x"
                ),
            )
            .body(Full::new(Bytes::from(body.to_string())))?;
        self.send(request).await
    }

    /// A request to the admin API.
    pub(crate) async fn admin(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
    ) -> Result<Reply, CallError> {
        let request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("Host", self.address.to_string())
            .body(Full::new(Bytes::from(body.to_owned())))?;
        self.send(request).await
    }

    async fn send(&mut self, request: hyper::Request<Full<Bytes>>) -> Result<Reply, CallError> {
        let exchange = async {
            // The connection takes the next request only once the last response is done.
            self.sender.ready().await?;
            let response = self.sender.send_request(request).await?;
            let status = response.status().as_u16();
            let bytes = response.into_body().collect().await?.to_bytes();
            let body = if bytes.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&bytes)?
            };
            Ok(Reply { status, body })
        };
        tokio::time::timeout(CALL_TIMEOUT, exchange).await?
    }
}
