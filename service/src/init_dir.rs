//! An init directory: every seed file (`.json`, `.yaml`, `.yml`) in it is loaded at start, in
//! name order, before the server says `Ready.`. It is LocalStack's `ready.d` in the container
//! image, where other files (shell or Python scripts) cannot run: they are reported, not run.

use crate::seed::{SeedError, seed_from_file};
use crate::state::Emulator;
use std::path::{Path, PathBuf};

/// One file of the init directory and what became of it (LocalStack's script states).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitFile {
    pub name: String,
    pub loaded: bool,
}

/// Why the init directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum InitDirError {
    #[error("cannot read the init directory {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Seed(#[from] SeedError),
}

/// Loads every seed file of `dir` into `emulator`, in name order; a missing directory holds
/// nothing. Other files are listed as not loaded, with a warning.
pub fn load_init_dir(emulator: &Emulator, dir: &Path) -> Result<Vec<InitFile>, InitDirError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(InitDirError::Read {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let loaded = is_seed_file(&path);
        if loaded {
            let report = seed_from_file(emulator, &path)?;
            tracing::info!(
                created = report.created,
                skipped = report.skipped,
                "seeded from {}",
                path.display()
            );
        } else {
            tracing::warn!(
                "init file {} not run: only seed files (.json, .yaml, .yml) are loaded",
                path.display()
            );
        }
        files.push(InitFile { name, loaded });
    }
    Ok(files)
}

fn is_seed_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["json", "yaml", "yml"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_seed_files_in_name_order_and_lists_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.yaml"), "- name: b\n  value: two\n").unwrap();
        std::fs::write(
            dir.path().join("a.json"),
            r#"[{"name": "a", "value": "one"}]"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("setup.sh"), "#!/bin/sh\n").unwrap();
        let emulator = Emulator::new();
        let files = load_init_dir(&emulator, dir.path()).unwrap();
        let listed: Vec<(&str, bool)> = files
            .iter()
            .map(|file| (file.name.as_str(), file.loaded))
            .collect();
        assert_eq!(
            listed,
            [("a.json", true), ("b.yaml", true), ("setup.sh", false)]
        );
        assert_eq!(emulator.state().partitions[0].secrets, 2);
    }

    #[test]
    fn a_missing_directory_holds_nothing_and_a_bad_seed_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let emulator = Emulator::new();
        assert!(
            load_init_dir(&emulator, &dir.path().join("absent"))
                .unwrap()
                .is_empty()
        );
        std::fs::write(dir.path().join("bad.json"), "not json").unwrap();
        assert!(matches!(
            load_init_dir(&emulator, dir.path()),
            Err(InitDirError::Seed(_))
        ));
    }
}
