//! The web console at `/_emulator/console/`: a page and a little hand-written JavaScript that
//! look inside the emulator and change it. Every change is a call of an AWS operation through
//! the generated dispatch (the same decoding, validation and handler as `POST /`); the console
//! adds only reads the AWS API lacks (partitions, label history) and the admin clock and reset.
//!
//! It shows secret values on purpose, so [`guard`] keeps other web sites out of it.

mod api;
mod assets;
mod guard;

use crate::state::Emulator;
use axum::Router;
use std::sync::Arc;

/// Where the console is served; the startup log prints it.
pub const PATH: &str = "/_emulator/console/";

/// Who may reach the console.
#[derive(Clone, Debug)]
pub struct ConsoleOptions {
    /// Host names (without port) a request's `Host` header may carry: loopback names and the
    /// address the server listens on. Anything else is a DNS-rebinding attempt.
    pub allowed_hosts: Vec<String>,
}

impl ConsoleOptions {
    /// The console of a server listening on `listen_host` (the `--host` flag).
    pub fn for_listen_host(listen_host: &str) -> Self {
        let mut allowed_hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(str::to_owned)
            .to_vec();
        let listen_host = if listen_host.contains(':') && !listen_host.starts_with('[') {
            format!("[{listen_host}]")
        } else {
            listen_host.to_owned()
        };
        // 0.0.0.0 is not an address anyone browses to: it adds nothing.
        if !allowed_hosts.contains(&listen_host)
            && listen_host != "0.0.0.0"
            && listen_host != "[::]"
        {
            allowed_hosts.push(listen_host);
        }
        Self { allowed_hosts }
    }
}

/// Whether the console is served: on unless `--no-console`; under `--verify-signatures` (where
/// the API is meant to be locked) only when `--console` asks for it.
pub fn enabled(no_console: bool, console: bool, verify_signatures: bool) -> bool {
    !no_console && (console || !verify_signatures)
}

/// The console's routes, for merging into the server's router.
pub fn routes(emulator: Arc<Emulator>, options: ConsoleOptions) -> Router {
    assets::routes()
        .merge(api::routes(emulator))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(options),
            guard::guard,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_with_no_console_and_under_signatures_unless_asked() {
        assert!(enabled(false, false, false));
        assert!(!enabled(true, false, false));
        assert!(!enabled(false, false, true));
        assert!(enabled(false, true, true));
        assert!(!enabled(true, true, true));
    }

    #[test]
    fn allows_loopback_names_and_the_listen_address() {
        assert_eq!(
            ConsoleOptions::for_listen_host("0.0.0.0")
                .allowed_hosts
                .len(),
            3
        );
        let options = ConsoleOptions::for_listen_host("192.168.1.5");
        assert!(options.allowed_hosts.contains(&"192.168.1.5".to_owned()));
        let options = ConsoleOptions::for_listen_host("::1");
        assert_eq!(options.allowed_hosts.len(), 3);
    }
}
