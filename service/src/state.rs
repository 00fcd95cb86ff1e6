//! The emulator's state: the store of secrets, the clock, and where rotation functions are
//! invoked. Operations, persistence, the admin API and the background tasks all work on it; the
//! handler trait that routes requests to the operations is implemented in `emulator.rs`.

use crate::clock::Clock;
use crate::lambda::LambdaConfig;
use crate::store::Store;
use std::sync::Arc;

/// The emulator: every secret of every account and region, its movable clock, and where
/// rotation functions are invoked. [`Emulator::new`] keeps everything in memory;
/// `Emulator::open` (in `persistence`) keeps it in a `--data-dir`.
#[derive(Debug, Default)]
pub struct Emulator {
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    /// Where rotation functions are invoked; `None`: rotations make the new value themselves.
    pub(crate) lambda: Option<Arc<LambdaConfig>>,
    /// Held by whoever performs due rotations, so that a round waits for one already running.
    pub(crate) due_rotations: tokio::sync::Mutex<()>,
}

impl Emulator {
    /// An empty in-memory emulator on the real clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// This emulator, rotating through the rotation functions `config` locates.
    pub fn with_lambda(mut self, config: LambdaConfig) -> Self {
        self.lambda = Some(Arc::new(config));
        self
    }

    /// The emulator's clock, which tests move forward instead of sleeping.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
}
