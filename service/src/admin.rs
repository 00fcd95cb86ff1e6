//! The emulator's own API, under `/_emulator/` beside the AWS one (and, like `/health`, outside
//! signature checks): start over, look at the state, move time forward.
//!
//! - `POST /_emulator/reset`: drops every secret of every account and region (on disk too) and
//!   puts the clock back on the system clock.
//! - `GET /_emulator/state`: counts per account and region.
//! - `POST /_emulator/clock` with `{"advanceSeconds": N}` and/or `{"advanceDays": N}`: moves the
//!   clock forward, then purges and rotates what became due; answers the new time.
//! - `GET /_emulator/rotations`: per secret, the last rotation through a rotation function: its
//!   steps, their outcomes and durations (see `rotation_record`).

use crate::background::DueWork;
use crate::clock::DAY_MILLIS;
use crate::schedule::utc::format_utc;
use crate::state::Emulator;
use crate::store::is_purged;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use runtime::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const SECOND_MILLIS: i64 = 1_000;

/// The admin routes, for merging into the server's router.
pub fn routes(emulator: Arc<Emulator>) -> Router {
    Router::new()
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/state", get(state))
        .route("/_emulator/clock", post(move_clock))
        .route(
            "/_emulator/rotations",
            get(crate::rotation_record::list_route),
        )
        .with_state(emulator)
}

impl Emulator {
    /// Drops every secret of every account and region (from disk too, on a persistent store)
    /// and puts the clock back on the system clock: the state of a fresh start.
    pub fn reset(&self) {
        let mut partitions = self.store.write();
        partitions.clear();
        self.clock.advance_millis(-self.clock.offset_millis());
        partitions.record_clock_offset(0);
    }

    /// Moves the clock forward by `millis` (kept on disk on a persistent store), then purges and
    /// rotates whatever became due.
    pub fn advance_clock(&self, millis: i64) -> DueWork {
        {
            // Under the write lock, so that the move is ordered with the writes around it.
            let mut partitions = self.store.write();
            self.clock.advance_millis(millis);
            partitions.record_clock_offset(self.clock.offset_millis());
        }
        self.run_due_work()
    }

    /// How many secrets each account and region holds, now.
    pub fn state(&self) -> EmulatorState {
        let now = self.clock.now();
        let partitions = self.store.read();
        let mut counts: Vec<PartitionCounts> = partitions
            .iter()
            .map(|(key, partition)| {
                let mut counts = PartitionCounts {
                    account_id: key.account_id.clone(),
                    region: key.region.clone(),
                    ..PartitionCounts::default()
                };
                for secret in partition.secrets().filter(|secret| !is_purged(secret, now)) {
                    counts.secrets += 1;
                    counts.versions += secret.versions.len();
                    counts.scheduled_for_deletion +=
                        usize::from(secret.is_scheduled_for_deletion());
                }
                counts
            })
            .filter(|counts| counts.secrets > 0)
            .collect();
        counts.sort_by(|a, b| (&a.account_id, &a.region).cmp(&(&b.account_id, &b.region)));
        EmulatorState {
            time: self.time(),
            persistent: self.is_persistent(),
            partitions: counts,
        }
    }

    fn time(&self) -> ClockState {
        let now = self.clock.now();
        ClockState {
            now,
            now_utc: format_utc(now),
            offset_seconds: self.clock.offset_millis() as f64 / SECOND_MILLIS as f64,
        }
    }
}

/// The emulator's time: epoch seconds (as the AWS API writes dates), the same in RFC 3339, and
/// how far the clock has been moved.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockState {
    pub now: Timestamp,
    pub now_utc: String,
    pub offset_seconds: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmulatorState {
    #[serde(flatten)]
    pub time: ClockState,
    pub persistent: bool,
    /// Accounts and regions that hold at least one secret, sorted.
    pub partitions: Vec<PartitionCounts>,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartitionCounts {
    pub account_id: String,
    pub region: String,
    /// Secrets, including those scheduled for deletion.
    pub secrets: usize,
    pub versions: usize,
    pub scheduled_for_deletion: usize,
}

pub(crate) async fn reset(State(emulator): State<Arc<Emulator>>) -> Json<ClockState> {
    emulator.reset();
    tracing::info!("state reset");
    Json(emulator.time())
}

async fn state(State(emulator): State<Arc<Emulator>>) -> Json<EmulatorState> {
    Json(emulator.state())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockMove {
    advance_seconds: Option<i64>,
    advance_days: Option<i64>,
}

impl ClockMove {
    /// The move in milliseconds, or why it is refused.
    fn millis(&self) -> Result<i64, String> {
        if self.advance_seconds.is_none() && self.advance_days.is_none() {
            return Err("Give advanceSeconds and/or advanceDays.".to_owned());
        }
        let seconds = self.advance_seconds.unwrap_or(0);
        let days = self.advance_days.unwrap_or(0);
        if seconds < 0 || days < 0 {
            return Err(
                "The clock only moves forward: use POST /_emulator/reset to go back to \
                        the system clock."
                    .to_owned(),
            );
        }
        seconds
            .checked_mul(SECOND_MILLIS)
            .zip(days.checked_mul(DAY_MILLIS))
            .and_then(|(seconds, days)| seconds.checked_add(days))
            .ok_or_else(|| "That move is too large.".to_owned())
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockMoved {
    #[serde(flatten)]
    time: ClockState,
    /// What became due and was done right away.
    #[serde(flatten)]
    done: DueWork,
}

/// Reads the body as JSON whatever its content type, so that a bare `curl -d` works.
pub(crate) async fn move_clock(State(emulator): State<Arc<Emulator>>, body: Bytes) -> Response {
    let request: ClockMove = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return bad_request(format!("Expected a JSON object: {error}.")),
    };
    let millis = match request.millis() {
        Ok(millis) => millis,
        Err(message) => return bad_request(message),
    };
    let mut done = emulator.advance_clock(millis);
    done.rotated += emulator.run_due_rotations().await;
    let time = emulator.time();
    tracing::info!(now = %time.now_utc, "clock moved");
    Json(ClockMoved { time, done }).into_response()
}

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "message": message })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock_move(seconds: Option<i64>, days: Option<i64>) -> Result<i64, String> {
        ClockMove {
            advance_seconds: seconds,
            advance_days: days,
        }
        .millis()
    }

    #[test]
    fn seconds_and_days_add_up() {
        assert_eq!(clock_move(Some(5), None), Ok(5_000));
        assert_eq!(clock_move(None, Some(2)), Ok(2 * DAY_MILLIS));
        assert_eq!(clock_move(Some(1), Some(1)), Ok(DAY_MILLIS + 1_000));
    }

    #[test]
    fn empty_backward_and_huge_moves_are_refused() {
        assert!(clock_move(None, None).is_err());
        assert!(
            clock_move(Some(-1), None)
                .unwrap_err()
                .contains("only moves forward")
        );
        assert!(clock_move(None, Some(i64::MAX)).is_err());
    }

    #[test]
    fn reset_forgets_secrets_and_clock_moves() {
        let emulator = Emulator::new();
        emulator.advance_clock(DAY_MILLIS);
        let key = crate::store::PartitionKey::new("000000000000", "us-east-1");
        let now = emulator.clock.now();
        emulator
            .store
            .write()
            .entry(&key)
            .insert(crate::secret::Secret::new("s".into(), "arn:s".into(), now));
        assert_eq!(emulator.state().partitions.len(), 1);
        emulator.reset();
        assert!(emulator.state().partitions.is_empty());
        assert_eq!(emulator.clock.offset_millis(), 0);
    }
}
