//! `secretsmanager-emulator`: serves the emulator on 127.0.0.1:4566 until SIGINT or SIGTERM.

use clap::Parser;
use runtime::sigv4::Credentials;
use service::{Emulator, ServerOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// A local AWS Secrets Manager for SDK tests and CI.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on. Only this machine can connect unless you choose otherwise.
    #[arg(long, env = "EMULATOR_HOST", default_value = "127.0.0.1")]
    host: String,

    /// Port to listen on.
    #[arg(long, env = "EMULATOR_PORT", default_value_t = 4566)]
    port: u16,

    /// Log filter: error, warn, info, debug or trace (or a tracing directive such as
    /// `service=debug`). Secret values are never logged at any level.
    #[arg(long, env = "EMULATOR_LOG_LEVEL", default_value = "info")]
    log_level: String,

    /// Refuse requests whose SigV4 signature was not made with the key pair below (off by
    /// default: any credentials work).
    #[arg(long, env = "EMULATOR_VERIFY_SIGNATURES")]
    verify_signatures: bool,

    /// Access key id accepted under --verify-signatures.
    #[arg(long, env = "EMULATOR_ACCESS_KEY_ID", default_value = "test")]
    access_key_id: String,

    /// Secret access key accepted under --verify-signatures.
    #[arg(
        long,
        env = "EMULATOR_SECRET_ACCESS_KEY",
        default_value = "test",
        hide_env_values = true
    )]
    secret_access_key: String,

    /// Keep the state in a SQLite database in this directory (created if missing), so that it
    /// survives restarts: every acknowledged write is on disk. Without it, state is in memory.
    #[arg(long, env = "EMULATOR_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Create the secrets of this JSON or YAML file (.json, .yaml or .yml) at start. Names that
    /// already exist (kept in --data-dir) are skipped.
    #[arg(long, env = "EMULATOR_SEED", value_name = "FILE")]
    seed: Option<PathBuf>,

    /// Do not serve the web console (/_emulator/console/).
    #[arg(long, env = "EMULATOR_NO_CONSOLE")]
    no_console: bool,

    /// Serve the web console even under --verify-signatures (where it is off by default).
    #[arg(long, env = "EMULATOR_CONSOLE")]
    console: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let filter = match EnvFilter::try_new(&args.log_level) {
        Ok(filter) => filter,
        Err(error) => {
            eprintln!("invalid --log-level {:?}: {error}", args.log_level);
            return ExitCode::from(2);
        }
    };
    // Colours only on a terminal: CI logs and files get plain text.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(colour)
        .init();

    let Some(emulator) = prepare_emulator(&args) else {
        return ExitCode::FAILURE;
    };
    let address = format!("{}:{}", args.host, args.port);
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let local: SocketAddr = listener
        .local_addr()
        .unwrap_or_else(|_| ([127, 0, 0, 1], args.port).into());
    tracing::info!("Secrets Manager emulator listening on http://{local}");
    let options = ServerOptions {
        verify_signatures: args.verify_signatures.then(|| {
            Credentials::new([(args.access_key_id.clone(), args.secret_access_key.clone())])
        }),
    };
    let mut app = service::app_with(Arc::clone(&emulator), &options);
    if service::console::enabled(args.no_console, args.console, args.verify_signatures) {
        let console = service::console::ConsoleOptions::for_listen_host(&args.host);
        app = app.merge(service::console::routes(Arc::clone(&emulator), console));
        tracing::info!("web console on http://{local}{}", service::console::PATH);
    }
    match service::serve_app(listener, app, emulator, shutdown_signal()).await {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!("server failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The emulator the flags ask for: in memory or opened from --data-dir, then seeded. `None`
/// (after logging why) when it cannot start.
fn prepare_emulator(args: &Args) -> Option<Arc<Emulator>> {
    let emulator = match &args.data_dir {
        None => Emulator::new(),
        Some(dir) => match Emulator::open(dir) {
            Ok(emulator) => {
                tracing::info!("state kept in {}", dir.display());
                emulator
            }
            Err(error) => {
                tracing::error!("cannot use --data-dir: {error}");
                return None;
            }
        },
    };
    if let Some(file) = &args.seed {
        match service::seed::seed_from_file(&emulator, file) {
            Ok(report) => tracing::info!(
                created = report.created,
                skipped = report.skipped,
                "seeded from {}",
                file.display()
            ),
            Err(error) => {
                tracing::error!("cannot seed: {error}");
                return None;
            }
        }
    }
    Some(Arc::new(emulator))
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
