//! Host-supplied runtime seams: the `Clock` (core never reads time itself) and the async
//! `Sleeper` (core has no runtime), so tokens, backoff and re-queue rules are testable to the second.

use crate::transport::MaybeSendSync;

/// Tells the current time. Hosts pass the system clock; tests pass a `ManualClock` (feature `testing`).
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

/// Supplies jitter for backoff: a number in `[0, 1)`. Core draws no random numbers itself.
pub trait Jitter: MaybeSendSync {
    /// The next jitter value in `[0, 1)`.
    fn unit(&self) -> f64;
}
