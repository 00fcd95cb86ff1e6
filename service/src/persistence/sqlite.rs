//! The SQLite file behind `--data-dir`: one row per secret (its JSON document, see `codec.rs`)
//! and a small table of settings (the clock's offset).
//!
//! Durability: WAL journal with `synchronous=FULL`, so a committed transaction has reached the
//! disk (fsync of the WAL) before `commit` returns. Exclusive locking mode keeps the file to one
//! process: a second emulator on the same directory is refused at start.
//!
//! Nothing is written to a file before it is known to be ours, of a schema we understand, and
//! sound (`quick_check`, and every row decoded): a damaged or foreign file is left untouched.

use super::codec;
use super::error::PersistenceError;
use crate::store::{Changes, Journal, JournalError, PartitionKey, Partitions};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OptionalExtension};
use std::path::{Path, PathBuf};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "secretsmanager.db";

/// The schema this emulator writes, kept in `PRAGMA user_version`. A file with a newer one is
/// refused rather than misread.
pub const SCHEMA_VERSION: i64 = 1;

/// Marks the file as this emulator's (`PRAGMA application_id`, "SMEM"), so that another
/// program's SQLite database is never taken for an empty state and written to.
const APPLICATION_ID: i64 = 0x534D_454D;

const CREATE_SCHEMA: &str = "
    CREATE TABLE secrets (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (account_id, region, name)
    ) WITHOUT ROWID;
    CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value NOT NULL
    ) WITHOUT ROWID;
";

const CLOCK_OFFSET: &str = "clock_offset_millis";

/// A database opened and loaded: the journal for later writes and the state it held.
#[derive(Debug)]
pub(super) struct Opened {
    pub journal: SqliteJournal,
    pub partitions: Partitions,
    pub clock_offset_millis: i64,
}

#[derive(Debug)]
pub(super) struct SqliteJournal {
    connection: Connection,
    path: PathBuf,
}

/// What a file holds before we touch it.
enum Contents {
    /// Nothing yet: a new or empty file.
    Empty,
    /// Our schema, at the version we write.
    Current,
}

impl SqliteJournal {
    /// Opens (or creates) the database in `dir` and loads its state.
    pub(super) fn open(dir: &Path) -> Result<Opened, PersistenceError> {
        std::fs::create_dir_all(dir).map_err(|source| PersistenceError::DataDirectory {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let connection = Connection::open(&path).map_err(|error| classify(&path, error))?;
        let journal = Self { connection, path };
        journal.hold_writes_until_checked()?;
        let contents = journal.inspect()?;
        let (partitions, clock_offset_millis) = match contents {
            Contents::Empty => (Partitions::default(), 0),
            Contents::Current => {
                journal.check_integrity()?;
                (journal.load_secrets()?, journal.load_clock_offset()?)
            }
        };
        journal.prepare_for_writes(&contents)?;
        Ok(Opened {
            journal,
            partitions,
            clock_offset_millis,
        })
    }

    /// Until the file is known to be ours and sound, nothing may write to it: not even the
    /// checkpoint SQLite runs when the last connection closes. The exclusive locking mode
    /// (kept for good) makes the first read take a lock that keeps other processes out.
    fn hold_writes_until_checked(&self) -> Result<(), PersistenceError> {
        self.connection
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .and_then(|_| {
                self.connection
                    .pragma_update(None, "locking_mode", "EXCLUSIVE")
            })
            .map_err(|error| self.failure("configure", error))
    }

    fn inspect(&self) -> Result<Contents, PersistenceError> {
        let read = |sql: &str| -> Result<i64, PersistenceError> {
            self.connection
                .query_row(sql, [], |row| row.get(0))
                .map_err(|error| classify(&self.path, error))
        };
        let application_id = read("PRAGMA application_id")?;
        let version = read("PRAGMA user_version")?;
        let objects = read("SELECT count(*) FROM sqlite_schema")?;
        match application_id {
            APPLICATION_ID if version == SCHEMA_VERSION => Ok(Contents::Current),
            APPLICATION_ID if version > SCHEMA_VERSION => Err(PersistenceError::NewerSchema {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            }),
            APPLICATION_ID => Err(self.foreign(format!("unknown schema version {version}"))),
            0 if version == 0 && objects == 0 => Ok(Contents::Empty),
            0 => Err(self.foreign("a SQLite database with other tables".to_owned())),
            other => Err(self.foreign(format!("application id {other:#x}"))),
        }
    }

    fn check_integrity(&self) -> Result<(), PersistenceError> {
        let mut statement = self
            .connection
            .prepare("PRAGMA quick_check(5)")
            .map_err(|error| classify(&self.path, error))?;
        let problems: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|error| classify(&self.path, error))?;
        if problems.iter().all(|line| line == "ok") {
            Ok(())
        } else {
            Err(PersistenceError::Damaged {
                path: self.path.clone(),
                detail: problems.join("; "),
            })
        }
    }

    fn load_secrets(&self) -> Result<Partitions, PersistenceError> {
        let mut statement = self
            .connection
            .prepare("SELECT account_id, region, name, document FROM secrets")
            .map_err(|error| classify(&self.path, error))?;
        let rows = statement
            .query_map([], |row| {
                Ok::<(String, String, String, String), _>((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                ))
            })
            .map_err(|error| classify(&self.path, error))?;
        let mut partitions = Partitions::default();
        for row in rows {
            let (account_id, region, name, document) =
                row.map_err(|error| classify(&self.path, error))?;
            let secret = match codec::decode(&name, &document) {
                Ok(secret) => secret,
                Err(source) => {
                    return Err(PersistenceError::BadRecord {
                        path: self.path.clone(),
                        account_id,
                        region,
                        name,
                        source,
                    });
                }
            };
            partitions
                .entry(&PartitionKey::new(account_id, region))
                .insert(secret);
        }
        Ok(partitions)
    }

    fn load_clock_offset(&self) -> Result<i64, PersistenceError> {
        self.connection
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [CLOCK_OFFSET],
                |row| row.get(0),
            )
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|error| classify(&self.path, error))
    }

    /// Write-ahead logging with a full sync at every commit; the schema for a new file; and the
    /// exclusive lock taken now, so that a second emulator on this directory fails at its start
    /// rather than at its first write.
    fn prepare_for_writes(&self, contents: &Contents) -> Result<(), PersistenceError> {
        let configure = || -> rusqlite::Result<()> {
            let mode: String =
                self.connection
                    .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(rusqlite::Error::InvalidQuery);
            }
            self.connection.pragma_update(None, "synchronous", "FULL")?;
            self.connection.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
            if let Contents::Empty = contents {
                self.connection.execute_batch(&format!(
                    "BEGIN; {CREATE_SCHEMA} PRAGMA application_id = {APPLICATION_ID}; \
                     PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                ))?;
            }
            self.connection
                .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
            Ok(())
        };
        configure().map_err(|error| classify(&self.path, error))
    }

    fn foreign(&self, detail: String) -> PersistenceError {
        PersistenceError::Foreign {
            path: self.path.clone(),
            detail,
        }
    }

    fn failure(&self, action: &'static str, source: rusqlite::Error) -> PersistenceError {
        PersistenceError::Database {
            path: self.path.clone(),
            action,
            source,
        }
    }
}

impl Journal for SqliteJournal {
    fn commit(&mut self, partitions: &Partitions, changes: &Changes) -> Result<(), JournalError> {
        let path = self.path.clone();
        let write = |connection: &mut Connection| -> rusqlite::Result<()> {
            let transaction = connection.transaction()?;
            if changes.cleared {
                transaction.execute("DELETE FROM secrets", [])?;
            }
            for (key, name) in &changes.secrets {
                let stored = partitions
                    .get(key)
                    .and_then(|partition| partition.get(name));
                match stored {
                    Some(secret) => {
                        transaction
                            .prepare_cached(
                                "INSERT INTO secrets (account_id, region, name, document) \
                                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE \
                                 SET document = excluded.document",
                            )?
                            .execute((&key.account_id, &key.region, name, codec::encode(secret)))?;
                    }
                    None => {
                        transaction
                            .prepare_cached(
                                "DELETE FROM secrets \
                                 WHERE account_id = ?1 AND region = ?2 AND name = ?3",
                            )?
                            .execute((&key.account_id, &key.region, name))?;
                    }
                }
            }
            if let Some(offset) = changes.clock_offset_millis {
                transaction
                    .prepare_cached(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                         ON CONFLICT DO UPDATE SET value = excluded.value",
                    )?
                    .execute((CLOCK_OFFSET, offset))?;
            }
            transaction.commit()
        };
        write(&mut self.connection).map_err(|source| {
            JournalError::new(PersistenceError::Database {
                path,
                action: "write to",
                source,
            })
        })
    }
}

/// The error for a failure while opening or reading: damage and locks get their own messages.
fn classify(path: &Path, error: rusqlite::Error) -> PersistenceError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => PersistenceError::Unreadable {
            path: path.to_owned(),
            source: error,
        },
        Some(ErrorCode::DatabaseCorrupt) => PersistenceError::Damaged {
            path: path.to_owned(),
            detail: error.to_string(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => PersistenceError::Locked {
            path: path.to_owned(),
        },
        _ => PersistenceError::Database {
            path: path.to_owned(),
            action: "open",
            source: error,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{AWSCURRENT, Secret, SecretValue};
    use runtime::Timestamp;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_764_093_600_000);

    fn key() -> PartitionKey {
        PartitionKey::new("000000000000", "us-east-1")
    }

    fn secret(name: &str) -> Secret {
        let mut secret = Secret::new(name.into(), format!("arn:{name}-AbCdEf"), NOW);
        secret.add_version(
            "v1".into(),
            SecretValue::Text("value".into()),
            vec![AWSCURRENT.into()],
            NOW,
        );
        secret
    }

    fn changes_for(names: &[&str]) -> Changes {
        Changes {
            secrets: names
                .iter()
                .map(|name| (key(), (*name).to_owned()))
                .collect(),
            ..Changes::default()
        }
    }

    #[test]
    fn commits_are_loaded_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut opened = SqliteJournal::open(dir.path()).unwrap();
        let mut partitions = Partitions::default();
        partitions.entry(&key()).insert(secret("a"));
        partitions.entry(&key()).insert(secret("b"));
        let mut changes = changes_for(&["a", "b"]);
        changes.clock_offset_millis = Some(42);
        opened.journal.commit(&partitions, &changes).unwrap();
        partitions.entry(&key()).remove("a");
        opened
            .journal
            .commit(&partitions, &changes_for(&["a"]))
            .unwrap();
        drop(opened);

        let reopened = SqliteJournal::open(dir.path()).unwrap();
        let partition = reopened.partitions.get(&key()).unwrap();
        let names: Vec<&str> = partition
            .secrets()
            .map(|secret| secret.name.as_str())
            .collect();
        assert_eq!(names, ["b"]);
        assert_eq!(partition.get("b").unwrap().arn, "arn:b-AbCdEf");
        assert_eq!(reopened.clock_offset_millis, 42);
    }

    #[test]
    fn creation_order_within_a_millisecond_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut opened = SqliteJournal::open(dir.path()).unwrap();
        let mut partitions = Partitions::default();
        // Created in the same millisecond, against name order.
        let created = ["c", "a", "b"];
        for name in created {
            partitions.entry(&key()).insert(secret(name));
        }
        opened
            .journal
            .commit(&partitions, &changes_for(&created))
            .unwrap();
        drop(opened);

        let mut reopened = SqliteJournal::open(dir.path()).unwrap();
        let partition = reopened.partitions.entry(&key());
        partition.insert(secret("0"));
        let names: Vec<&str> = partition
            .by_created_after(None, false, |_| true)
            .map(|secret| secret.name.as_str())
            .collect();
        assert_eq!(names, ["c", "a", "b", "0"]);
    }

    #[test]
    fn a_cleared_store_is_empty_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut opened = SqliteJournal::open(dir.path()).unwrap();
        let mut partitions = Partitions::default();
        partitions.entry(&key()).insert(secret("a"));
        opened
            .journal
            .commit(&partitions, &changes_for(&["a"]))
            .unwrap();
        partitions.clear();
        let cleared = Changes {
            cleared: true,
            ..Changes::default()
        };
        opened.journal.commit(&partitions, &cleared).unwrap();
        drop(opened);
        let reopened = SqliteJournal::open(dir.path()).unwrap();
        assert!(reopened.partitions.iter().next().is_none());
    }

    #[test]
    fn a_second_process_is_refused_while_the_file_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let _first = SqliteJournal::open(dir.path()).unwrap();
        let second = SqliteJournal::open(dir.path());
        assert!(
            matches!(second, Err(PersistenceError::Locked { .. })),
            "{second:?}"
        );
    }

    #[test]
    fn another_programs_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE other (x)")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let refused = SqliteJournal::open(dir.path());
        assert!(
            matches!(refused, Err(PersistenceError::Foreign { .. })),
            "{refused:?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_record_that_does_not_decode_is_named() {
        let dir = tempfile::tempdir().unwrap();
        drop(SqliteJournal::open(dir.path()).unwrap());
        let path = dir.path().join(DATABASE_FILE);
        Connection::open(&path)
            .unwrap()
            .execute(
                "INSERT INTO secrets VALUES ('000000000000', 'us-east-1', 'broken', '{}')",
                [],
            )
            .unwrap();
        let error = SqliteJournal::open(dir.path()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("\"broken\""), "{message}");
        assert!(message.contains("left untouched"), "{message}");
    }
}
