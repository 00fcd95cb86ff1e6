//! `--seed FILE`: secrets created at start from a JSON or YAML file (by its extension), e.g.
//!
//! ```yaml
//! secrets:
//!   - name: app/db
//!     value: '{"user":"app","password":"pw"}'
//!     description: The app's database
//!     tags: { team: core }            # or a list: [{ key: team, value: core }]
//!     region: eu-west-1               # default us-east-1
//!     account: "111111111111"         # default 000000000000
//!     arnSuffix: AbCdEf               # a fixed ARN, for tests that need one
//!   - name: app/key
//!     binaryBase64: AAECAw==
//! ```
//!
//! A bare list of entries works too. Each entry becomes a CreateSecret request, so it is checked
//! and built as the API would (on a scratch emulator); only when every entry passed are the
//! secrets stored, in one write: a file with a bad entry creates nothing. A name that already
//! exists in its account and region (kept in `--data-dir` from an earlier run) is skipped, not
//! overwritten.

use crate::ops::secrets::create_secret;
use crate::state::Emulator;
use crate::store::{PartitionKey, is_purged};
use generated::CreateSecretRequest;
use runtime::{OperationError, RequestContext};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where an entry goes unless it names an account and region: where an unsigned request goes.
const DEFAULT_ACCOUNT_ID: &str = "000000000000";
const DEFAULT_REGION: &str = "us-east-1";

/// What seeding did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub created: usize,
    /// Entries whose name already existed.
    pub skipped: usize,
}

/// Why a seed file was refused. Nothing was created.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: a seed file must end in .json, .yaml or .yml")]
    UnknownFormat { path: PathBuf },
    #[error("{path} is not valid {format}: {detail}")]
    Syntax {
        path: PathBuf,
        format: Format,
        detail: String,
    },
    #[error("{path}: expected a list of secrets, or an object with a `secrets` list")]
    NotAList { path: PathBuf },
    #[error("{path}: secret #{number}{}: {detail}", named(.name))]
    Entry {
        path: PathBuf,
        /// Counted from 1, in file order.
        number: usize,
        name: Option<String>,
        detail: String,
    },
}

fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|name| format!(" ({name:?})"))
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        })
    }
}

/// Creates the secrets `path` describes in `emulator`.
pub fn seed_from_file(emulator: &Emulator, path: &Path) -> Result<SeedReport, SeedError> {
    let format = match path.extension().and_then(|extension| extension.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("json") => Format::Json,
        Some(extension)
            if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") =>
        {
            Format::Yaml
        }
        _ => {
            return Err(SeedError::UnknownFormat {
                path: path.to_owned(),
            });
        }
    };
    let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
        path: path.to_owned(),
        source,
    })?;
    seed(emulator, &text, format).map_err(|error| error.in_file(path))
}

/// Creates the secrets of a seed document in `emulator`, all or none.
pub fn seed(emulator: &Emulator, text: &str, format: Format) -> Result<SeedReport, SeedError> {
    let seeds = parse(text, format)?;
    let built = build(&seeds, emulator.clock.offset_millis())?;
    Ok(store_new(emulator, &seeds, built))
}

/// One secret of the file, checked and ready to create.
#[derive(Debug)]
struct Seed {
    number: usize,
    key: PartitionKey,
    request: CreateSecretRequest,
    arn_suffix: Option<String>,
}

impl Seed {
    fn error(&self, detail: impl Into<String>) -> SeedError {
        entry_error(self.number, Some(&self.request.name), detail)
    }
}

fn entry_error(number: usize, name: Option<&str>, detail: impl Into<String>) -> SeedError {
    SeedError::Entry {
        path: PathBuf::new(),
        number,
        name: name.map(str::to_owned),
        detail: detail.into(),
    }
}

impl SeedError {
    /// Names the file (parsing knows only the text).
    fn in_file(self, file: &Path) -> Self {
        let file = file.to_owned();
        match self {
            Self::Syntax { format, detail, .. } => Self::Syntax {
                path: file,
                format,
                detail,
            },
            Self::NotAList { .. } => Self::NotAList { path: file },
            Self::Entry {
                number,
                name,
                detail,
                ..
            } => Self::Entry {
                path: file,
                number,
                name,
                detail,
            },
            other => other,
        }
    }
}

// ----- Parsing ----------------------------------------------------------------------------------

/// An entry as written in the file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedEntry {
    name: String,
    value: Option<String>,
    binary_base64: Option<String>,
    description: Option<String>,
    tags: Option<SeedTags>,
    #[serde(alias = "accountId")]
    account: Option<String>,
    region: Option<String>,
    arn_suffix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SeedTags {
    Map(BTreeMap<String, String>),
    List(Vec<SeedTag>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedTag {
    #[serde(alias = "Key")]
    key: String,
    #[serde(alias = "Value")]
    value: String,
}

fn parse(text: &str, format: Format) -> Result<Vec<Seed>, SeedError> {
    let document: Value = match format {
        Format::Json => serde_json::from_str(text).map_err(|error| error.to_string()),
        Format::Yaml => serde_norway::from_str(text).map_err(|error| error.to_string()),
    }
    .map_err(|detail| SeedError::Syntax {
        path: PathBuf::new(),
        format,
        detail,
    })?;
    let entries = match document {
        Value::Array(entries) => entries,
        Value::Object(mut object) if object.len() == 1 => match object.remove("secrets") {
            Some(Value::Array(entries)) => entries,
            _ => return Err(not_a_list()),
        },
        _ => return Err(not_a_list()),
    };
    let seeds = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| checked(index + 1, entry))
        .collect::<Result<Vec<_>, _>>()?;
    refuse_duplicates(&seeds)?;
    Ok(seeds)
}

fn not_a_list() -> SeedError {
    SeedError::NotAList {
        path: PathBuf::new(),
    }
}

/// Checks one entry and turns it into the CreateSecret request it stands for, checked against
/// the API's constraints.
fn checked(number: usize, entry: Value) -> Result<Seed, SeedError> {
    let name = entry.get("name").and_then(Value::as_str).map(str::to_owned);
    let entry: SeedEntry = serde_json::from_value(entry)
        .map_err(|error| entry_error(number, name.as_deref(), error.to_string()))?;
    let fail = |detail: &str| entry_error(number, Some(&entry.name), detail);
    let account_id = entry.account.as_deref().unwrap_or(DEFAULT_ACCOUNT_ID);
    if !is_account_id(account_id) {
        return Err(fail("account must be 12 digits"));
    }
    let region = entry.region.as_deref().unwrap_or(DEFAULT_REGION);
    if !is_region(region) {
        return Err(fail("region must look like us-east-1"));
    }
    if let Some(suffix) = &entry.arn_suffix
        && !is_arn_suffix(suffix)
    {
        return Err(fail("arnSuffix must be 6 letters or digits"));
    }
    let value = match (&entry.value, &entry.binary_base64) {
        (Some(text), None) => ("SecretString", text),
        (None, Some(base64)) => ("SecretBinary", base64),
        _ => return Err(fail("give exactly one of value and binaryBase64")),
    };
    let mut body = json!({ "Name": entry.name, value.0: value.1 });
    if let Some(description) = &entry.description {
        body["Description"] = json!(description);
    }
    if let Some(tags) = &entry.tags {
        body["Tags"] = Value::Array(tags.as_api_tags());
    }
    let request = runtime::decode::<CreateSecretRequest>(body.to_string().as_bytes())
        .map_err(|rejection| fail(&rejection.to_string()))?;
    Ok(Seed {
        number,
        key: PartitionKey::new(account_id, region),
        request,
        arn_suffix: entry.arn_suffix,
    })
}

impl SeedTags {
    fn as_api_tags(&self) -> Vec<Value> {
        let tag = |key: &String, value: &String| json!({ "Key": key, "Value": value });
        match self {
            SeedTags::Map(tags) => tags.iter().map(|(key, value)| tag(key, value)).collect(),
            SeedTags::List(tags) => tags.iter().map(|t| tag(&t.key, &t.value)).collect(),
        }
    }
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`: lowercase words and a number, by hyphens.
fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words
            .iter()
            .all(|word| !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|byte| byte.is_ascii_digit())
}

fn is_arn_suffix(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

fn refuse_duplicates(seeds: &[Seed]) -> Result<(), SeedError> {
    let mut first_of: BTreeMap<(&PartitionKey, &str), usize> = BTreeMap::new();
    for seed in seeds {
        if let Some(first) = first_of.insert((&seed.key, &seed.request.name), seed.number) {
            return Err(seed.error(format!(
                "secret #{first} has the same name in the same account and region"
            )));
        }
    }
    Ok(())
}

// ----- Creating ---------------------------------------------------------------------------------

/// Creates every seed through CreateSecret on a scratch emulator (whose clock reads as the real
/// one's), so that each is checked and built exactly as the API would; nothing is stored for real
/// yet. Stops at the first seed the API refuses.
fn build(seeds: &[Seed], clock_offset_millis: i64) -> Result<Emulator, SeedError> {
    let scratch = Emulator::new();
    scratch.clock.advance_millis(clock_offset_millis);
    for seed in seeds {
        let ctx = RequestContext::new(
            uuid::Uuid::new_v4().to_string(),
            seed.key.region.clone(),
            seed.key.account_id.clone(),
        );
        create_secret(&scratch, &ctx, seed.request.clone())
            .map_err(|error| seed.error(error.message().unwrap_or(error.type_name())))?;
        if let Some(suffix) = &seed.arn_suffix {
            fix_arn_suffix(&scratch, seed, suffix);
        }
    }
    Ok(scratch)
}

/// Moves the built secrets into `emulator`, skipping names it has; in one write, so that a
/// persistent store gets the whole seed or none of it.
fn store_new(emulator: &Emulator, seeds: &[Seed], built: Emulator) -> SeedReport {
    let now = emulator.clock.now();
    let mut built = built.store.write();
    let mut partitions = emulator.store.write();
    let mut report = SeedReport::default();
    for seed in seeds {
        let name = &seed.request.name;
        let exists = partitions
            .get(&seed.key)
            .and_then(|partition| partition.get(name))
            .is_some_and(|secret| !is_purged(secret, now));
        let secret = built
            .get_mut(&seed.key)
            .and_then(|partition| partition.remove(name));
        match secret {
            Some(_) if exists => {
                tracing::info!(%name, "seed skipped: the secret exists");
                report.skipped += 1;
            }
            Some(mut secret) => {
                // Numbered by the partition it joins, in the seed file's order.
                secret.creation_seq = 0;
                partitions.entry(&seed.key).insert(secret);
                report.created += 1;
            }
            None => {}
        }
    }
    report
}

/// Replaces the random suffix CreateSecret gave the secret's ARN.
fn fix_arn_suffix(emulator: &Emulator, seed: &Seed, suffix: &str) {
    let mut partitions = emulator.store.write();
    let Some(secret) = partitions
        .get_mut(&seed.key)
        .and_then(|partition| partition.get_mut(&seed.request.name))
    else {
        return;
    };
    if let Some((without_suffix, _)) = secret.arn.rsplit_once('-') {
        secret.arn = format!("{without_suffix}-{suffix}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(text: &str, format: Format) -> Result<(Emulator, SeedReport), String> {
        let emulator = Emulator::new();
        let report = seed(&emulator, text, format).map_err(|error| error.to_string())?;
        Ok((emulator, report))
    }

    fn stored_arn(emulator: &Emulator, account: &str, region: &str, name: &str) -> String {
        let partitions = emulator.store.read();
        let key = PartitionKey::new(account, region);
        partitions.get(&key).unwrap().get(name).unwrap().arn.clone()
    }

    #[test]
    fn yaml_entries_with_defaults_tags_and_a_fixed_arn() {
        let text = r#"
secrets:
  - name: app/db
    value: '{"password":"pw"}'
    description: The database
    tags: { team: core, env: test }
    arnSuffix: AbCdEf
  - name: app/key
    binaryBase64: AAECAw==
    region: eu-west-1
    account: "111111111111"
    tags:
      - { key: team, value: core }
"#;
        let (emulator, report) = seeded(text, Format::Yaml).unwrap();
        assert_eq!(
            report,
            SeedReport {
                created: 2,
                skipped: 0
            }
        );
        assert_eq!(
            stored_arn(&emulator, "000000000000", "us-east-1", "app/db"),
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf"
        );
        let arn = stored_arn(&emulator, "111111111111", "eu-west-1", "app/key");
        assert!(arn.starts_with("arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/key-"));
    }

    #[test]
    fn a_bare_json_list_works_and_existing_names_are_skipped() {
        let text = r#"[{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]"#;
        let (emulator, _) = seeded(r#"[{"name": "a", "value": "old"}]"#, Format::Json).unwrap();
        let report = seed(&emulator, text, Format::Json).unwrap();
        assert_eq!(
            report,
            SeedReport {
                created: 1,
                skipped: 1
            }
        );
    }

    #[test]
    fn a_bad_entry_is_named_and_nothing_is_created() {
        let emulator = Emulator::new();
        let text =
            r#"{"secrets": [{"name": "good", "value": "1"}, {"name": "bad name", "value": "2"}]}"#;
        let error = seed(&emulator, text, Format::Json).unwrap_err().to_string();
        assert!(error.contains("secret #2 (\"bad name\")"), "{error}");
        assert!(
            emulator.store.read().iter().next().is_none(),
            "nothing created"
        );
    }

    #[test]
    fn entry_mistakes_are_explained() {
        let cases = [
            (r#"[{"value": "1"}]"#, "secret #1: missing field `name`"),
            (
                r#"[{"name": "x"}]"#,
                "give exactly one of value and binaryBase64",
            ),
            (
                r#"[{"name": "x", "value": "1", "binaryBase64": "AA=="}]"#,
                "give exactly one of value and binaryBase64",
            ),
            (
                r#"[{"name": "x", "value": "1", "colour": "red"}]"#,
                "unknown field `colour`",
            ),
            (
                r#"[{"name": "x", "value": "1", "account": "12"}]"#,
                "account must be 12 digits",
            ),
            (
                r#"[{"name": "x", "value": "1", "region": "mars"}]"#,
                "region must look like",
            ),
            (
                r#"[{"name": "x", "value": "1", "arnSuffix": "abc"}]"#,
                "arnSuffix must be 6",
            ),
            (
                r#"[{"name": "x", "binaryBase64": "not base64!"}]"#,
                "base64",
            ),
            (
                r#"[{"name": "x", "value": "1"}, {"name": "x", "value": "2"}]"#,
                "secret #2 (\"x\"): secret #1 has the same name",
            ),
            (r#"{"secret": []}"#, "expected a list of secrets"),
            ("[", "is not valid JSON"),
        ];
        for (text, expected) in cases {
            let error = seeded(text, Format::Json).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn api_constraints_apply_to_seeds() {
        let long_description = "d".repeat(2049);
        let text =
            format!(r#"[{{"name": "x", "value": "1", "description": "{long_description}"}}]"#);
        let error = seeded(&text, Format::Json).unwrap_err();
        assert!(
            error.contains("secret #1 (\"x\"): 1 validation error detected"),
            "{error}"
        );
    }

    #[test]
    fn region_shapes() {
        for good in ["us-east-1", "ap-southeast-2", "us-gov-west-1"] {
            assert!(is_region(good), "{good}");
        }
        for bad in ["", "us", "us-east", "US-EAST-1", "us--1", "east-1"] {
            assert!(!is_region(bad), "{bad}");
        }
    }
}
