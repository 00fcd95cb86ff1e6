//! The Secrets Manager API, generated from `model/secretsmanager.json` by `codegen` at build
//! time. Nothing here is written by hand: change the model and rebuild.

include!(concat!(env!("OUT_DIR"), "/secretsmanager.rs"));
