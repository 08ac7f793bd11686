//! Host-supplied runtime seams: the `Clock` (core never reads time itself) and the async
//! `Sleeper` (core has no runtime), so tokens, backoff and re-queue rules are testable to the second.

use crate::transport::MaybeSendSync;
use std::sync::atomic::{AtomicU64, Ordering};

/// Tells the current time. Hosts pass the system clock; tests pass a [`ManualClock`].
pub trait Clock: MaybeSendSync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;

    /// Whole seconds since the Unix epoch.
    fn now_secs(&self) -> u64 {
        self.now_ms() / 1000
    }
}

/// Waits. Natively a tokio/async-std sleep, in JS a `setTimeout` promise, on mobile the
/// platform's scheduler.
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait Sleeper: MaybeSendSync {
    /// Resolves after `ms` milliseconds.
    async fn sleep_ms(&self, ms: u64);
}

/// A clock that moves only when told: for tests and for the sandbox's controllable time.
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

/// Supplies jitter for backoff: a number in `[0, 1)`. Core draws no random numbers itself.
pub trait Jitter: MaybeSendSync {
    /// The next jitter value in `[0, 1)`.
    fn unit(&self) -> f64;
}

/// A fixed jitter value: deterministic schedules for tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn unit(&self) -> f64 {
        self.0
    }
}
