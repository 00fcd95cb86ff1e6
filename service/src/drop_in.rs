//! The routes that make the emulator a drop-in where users already run other tools: LocalStack's
//! readiness endpoints and the Secrets Manager Agent's read endpoint, beside the AWS API.

use crate::agent::{self, AgentOptions};
use crate::init_dir::InitFile;
use crate::localstack;
use crate::state::Emulator;
use axum::Router;
use std::sync::Arc;

/// What the drop-in routes serve.
#[derive(Clone, Debug, Default)]
pub struct DropInOptions {
    pub agent: AgentOptions,
    /// What the init directory held, for LocalStack's `/_localstack/init`.
    pub init_files: Vec<InitFile>,
}

pub fn routes(emulator: Arc<Emulator>, options: &DropInOptions) -> Router {
    localstack::routes(options.init_files.clone())
        .merge(agent::routes(emulator, options.agent.clone()))
}
