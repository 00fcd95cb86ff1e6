//! What the workers send: the benchmark's secrets (names, value, tokens) and one workload per
//! measured operation.

use crate::connection::Reply;
use crate::load::Workload;
use crate::plan::PAGE_SIZE;
use crate::wire::{self, Call};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every stored value: 64 bytes, subtracted when memory per secret is computed.
pub(crate) const SECRET_VALUE: &str =
    r#"{"username":"app","password":"Zq8#vT3!pL0@wX7$kR2^mN5&x"}       "#;
/// Seeded secrets fall into this many name groups; the filtered ListSecrets rows ask for one.
const NAME_GROUPS: usize = 10;
/// The name prefix of one group: a tenth of the seeded secrets.
pub(crate) const FILTER_PREFIX: &str = "bench/team-3/";

/// The name of the `index`th seeded secret (`bench/team-<index mod 10>/secret-<index>`).
pub(crate) fn seeded_name(index: usize) -> String {
    format!("bench/team-{}/secret-{index:05}", index % NAME_GROUPS)
}

/// A UUID-shaped, unique `ClientRequestToken`, as an SDK would send, so that no server spends
/// time generating one. `kind` keeps the workloads' tokens apart.
fn client_token(kind: u8, worker: usize, sequence: usize) -> String {
    format!(
        "{kind:08x}-{:04x}-4000-8000-{sequence:012x}",
        worker & 0xffff
    )
}

/// A spread of indexes over `0..population` that differs between workers.
fn spread(worker: usize, sequence: usize, population: usize) -> usize {
    worker
        .wrapping_mul(7_919)
        .wrapping_add(sequence.wrapping_mul(104_729))
        % population.max(1)
}

/// Where a worker runs: how many secrets its server holds, which round of a measurement
/// (names and tokens stay unique across rounds) and its index among the workers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub population: usize,
    pub round: usize,
    pub worker: usize,
}

impl Slot {
    /// The first sequence number of this slot's worker: rounds never reuse one.
    fn first_sequence(&self) -> usize {
        self.round << 32
    }
}

/// Creates the seeded secrets `next..end`, the workers sharing one counter.
pub(crate) struct Seed {
    pub next: Arc<AtomicUsize>,
    pub end: usize,
}

impl Workload for Seed {
    fn next_call(&mut self) -> Option<Call> {
        let index = self.next.fetch_add(1, Ordering::Relaxed);
        (index < self.end).then(|| {
            wire::create_secret(
                &seeded_name(index),
                SECRET_VALUE,
                &client_token(1, 0, index),
            )
        })
    }
}

/// GetSecretValue of seeded secrets.
pub(crate) struct GetValues {
    population: usize,
    worker: usize,
    sequence: usize,
}

impl GetValues {
    pub(crate) fn new(slot: Slot) -> Self {
        Self {
            population: slot.population,
            worker: slot.worker,
            sequence: slot.first_sequence(),
        }
    }
}

impl Workload for GetValues {
    fn next_call(&mut self) -> Option<Call> {
        self.sequence += 1;
        let index = spread(self.worker, self.sequence, self.population);
        Some(wire::get_secret_value(&seeded_name(index)))
    }
}

/// DescribeSecret of seeded secrets.
pub(crate) struct Describes {
    population: usize,
    worker: usize,
    sequence: usize,
}

impl Describes {
    pub(crate) fn new(slot: Slot) -> Self {
        Self {
            population: slot.population,
            worker: slot.worker,
            sequence: slot.first_sequence(),
        }
    }
}

impl Workload for Describes {
    fn next_call(&mut self) -> Option<Call> {
        self.sequence += 1;
        let index = spread(self.worker, self.sequence, self.population);
        Some(wire::describe_secret(&seeded_name(index)))
    }
}

/// CreateSecret of new secrets, apart from the seeded ones.
pub(crate) struct Creates {
    worker: usize,
    sequence: usize,
}

impl Creates {
    pub(crate) fn new(slot: Slot) -> Self {
        Self {
            worker: slot.worker,
            sequence: slot.first_sequence(),
        }
    }
}

impl Workload for Creates {
    fn next_call(&mut self) -> Option<Call> {
        self.sequence += 1;
        let name = format!("bench/created/w{}-{}", self.worker, self.sequence);
        Some(wire::create_secret(
            &name,
            SECRET_VALUE,
            &client_token(2, self.worker, self.sequence),
        ))
    }
}

/// PutSecretValue (a new version) on seeded secrets.
pub(crate) struct Puts {
    population: usize,
    worker: usize,
    sequence: usize,
}

impl Puts {
    pub(crate) fn new(slot: Slot) -> Self {
        Self {
            population: slot.population,
            worker: slot.worker,
            sequence: slot.first_sequence(),
        }
    }
}

impl Workload for Puts {
    fn next_call(&mut self) -> Option<Call> {
        self.sequence += 1;
        let index = spread(self.worker, self.sequence, self.population);
        Some(wire::put_secret_value(
            &seeded_name(index),
            SECRET_VALUE,
            &client_token(3, self.worker, self.sequence),
        ))
    }
}

/// Walks all ListSecrets pages with `NextToken`, and starts over at the end, so deep pages
/// count as much as the first one.
pub(crate) struct PageWalk {
    name_prefix: Option<&'static str>,
    next_token: Option<String>,
}

impl PageWalk {
    pub(crate) fn new(name_prefix: Option<&'static str>) -> Self {
        Self {
            name_prefix,
            next_token: None,
        }
    }
}

impl Workload for PageWalk {
    fn next_call(&mut self) -> Option<Call> {
        Some(wire::list_secrets(
            PAGE_SIZE,
            self.name_prefix,
            self.next_token.as_deref(),
        ))
    }

    fn observe(&mut self, reply: &Reply) {
        self.next_token = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|page| page.get("NextToken")?.as_str().map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_is_64_bytes_and_tokens_are_uuid_shaped() {
        assert_eq!(SECRET_VALUE.len(), 64);
        let token = client_token(3, 17, 123_456);
        assert_eq!(token.len(), 36);
        assert_eq!(token.matches('-').count(), 4);
    }

    #[test]
    fn a_tenth_of_the_names_match_the_filter() {
        let matching = (0..1_000)
            .filter(|&index| seeded_name(index).starts_with(FILTER_PREFIX))
            .count();
        assert_eq!(matching, 100);
    }
}
