//! Testcontainers' own LocalStack module (testcontainers-python, from PyPI) starts the
//! emulator's image unmodified, waits for it as it waits for LocalStack, and the boto3 client it
//! makes works. Testcontainers talks to Podman's Docker-compatible API (`podman system
//! service`); its reaper is disabled, since its image cannot be pulled here, and it is told to
//! reach containers on the Docker host, since these test machines are containers themselves.

mod common;
mod podman;

use podman::{Podman, unique_name};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `podman system service` on a socket of its own; stopped when dropped.
struct ApiService {
    child: Child,
}

impl ApiService {
    fn start(podman: &Podman, socket: &Path) -> Self {
        let child = podman
            .command(&[
                "system",
                "service",
                "--time",
                "0",
                &format!("unix://{}", socket.display()),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start podman system service");
        let service = Self { child };
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "podman system service made no socket"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        service
    }
}

impl Drop for ApiService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn testcontainers_localstack_module_starts_the_image_and_its_boto3_client_works() {
    let python = common::test_python();
    let podman = Podman::new();
    let image = podman.build_image(&format!(
        "localhost/{}:testcontainers",
        unique_name("secretsmanager-emulator")
    ));
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let socket = scratch.path().join("podman.sock");
    let _service = ApiService::start(&podman, &socket);

    let script = podman::workspace_root().join("tests/python/testcontainers_localstack.py");
    let output = Command::new(python)
        .arg(script)
        .arg(&image.tag)
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .env("TESTCONTAINERS_RYUK_DISABLED", "true")
        // The test machine may itself be a container: reach published ports on the host.
        .env("TESTCONTAINERS_CONNECTION_MODE", "docker_host")
        .env("CONTAINERS_CONF", podman.conf_path())
        .output()
        .expect("run the Testcontainers script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the Testcontainers script failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(stdout.trim()).expect("the script's JSON report");
    assert_eq!(report["health"]["services"]["secretsmanager"], "running");
    assert!(
        report["arn"]
            .as_str()
            .is_some_and(|arn| arn.contains(":secret:tc/db-")),
        "{report}"
    );
}
