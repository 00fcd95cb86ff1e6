//! A headless Chromium driven over WebDriver (the W3C protocol, JSON over HTTP to chromedriver),
//! with just the commands the console tests use. Both programs are Debian's `chromium` and
//! `chromium-driver`; a missing one fails the test.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

use crate::common::required_program;

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a condition may take to become true before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

pub(crate) struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: TempDir,
}

/// A fresh profile directory, removed afterwards.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile and a laptop-sized window.
    pub(crate) async fn start() -> Self {
        let chromium = required_program("chromium");
        let chromedriver = required_program("chromedriver");
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = std::env::temp_dir().join(format!(
            "console-test-profile-{}-{port}",
            std::process::id()
        ));
        let mut browser = Self {
            driver,
            port,
            session: String::new(),
            _profile: TempDir(profile.clone()),
        };
        browser
            .wait_for("chromedriver to answer", async |b| {
                b.request("GET", "/status", None).await.is_some()
            })
            .await;
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let answer = browser
            .request("POST", "/session", Some(capabilities))
            .await
            .expect("chromedriver answers");
        browser.session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        browser
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.command("POST", "url", json!({ "url": url })).await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and gives its result.
    pub(crate) async fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "execute/sync",
            json!({ "script": script, "args": args }),
        )
        .await
    }

    /// The first element matching `css`, waiting for one to appear.
    pub(crate) async fn find(&self, css: &str) -> Element<'_> {
        let mut found = None;
        self.wait_for(&format!("an element matching {css}"), async |b| {
            let answer = b
                .request(
                    "POST",
                    &b.path("element"),
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            found = answer.and_then(|a| a["value"][ELEMENT].as_str().map(str::to_owned));
            found.is_some()
        })
        .await;
        Element {
            browser: self,
            id: found.expect("found"),
        }
    }

    /// The text of the first element matching `css` (waiting for it).
    pub(crate) async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await
    }

    /// Waits until the text of the element matching `css` contains `needle`.
    pub(crate) async fn wait_for_text(&self, css: &str, needle: &str) {
        self.wait_for(&format!("{css} to contain {needle:?}"), async |b| {
            let text = b
                .run(
                    "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
                    json!([css]),
                )
                .await;
            text.as_str().unwrap_or_default().contains(needle)
        })
        .await;
    }

    /// Waits until `script` returns true in the page.
    pub(crate) async fn wait_until(&self, what: &str, script: &str, args: Value) {
        self.wait_for(what, async |b| {
            b.run(script, args.clone()).await == Value::Bool(true)
        })
        .await;
    }

    pub(crate) async fn screenshot(&self, path: &std::path::Path) {
        let png = self.command("GET", "screenshot", Value::Null).await;
        let bytes = aws_smithy_types::base64::decode(png.as_str().expect("base64 PNG"))
            .expect("valid base64");
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("screenshot dir");
        std::fs::write(path, bytes).expect("write screenshot");
    }

    pub(crate) async fn set_window(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "window/rect",
            json!({"width": width, "height": height}),
        )
        .await;
    }

    /// Polls `condition` until it holds, failing the test after [`PATIENCE`].
    async fn wait_for(&self, what: &str, mut condition: impl AsyncFnMut(&Self) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !condition(self).await {
            if Instant::now() > deadline {
                let status = self
                    .run("const s = document.getElementById('status'); return s ? s.textContent : document.body.innerText.slice(0, 500);", json!([]))
                    .await;
                panic!("timed out waiting for {what}; page says {status}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn path(&self, command: &str) -> String {
        format!("/session/{}/{command}", self.session)
    }

    async fn command(&self, method: &str, command: &str, body: Value) -> Value {
        let body = (method == "POST").then_some(body);
        let answer = self
            .request(method, &self.path(command), body)
            .await
            .unwrap_or_else(|| panic!("chromedriver did not answer {command}"));
        if answer["value"]["error"].is_string() {
            panic!("WebDriver {command} failed: {}", answer["value"]);
        }
        answer["value"].clone()
    }

    /// One WebDriver call; `None` when chromedriver cannot be reached (yet).
    async fn request(&self, method: &str, path: &str, body: Option<Value>) -> Option<Value> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).await.ok()?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .ok()?;
        tokio::spawn(connection);
        let body = body.map(|body| body.to_string()).unwrap_or_default();
        let request = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("Host", format!("127.0.0.1:{}", self.port))
            .header("Content-Type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .expect("valid request");
        let response = sender.send_request(request).await.ok()?;
        let bytes = response.into_body().collect().await.ok()?.to_bytes();
        serde_json::from_slice(&bytes).ok()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; then chromedriver goes too.
        let port = self.port;
        let session = self.session.clone();
        let _ = std::thread::spawn(move || {
            let _ = std::net::TcpStream::connect(("127.0.0.1", port)).and_then(|mut stream| {
                use std::io::{Read, Write};
                write!(
                    stream,
                    "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                )?;
                // chromedriver answers once Chromium has quit, and may keep the connection.
                stream.set_read_timeout(Some(std::time::Duration::from_secs(15)))?;
                let mut answer = Vec::new();
                let mut chunk = [0; 4096];
                while !(answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}")) {
                    match stream.read(&mut chunk)? {
                        0 => break,
                        n => answer.extend_from_slice(&chunk[..n]),
                    }
                }
                Ok(())
            });
        })
        .join();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub(crate) struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    pub(crate) async fn click(&self) {
        self.browser
            .command("POST", &format!("element/{}/click", self.id), json!({}))
            .await;
    }

    /// Replaces the field's content with `text`.
    pub(crate) async fn fill(&self, text: &str) {
        self.browser
            .command("POST", &format!("element/{}/clear", self.id), json!({}))
            .await;
        self.browser
            .command(
                "POST",
                &format!("element/{}/value", self.id),
                json!({ "text": text }),
            )
            .await;
    }

    pub(crate) async fn text(&self) -> String {
        self.browser
            .command("GET", &format!("element/{}/text", self.id), Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}
