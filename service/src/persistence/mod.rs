//! `--data-dir`: the emulator's state in an embedded SQLite database, so that it survives a
//! restart (or a `kill -9`). Reads are served from memory as always; the store's [`Journal`]
//! makes each write durable before its response is sent (see `store.rs`), and this module
//! loads the state back at start.
//!
//! [`Journal`]: crate::store::Journal

mod codec;
mod sqlite;

use crate::clock::Clock;
use crate::state::Emulator;
use crate::store::Store;
use sqlite::SqliteJournal;
use std::path::{Path, PathBuf};

pub use sqlite::{DATABASE_FILE, SCHEMA_VERSION};

/// Why the state on disk cannot be opened, loaded or written. Every message says what happened
/// to the file: a damaged or foreign file is left exactly as it was.
#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDirectory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a readable SQLite database ({source}); it was left untouched. Move it \
         away (or restore a backup) and start again"
    )]
    Unreadable {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} is damaged: {detail}; it was left untouched. Move it away (or restore a backup) \
         and start again"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path} has schema version {found}, newer than version {supported} that this emulator \
         understands; it was left untouched. Use a newer emulator, or another --data-dir"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is not an emulator database ({detail}); it was left untouched. Point --data-dir \
         at another directory"
    )]
    Foreign { path: PathBuf, detail: String },
    #[error(
        "{path} is in use by another process (is another emulator running with this \
         --data-dir?)"
    )]
    Locked { path: PathBuf },
    #[error(
        "{path}: the stored secret {name:?} of account {account_id} in {region} cannot be read \
         ({source}); the file was left untouched. Move it away (or restore a backup) and start \
         again"
    )]
    BadRecord {
        path: PathBuf,
        account_id: String,
        region: String,
        name: String,
        source: codec::DecodeError,
    },
    #[error("cannot {action} {path}: {source}")]
    Database {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },
}

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
