//! `secretsmanager-emulator`: serves the emulator on 127.0.0.1:4566 until SIGINT or SIGTERM.

use clap::Parser;
use runtime::sigv4::Credentials;
use service::agent::AgentOptions;
use service::drop_in::DropInOptions;
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
    /// `service=debug`). Secret values are never logged at any level. Default: LocalStack's
    /// LS_LOG or DEBUG=1 when set, else info.
    #[arg(long, env = "EMULATOR_LOG_LEVEL")]
    log_level: Option<String>,

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

    /// Session token of temporary credentials: with it, requests under --verify-signatures must
    /// carry exactly this X-Amz-Security-Token. Without it, any (signed) token is accepted.
    #[arg(long, env = "EMULATOR_SESSION_TOKEN", hide_env_values = true)]
    session_token: Option<String>,

    /// Keep the state in a SQLite database in this directory (created if missing), so that it
    /// survives restarts: every acknowledged write is on disk. Without it, state is in memory.
    #[arg(long, env = "EMULATOR_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Create the secrets of this JSON or YAML file (.json, .yaml or .yml) at start. Names that
    /// already exist (kept in --data-dir) are skipped.
    #[arg(long, env = "EMULATOR_SEED", value_name = "FILE")]
    seed: Option<PathBuf>,

    /// Load every seed file (.json, .yaml, .yml) of this directory at start, in name order,
    /// before `Ready.` is printed (the container image uses LocalStack's init/ready.d).
    #[arg(long, env = "EMULATOR_INIT_DIR", value_name = "DIR")]
    init_dir: Option<PathBuf>,

    /// LocalStack's `[HOST]:PORT` listen address; when set it replaces --host and --port.
    #[arg(long, env = "GATEWAY_LISTEN", value_name = "[HOST]:PORT")]
    gateway_listen: Option<String>,

    /// Also serve the Secrets Manager Agent endpoint on this port (the agent's own is 2773);
    /// it is always served on the main port too.
    #[arg(long, env = "EMULATOR_AGENT_PORT", value_name = "PORT")]
    agent_port: Option<u16>,

    /// The token the agent endpoint requires in X-Aws-Parameters-Secrets-Token (default: any
    /// non-empty token).
    #[arg(long, env = "EMULATOR_AGENT_TOKEN", hide_env_values = true)]
    agent_token: Option<String>,

    /// The region agent requests read from unless the secret id is an ARN (default: AWS_REGION,
    /// AWS_DEFAULT_REGION, else us-east-1).
    #[arg(long, env = "EMULATOR_AGENT_REGION")]
    agent_region: Option<String>,

    /// Base URL of a Lambda Invoke API (e.g. `sam local start-lambda`'s http://127.0.0.1:3001):
    /// rotations then invoke the secret's RotationLambdaARN function for AWS's four steps.
    /// Without it, a rotation makes the new value itself.
    #[arg(long, env = "EMULATOR_LAMBDA_ENDPOINT", value_name = "URL")]
    lambda_endpoint: Option<String>,

    /// Invoke function NAME at this full URL instead (repeatable; in the variable, separated by
    /// commas), e.g. the runtime interface emulator's
    /// http://127.0.0.1:9000/2015-03-31/functions/function/invocations.
    #[arg(
        long,
        env = "EMULATOR_LAMBDA_FUNCTIONS",
        value_name = "NAME=INVOKE_URL",
        value_delimiter = ','
    )]
    lambda_function: Vec<String>,

    /// Seconds a rotation function may take for one step before the rotation fails.
    #[arg(long, env = "EMULATOR_LAMBDA_TIMEOUT", value_name = "SECONDS", default_value_t = service::lambda::DEFAULT_TIMEOUT.as_secs_f64())]
    lambda_timeout: f64,

    /// Do not serve the web console (/_emulator/console/).
    #[arg(long, env = "EMULATOR_NO_CONSOLE")]
    no_console: bool,

    /// Serve the web console even under --verify-signatures (where it is off by default).
    #[arg(long, env = "EMULATOR_CONSOLE")]
    console: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Exit 0 when the emulator at --host/--port answers its health check (for container
    /// HEALTHCHECKs: the image has no curl).
    Healthcheck,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let Some((host, port)) = listen_address(&args) else {
        eprintln!("GATEWAY_LISTEN must be [HOST]:PORT");
        return ExitCode::from(2);
    };
    if let Some(Command::Healthcheck) = args.command {
        return match service::healthcheck::check(&host, port) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("unhealthy: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let log_level = (args.log_level.clone())
        .or_else(service::localstack::log_level_from_environment)
        .unwrap_or_else(|| "info".to_owned());
    let filter = match EnvFilter::try_new(&log_level) {
        Ok(filter) => filter,
        Err(error) => {
            eprintln!("invalid --log-level {log_level:?}: {error}");
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
    let init_files = match &args.init_dir {
        Some(dir) => match service::init_dir::load_init_dir(&emulator, dir) {
            Ok(files) => files,
            Err(error) => {
                tracing::error!("cannot load --init-dir: {error}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
    let address = format!("{host}:{port}");
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let local: SocketAddr = listener
        .local_addr()
        .unwrap_or_else(|_| ([127, 0, 0, 1], port).into());
    tracing::info!("Secrets Manager emulator listening on http://{local}");
    let drop_in = DropInOptions {
        agent: AgentOptions {
            token: args.agent_token.clone(),
            region: (args.agent_region.clone())
                .or_else(service::agent::sdk_region_from_environment),
        },
        init_files,
    };
    if let Some(agent_port) = args.agent_port {
        let address = format!("{host}:{agent_port}");
        let agent = drop_in.agent.clone();
        if let Err(error) =
            service::agent::spawn_listener(&address, Arc::clone(&emulator), agent).await
        {
            tracing::error!("cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    }
    // What LocalStack prints, and Testcontainers and scripts wait for: the listeners are bound.
    println!("Ready.");
    let options = ServerOptions {
        verify_signatures: args.verify_signatures.then(|| {
            let pair =
                Credentials::new([(args.access_key_id.clone(), args.secret_access_key.clone())]);
            match &args.session_token {
                Some(token) => pair.with_session_token(args.access_key_id.clone(), token.clone()),
                None => pair,
            }
        }),
        drop_in,
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
    if args.lambda_endpoint.is_none() && args.lambda_function.is_empty() {
        return Some(Arc::new(emulator));
    }
    let timeout = std::time::Duration::try_from_secs_f64(args.lambda_timeout)
        .map_err(|_| format!("--lambda-timeout {}: not a duration", args.lambda_timeout));
    match timeout.and_then(|timeout| {
        service::lambda::LambdaConfig::new(
            args.lambda_endpoint.clone(),
            &args.lambda_function,
            timeout,
        )
    }) {
        Ok(config) => Some(Arc::new(emulator.with_lambda(config))),
        Err(error) => {
            tracing::error!("{error}");
            None
        }
    }
}

/// Where to listen: LocalStack's GATEWAY_LISTEN when set, else --host and --port. `None` when
/// GATEWAY_LISTEN is malformed.
fn listen_address(args: &Args) -> Option<(String, u16)> {
    match &args.gateway_listen {
        Some(value) => service::localstack::gateway_listen(value),
        None => Some((args.host.clone(), args.port)),
    }
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
