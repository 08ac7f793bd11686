//! Test doubles for the host seams (feature `testing`): a clock that moves only when told, a
//! sleeper that records instead of waiting, and fixed jitter, so token lifetimes, backoff and
//! re-queue rules can be asserted to the millisecond. Not part of the default API.

use super::runtime::{Clock, Jitter, Sleeper};
use std::sync::atomic::{AtomicU64, Ordering};

/// A clock that moves only when told.
///
/// ```
/// use triplink_core::client::{Clock, ManualClock};
/// let c = ManualClock::new(1_000);
/// c.advance_ms(500);
/// assert_eq!(c.now_ms(), 1_500);
/// ```
#[derive(Debug, Default)]
pub struct ManualClock {
    ms: AtomicU64,
}

impl ManualClock {
    /// A clock reading `start_ms`.
    pub fn new(start_ms: u64) -> Self {
        ManualClock {
            ms: AtomicU64::new(start_ms),
        }
    }

    /// Moves the clock forward.
    pub fn advance_ms(&self, ms: u64) {
        self.ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set_ms(&self, ms: u64) {
        self.ms.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.ms.load(Ordering::SeqCst)
    }
}

/// A sleeper that does not wait but advances a [`ManualClock`] and records each sleep, so
/// backoff schedules can be asserted exactly.
#[derive(Debug)]
pub struct RecordingSleeper {
    clock: std::sync::Arc<ManualClock>,
    slept: std::sync::Mutex<Vec<u64>>,
}

impl RecordingSleeper {
    /// A sleeper that advances `clock`.
    pub fn new(clock: std::sync::Arc<ManualClock>) -> Self {
        RecordingSleeper {
            clock,
            slept: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Every sleep so far, in milliseconds.
    pub fn slept(&self) -> Vec<u64> {
        self.slept.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl Sleeper for RecordingSleeper {
    async fn sleep_ms(&self, ms: u64) {
        if let Ok(mut v) = self.slept.lock() {
            v.push(ms);
        }
        self.clock.advance_ms(ms);
    }
}

/// A fixed jitter value: deterministic schedules for tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn unit(&self) -> f64 {
        self.0
    }
}
