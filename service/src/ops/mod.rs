//! One module per concern; each function implements one operation.

pub mod listing;
pub mod password;
pub mod policies;
pub mod replication;
pub mod rotation;
pub mod secrets;
pub mod tags;
pub mod values;
