//! The performance benchmark of DESIGN.md section 4, run with
//! `cargo run --release -p bench --bin bench` (see `docs/BENCHMARK.md`). The crate's other binary,
//! `soak` (`src/bin/soak.rs`), is the soak test of `docs/ROBUSTNESS.md`.
//!
//! Three servers are measured in one run, one after the other and in the same way: the emulator
//! (built in release mode), a minimal axum server answering from a `HashMap` (the ceiling: what
//! HTTP and JSON alone cost) and moto's server. Each is a separate process on a free loopback
//! port, so its memory and start-up can be read from outside. Figures are compared as ratios taken
//! in the same run, because the machines are shared and noisy.

pub mod ceiling;
mod connection;
mod cpu;
mod format;
mod latency;
mod load;
mod memory;
mod moto;
mod options;
mod plan;
mod ratios;
mod report;
mod results;
mod server_process;
mod suite;
mod targets;
mod verdicts;
mod wire;
mod workloads;

pub use options::Options;

use plan::Plan;
use std::process::ExitCode;
use targets::Target;

/// Runs the whole benchmark and prints the table on stdout (progress goes to stderr).
pub fn run(options: &Options) -> ExitCode {
    let plan = if options.quick {
        Plan::quick()
    } else {
        Plan::full()
    };
    let ours = match &options.emulator {
        Some(program) => Target::ours_at(program.clone()),
        None => Target::ours(),
    };
    let ours = match ours {
        Ok(target) => target,
        Err(error) => {
            eprintln!("bench: cannot build the emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let ceiling = match Target::ceiling() {
        Ok(target) => target,
        Err(error) => {
            eprintln!("bench: cannot start the ceiling server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let moto = if options.skip_moto {
        Err("skipped (--skip-moto)".to_owned())
    } else {
        Target::moto()
    };
    if let Err(reason) = &moto {
        eprintln!("bench: moto left out: {reason}");
    }

    // One thread for the load generator: on a 2-core machine it leaves the other core to the
    // server under test, the same for every server, so the ratios stay fair.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("bench: cannot start the tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut targets = vec![&ours, &ceiling];
    if let Ok(moto) = &moto {
        targets.push(moto);
    }
    let mut results = runtime
        .block_on(suite::measure(&targets, &plan))
        .into_iter();
    let (Some(ours), Some(ceiling)) = (results.next(), results.next()) else {
        eprintln!("bench: no results");
        return ExitCode::FAILURE;
    };
    let moto = match (results.next(), moto) {
        (Some(results), Ok(_)) => Ok(results),
        (_, Err(reason)) => Err(reason),
        (None, Ok(_)) => Err("not measured".to_owned()),
    };
    report::print(&plan, &ours, &ceiling, moto.as_ref());
    ExitCode::SUCCESS
}
