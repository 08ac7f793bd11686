//! The sandbox's controllable clock: real time plus an offset tests and the admin endpoint
//! move forward, so 15-minute, 1-hour and 24-hour rules can be exercised in milliseconds.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch, shifted by an adjustable offset.
#[derive(Clone, Debug, Default)]
pub struct SandboxClock {
    offset_secs: Arc<AtomicI64>,
}

impl SandboxClock {
    /// The sandbox's "now", in Unix seconds.
    pub fn now(&self) -> i64 {
        let real = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.offset_secs.load(Ordering::SeqCst)
    }

    /// Moves time forward by `secs`.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    /// The current offset from real time, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }
}
