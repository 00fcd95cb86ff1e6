//! A local AWS Secrets Manager: the generated API implemented over an in-memory store.

mod access;
pub mod arn;
pub mod clock;
mod emulator;
mod errors;
mod names;
mod ops;
mod pagination;
mod password;
mod policy_document;
mod schedule;
pub mod secret;
mod server;
pub mod store;

pub use emulator::Emulator;
pub use server::{ServerOptions, app, app_with, serve, serve_app};
