//! A local AWS Secrets Manager: the generated API implemented over an in-memory store.

mod access;
pub mod admin;
pub mod arn;
pub mod background;
pub mod clock;
pub mod console;
mod emulator;
mod errors;
pub mod invariants;
mod names;
mod ops;
mod pagination;
mod password;
pub mod persistence;
mod policy_document;
mod schedule;
pub mod secret;
pub mod seed;
mod server;
pub mod stage_history;
pub mod store;

pub use emulator::Emulator;
pub use server::{ServerOptions, app, app_with, serve, serve_app};
