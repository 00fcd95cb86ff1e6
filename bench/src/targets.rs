//! The three servers the benchmark compares, and how to start each one.

use crate::moto;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The emulator, built in release mode.
    Ours,
    /// The minimal axum server in `ceiling`: HTTP, JSON and a `HashMap`, nothing else.
    Ceiling,
    /// moto's server (Python).
    Moto,
}

pub(crate) struct Target {
    pub kind: Kind,
    program: PathBuf,
}

impl Target {
    /// Builds the emulator (`cargo build --release -p service`) and points at its binary.
    pub(crate) fn ours() -> Result<Self, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        eprintln!("bench: cargo build --release -p service");
        let status = Command::new(cargo)
            .args(["build", "--release", "-p", "service"])
            .current_dir(workspace_dir())
            .stdin(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        if !status.success() {
            return Err(format!("cargo build failed ({status})"));
        }
        let program = target_dir().join("release").join("secretsmanager-emulator");
        Self::ours_at(program).map_err(|missing| format!("{missing} after the build"))
    }

    /// The emulator binary at `program`, as built elsewhere.
    pub(crate) fn ours_at(program: PathBuf) -> Result<Self, String> {
        if program.is_file() {
            Ok(Self {
                kind: Kind::Ours,
                program,
            })
        } else {
            Err(format!("{} is missing", program.display()))
        }
    }

    /// This very program, run again with `--serve-ceiling`.
    pub(crate) fn ceiling() -> Result<Self, String> {
        let program = std::env::current_exe().map_err(|error| error.to_string())?;
        Ok(Self {
            kind: Kind::Ceiling,
            program,
        })
    }

    /// moto's server, installed into `target/bench-venv` on first use.
    pub(crate) fn moto() -> Result<Self, String> {
        let program = moto::install(&target_dir())?;
        Ok(Self {
            kind: Kind::Moto,
            program,
        })
    }

    pub(crate) fn name(&self) -> &'static str {
        match self.kind {
            Kind::Ours => "ours",
            Kind::Ceiling => "ceiling",
            Kind::Moto => "moto",
        }
    }

    /// The command that serves on `address`.
    pub(crate) fn command(&self, address: SocketAddr) -> Command {
        let port = address.port().to_string();
        let host = address.ip().to_string();
        let mut command = Command::new(&self.program);
        match self.kind {
            Kind::Ours => command.args(["--host", &host, "--port", &port]),
            Kind::Ceiling => command.args(["--serve-ceiling", &port]),
            Kind::Moto => command.args(["-H", &host, "-p", &port]),
        };
        command
    }

    /// How long a start may take before the bench gives up: Python imports take seconds.
    pub(crate) fn start_timeout(&self) -> Duration {
        match self.kind {
            Kind::Moto => Duration::from_secs(60),
            Kind::Ours | Kind::Ceiling => Duration::from_secs(10),
        }
    }
}

/// The workspace root: the parent of this crate.
fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target directory, where the release binary and moto's virtualenv go.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_dir().join(dir),
        None => workspace_dir().join("target"),
    }
}
