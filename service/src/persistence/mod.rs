//! `--data-dir`: the emulator's state in an embedded SQLite database, so that it survives a
//! restart (or a `kill -9`). Reads are served from memory as always; the store's [`Journal`]
//! makes each write durable before its response is sent (see `store.rs`), and this module
//! loads the state back at start.
//!
//! [`Journal`]: crate::store::Journal

mod codec;
mod error;
mod sqlite;

use crate::clock::Clock;
use crate::state::Emulator;
use crate::store::Store;
use sqlite::SqliteJournal;
use std::path::Path;

pub use error::PersistenceError;
pub use sqlite::{DATABASE_FILE, SCHEMA_VERSION};

impl Emulator {
    /// An emulator whose state lives in `data_dir` (created if missing): what is there is loaded,
    /// and every write is durable before it is acknowledged.
    pub fn open(data_dir: &Path) -> Result<Self, PersistenceError> {
        let opened = SqliteJournal::open(data_dir)?;
        let clock = Clock::default();
        clock.advance_millis(opened.clock_offset_millis);
        Ok(Self {
            store: Store::journaled(opened.partitions, Box::new(opened.journal)),
            clock,
            ..Self::default()
        })
    }

    /// Whether this emulator keeps its state on disk.
    pub fn is_persistent(&self) -> bool {
        self.store.is_journaled()
    }
}
