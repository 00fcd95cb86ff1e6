//! A local AWS Secrets Manager: the generated API implemented over an in-memory store.

mod access;
pub mod admin;
pub mod agent;
pub mod arn;
pub mod background;
mod change;
pub mod clock;
pub mod console;
mod cross_account;
mod describe;
pub mod drop_in;
mod emulator;
mod errors;
mod filters;
pub mod healthcheck;
pub mod init_dir;
#[cfg(feature = "invariants")]
pub mod invariants;
pub mod lambda;
pub mod localstack;
mod names;
mod new_version;
pub mod not_found_hint;
mod ops;
mod pagination;
mod password;
pub mod persistence;
mod policy_document;
mod policy_evaluation;
mod replicas;
mod rotation;
pub mod rotation_record;
mod schedule;
pub mod secret;
pub mod seed;
mod server;
pub mod stage_history;
mod state;
pub mod store;
mod tag_rules;
#[cfg(test)]
mod test_fixtures;
mod words;

pub use server::{ServerOptions, app, app_with, serve, serve_app};
pub use state::Emulator;
