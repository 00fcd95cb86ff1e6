//! The web console at `/_emulator/console/`: a page and a little hand-written JavaScript that
//! look inside the emulator and change it. Every change is a call of an AWS operation through
//! the generated dispatch (the same decoding, validation and handler as `POST /`); the console
//! adds only reads the AWS API lacks (partitions, label history) and the admin clock and reset.
//!
//! It shows secret values on purpose, so `guard.rs` keeps other web sites out of it.

mod api;
mod assets;
mod guard;

use crate::state::Emulator;
pub use assets::PATH;
use axum::Router;
pub use guard::ConsoleOptions;
use std::sync::Arc;

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
