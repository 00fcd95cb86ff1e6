//! Latency samples and their percentiles.

use std::time::Duration;

/// p50 and p99 of a set of samples (nearest-rank).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Percentiles {
    pub p50: Duration,
    pub p99: Duration,
}

impl Percentiles {
    /// `None` when there are no samples.
    pub(crate) fn of(mut samples: Vec<Duration>) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let rank = |fraction: f64| {
            let index = (fraction * samples.len() as f64).ceil() as usize;
            samples[index.clamp(1, samples.len()) - 1]
        };
        Some(Self {
            p50: rank(0.50),
            p99: rank(0.99),
        })
    }
}

/// The median of a few values (start-up times, per-round ratios); the upper one of an even
/// count.
pub(crate) fn median<T: PartialOrd + Copy>(mut samples: Vec<T>) -> Option<T> {
    samples.sort_unstable_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    samples.get(samples.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples = (1..=100).map(Duration::from_millis).collect();
        let percentiles = Percentiles::of(samples).unwrap();
        assert_eq!(percentiles.p50, Duration::from_millis(50));
        assert_eq!(percentiles.p99, Duration::from_millis(99));
        assert!(Percentiles::of(Vec::new()).is_none());
        let one = Percentiles::of(vec![Duration::from_millis(7)]).unwrap();
        assert_eq!(one.p99, Duration::from_millis(7));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(vec![ms(3), ms(1), ms(2)]), Some(ms(2)));
        assert_eq!(median(vec![ms(4), ms(1), ms(3), ms(2)]), Some(ms(3)));
        assert_eq!(median(Vec::<Duration>::new()), None);
        assert_eq!(median(vec![0.5, 2.0, 1.0]), Some(1.0));
    }
}
