//! The stream's clock, which decides when an article leaves the candidate
//! set. It is read from the articles themselves, never from wall time or a
//! process's lifetime, so a live run and a run reopened from the store evict
//! the same articles at the same arrivals.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// How many of the latest dated arrivals the clock reads.
const RECENT: usize = 63;

/// The stream's time: the highest median, so far, of the publish times of
/// the latest [`RECENT`] dated articles. A median and not the maximum, so
/// that a few articles dated years ahead (a typo, a hostile input) cannot
/// push everything else out of the window; it only moves forward.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Clock {
    recent: VecDeque<i64>,
    now: Option<i64>,
}

impl Clock {
    /// Takes an arriving article's publish time (undated ones leave it as
    /// it is).
    pub fn observe(&mut self, time: Option<i64>) {
        let Some(t) = time else { return };
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(t);
        let mut sorted: Vec<i64> = self.recent.iter().copied().collect();
        let mid = sorted.len() / 2;
        let median = *sorted.select_nth_unstable(mid).1;
        self.now = Some(self.now.map_or(median, |n| n.max(median)));
    }

    /// The stream's time in unix seconds, once a dated article has arrived.
    pub fn now(&self) -> Option<i64> {
        self.now
    }

    /// Where an arriving article sits on the clock: its publish time, or
    /// for an undated one the time at which it arrived.
    pub fn place(&self, time: Option<i64>) -> Option<i64> {
        time.or(self.now)
    }
}

/// Whether the article that arrived `age` arrivals ago, at `place` on the
/// clock, has left a window of `days` and `arrivals`.
pub fn expired(
    place: Option<i64>,
    age: usize,
    now: Option<i64>,
    days: f32,
    arrivals: usize,
) -> bool {
    if age > arrivals {
        return true;
    }
    match (place, now) {
        (Some(p), Some(n)) => ((n - p) as f64) > f64::from(days) * 86_400.0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_dates_far_ahead_do_not_move_the_clock() {
        let mut c = Clock::default();
        for i in 0..100 {
            c.observe(Some(1_000_000 + i * 60));
        }
        let before = c.now().unwrap();
        for _ in 0..10 {
            c.observe(Some(4_000_000_000));
        }
        c.observe(None);
        assert!(c.now().unwrap() - before < 3600, "{:?}", c.now());
        // It never goes back.
        for _ in 0..100 {
            c.observe(Some(0));
        }
        assert!(c.now().unwrap() >= before);
    }

    #[test]
    fn expiry_by_days_and_by_arrivals() {
        let day = 86_400;
        assert!(!expired(Some(0), 5, Some(13 * day), 14.0, 100));
        assert!(expired(Some(0), 5, Some(15 * day), 14.0, 100));
        assert!(!expired(None, 100, Some(15 * day), 14.0, 100));
        assert!(expired(None, 101, None, 14.0, 100));
    }
}
