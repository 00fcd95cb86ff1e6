//! Why the state on disk cannot be opened, loaded or written.

use super::codec::DecodeError;
use std::path::PathBuf;

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
        source: DecodeError,
    },
    #[error("cannot {action} {path}: {source}")]
    Database {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },
}
