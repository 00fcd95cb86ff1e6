//! The container image built from the repository's Dockerfile and run with Podman, for the tests
//! that drive it (`container_image.rs`, `localstack_testcontainers.rs`).
//!
//! What this does not cover: the Dockerfile's default stage, `from-source`, whose binary is
//! compiled inside `docker.io/library/rust` and so needs a registry, which these machines cannot
//! reach. The image is built with `--target from-host` instead: the same `runtime` stage (user,
//! environment, HEALTHCHECK, entrypoint) with the binary `cargo build` makes here with the same
//! flags (statically linked, x86_64-unknown-linux-gnu).

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use crate::common::required_program;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The static binary's place under the workspace; the Dockerfile's `host` stage copies it.
const STATIC_TARGET_DIR: &str = "target/static";
/// How long a container may take to print `Ready.`.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_owned()
}

/// Podman with this machine's settings: runc as the runtime and no default ulimits (crun and
/// setrlimit fail here), from a containers.conf of its own (`CONTAINERS_CONF`).
pub(crate) struct Podman {
    program: PathBuf,
    conf_dir: tempfile::TempDir,
}

impl Podman {
    pub(crate) fn new() -> Self {
        let program = required_program("podman");
        required_program("runc");
        let conf_dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(
            conf_dir.path().join("containers.conf"),
            "[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n",
        )
        .expect("write containers.conf");
        Self { program, conf_dir }
    }

    pub(crate) fn conf_path(&self) -> PathBuf {
        self.conf_dir.path().join("containers.conf")
    }

    /// `podman ARGS` with this configuration, without checking how it ended.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.program);
        command.env("CONTAINERS_CONF", self.conf_path()).args(args);
        command
    }

    pub(crate) fn try_run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run podman")
    }

    /// `podman ARGS`, which must succeed; its standard output, trimmed.
    #[track_caller]
    pub(crate) fn run(&self, args: &[&str]) -> String {
        let output = self.try_run(args);
        assert!(
            output.status.success(),
            "podman {args:?} failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Builds the static binary (a no-op when `.ci/run` already did) and the image from the
    /// repository's Dockerfile, tagged `tag`; removed again when the returned guard drops.
    pub(crate) fn build_image(&self, tag: &str) -> Image<'_> {
        build_static_binary();
        self.run(&[
            "build",
            "--layers=false", // no intermediate images left behind
            "--format",
            "docker", // OCI images drop the HEALTHCHECK
            "--target",
            "from-host",
            "--tag",
            tag,
            workspace_root().to_str().expect("UTF-8 workspace path"),
        ]);
        Image {
            podman: self,
            tag: tag.to_owned(),
        }
    }

    /// A new named volume, removed when the guard drops.
    pub(crate) fn volume(&self, name: &str) -> Volume<'_> {
        self.run(&["volume", "create", name]);
        Volume {
            podman: self,
            name: name.to_owned(),
        }
    }

    /// `podman run -d --runtime runc ARGS`: a started container, removed when the guard drops.
    pub(crate) fn start(&self, args: &[&str]) -> Container<'_> {
        let mut all = vec!["run", "--detach", "--runtime", "runc"];
        all.extend_from_slice(args);
        let id = self.run(&all);
        Container { podman: self, id }
    }
}

/// The statically linked release binary the image takes, built as the Dockerfile builds it.
pub(crate) fn build_static_binary() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .env("RUSTFLAGS", "-C target-feature=+crt-static")
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "service",
            "--target",
            "x86_64-unknown-linux-gnu",
            "--target-dir",
            STATIC_TARGET_DIR,
        ])
        .status()
        .expect("run cargo build");
    assert!(status.success(), "the static build failed: {status}");
}

pub(crate) struct Image<'a> {
    podman: &'a Podman,
    pub tag: String,
}

impl Image<'_> {
    /// `podman image inspect --format FORMAT`.
    pub(crate) fn inspect(&self, format: &str) -> String {
        self.podman
            .run(&["image", "inspect", "--format", format, &self.tag])
    }
}

impl Drop for Image<'_> {
    fn drop(&mut self) {
        let _ = self.podman.try_run(&["rmi", "--force", &self.tag]);
    }
}

pub(crate) struct Container<'a> {
    podman: &'a Podman,
    pub id: String,
}

impl Container<'_> {
    pub(crate) fn logs(&self) -> String {
        let output = self.podman.try_run(&["logs", &self.id]);
        let mut logs = String::from_utf8_lossy(&output.stdout).into_owned();
        logs.push_str(&String::from_utf8_lossy(&output.stderr));
        logs
    }

    /// Waits for the `Ready.` line (polling the logs, up to a deadline) and says how long it took.
    #[track_caller]
    pub(crate) fn wait_until_ready(&self) -> Duration {
        let start = Instant::now();
        loop {
            let logs = self.logs();
            if logs.lines().any(|line| line == "Ready.") {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < READY_TIMEOUT,
                "no `Ready.` within {READY_TIMEOUT:?}:\n{logs}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The host address a container port is published on.
    pub(crate) fn published(&self, port: u16) -> std::net::SocketAddr {
        let mapping = self.podman.run(&["port", &self.id, &format!("{port}/tcp")]);
        let first = mapping.lines().next().unwrap_or_default();
        first
            .replace("0.0.0.0", "127.0.0.1")
            .parse()
            .unwrap_or_else(|_| panic!("unexpected `podman port` answer {mapping:?}"))
    }

    /// `podman inspect --format FORMAT` of the container.
    pub(crate) fn inspect(&self, format: &str) -> String {
        self.podman.run(&["inspect", "--format", format, &self.id])
    }
}

impl Drop for Container<'_> {
    fn drop(&mut self) {
        let _ = self
            .podman
            .try_run(&["rm", "--force", "--time", "0", &self.id]);
    }
}

pub(crate) struct Volume<'a> {
    podman: &'a Podman,
    pub name: String,
}

impl Drop for Volume<'_> {
    fn drop(&mut self) {
        let _ = self
            .podman
            .try_run(&["volume", "rm", "--force", &self.name]);
    }
}

/// A name no other test run uses at the same time (images, volumes).
pub(crate) fn unique_name(prefix: &str) -> String {
    format!("{prefix}-{}", std::process::id())
}
