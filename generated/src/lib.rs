//! The Secrets Manager API, generated from `model/secretsmanager.json` by `codegen` at build
//! time. Nothing here is written by hand: change the model and rebuild.
//!
//! The items live in modules by role (`inputs`, `outputs`, `types`, `errors`, `server`) and are
//! all re-exported here, so every item is named from the crate root.

include!(concat!(env!("OUT_DIR"), "/secretsmanager.rs"));
