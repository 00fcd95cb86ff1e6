//! One module per concern; each function implements one operation.

pub(crate) mod listing;
pub(crate) mod password;
pub(crate) mod policies;
pub(crate) mod replication;
pub(crate) mod rotation;
pub(crate) mod secrets;
pub(crate) mod tags;
pub(crate) mod values;
