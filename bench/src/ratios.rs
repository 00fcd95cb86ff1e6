//! Ours ÷ another server, for load measurements. The servers took turns round by round, so each
//! round of ours is paired with the other server's round next to it in time, and the ratio is the
//! median of those pairs: a burst of noise from the rest of the machine spoils one pair, not the
//! figure.

use crate::latency::median;
use crate::load::{LoadResult, Round};

/// Ours ÷ other throughput (higher is better for ours). `None` when either server had no
/// successful round.
pub(crate) fn throughput(ours: &LoadResult, other: &LoadResult) -> Option<f64> {
    paired(ours, other, |round| Some(round.throughput))
}

/// Ours ÷ other median latency (lower is better for ours).
pub(crate) fn p50(ours: &LoadResult, other: &LoadResult) -> Option<f64> {
    paired(ours, other, |round| round.p50.map(|p50| p50.as_secs_f64()))
}

fn paired(ours: &LoadResult, other: &LoadResult, figure: fn(&Round) -> Option<f64>) -> Option<f64> {
    let ratios: Vec<f64> = ours
        .rounds
        .iter()
        .zip(&other.rounds)
        .filter_map(|(ours, other)| match (figure(ours)?, figure(other)?) {
            (ours, other) if ours > 0.0 && other > 0.0 => Some(ours / other),
            _ => None,
        })
        .collect();
    median(ratios)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(throughputs: &[f64]) -> LoadResult {
        let mut result = LoadResult::default();
        result.rounds = throughputs
            .iter()
            .map(|&throughput| Round {
                throughput,
                p50: None,
            })
            .collect();
        result
    }

    #[test]
    fn one_noisy_round_does_not_move_the_ratio() {
        let ours = result(&[900.0, 100.0, 1_000.0]);
        let other = result(&[1_000.0, 1_000.0, 1_000.0]);
        assert_eq!(throughput(&ours, &other), Some(0.9));
    }

    #[test]
    fn rounds_without_answers_are_left_out() {
        assert_eq!(throughput(&result(&[0.0]), &result(&[10.0])), None);
        assert_eq!(
            throughput(&result(&[5.0, 8.0]), &result(&[0.0, 4.0])),
            Some(2.0)
        );
    }
}
