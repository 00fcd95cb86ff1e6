//! moto's server in a virtualenv of its own under `target/bench-venv`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `moto_server` program, installed first if it is not there yet.
pub(crate) fn install(target_dir: &Path) -> Result<PathBuf, String> {
    let venv = target_dir.join("bench-venv");
    let server = venv.join("bin").join("moto_server");
    if server.exists() {
        return Ok(server);
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    run(
        Command::new(&python).arg("--version"),
        &format!("{python} not found: install Python 3 (or set PYTHON) to compare with moto"),
    )?;
    eprintln!(
        "bench: creating {} and installing moto[server] (once, about a minute)",
        venv.display()
    );
    run(
        Command::new(&python).arg("-m").arg("venv").arg(&venv),
        "python3 -m venv failed (on Debian: apt-get install python3-venv)",
    )?;
    run(
        Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "moto[server]",
        ]),
        "pip install 'moto[server]' failed",
    )?;
    if server.exists() {
        Ok(server)
    } else {
        Err(format!(
            "moto installed but {} is missing",
            server.display()
        ))
    }
}

fn run(command: &mut Command, failure: &str) -> Result<(), String> {
    match command.stdin(Stdio::null()).stdout(Stdio::null()).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{failure} ({status})")),
        Err(error) => Err(format!("{failure} ({error})")),
    }
}
