//! Native runtime pieces for the core's host seams: the system clock, a tokio sleeper and
//! std-seeded jitter, plus `native_executor()` that wires them to the reqwest transport.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use triplink_core::client::{Clock, HttpExecutor, Jitter, Sleeper};
use triplink_core::flow::retry::RetryPolicy;
use triplink_core::flow::retry_budget::{RetryBudget, RetryBudgetPolicy};
use triplink_core::transport::{ReqwestTransport, Transport, TransportError};

/// The operating system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// Sleeps on the tokio timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleeper;

#[async_trait::async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep_ms(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

/// Jitter from std's randomly keyed SipHash over a counter: no extra crate, good enough to
/// spread retries (not for cryptography).
#[derive(Debug)]
pub struct SystemJitter {
    state: std::collections::hash_map::RandomState,
    counter: AtomicU64,
}

impl Default for SystemJitter {
    fn default() -> Self {
        SystemJitter {
            state: std::collections::hash_map::RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }
}

impl Jitter for SystemJitter {
    fn unit(&self) -> f64 {
        let mut h = self.state.build_hasher();
        h.write_u64(self.counter.fetch_add(1, Ordering::Relaxed));
        (h.finish() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Total time one call may take across its retries, in the native executor.
pub const NATIVE_CALL_DEADLINE_MS: u64 = 45_000;

/// An executor over reqwest (10 s connect timeout) with the system runtime pieces and the
/// default retry policy, each call bounded by [`NATIVE_CALL_DEADLINE_MS`] in all, retries
/// drawn from one shared default [`RetryBudget`].
pub fn native_executor() -> Result<HttpExecutor, TransportError> {
    native_executor_with(
        RetryPolicy {
            total_deadline_ms: Some(NATIVE_CALL_DEADLINE_MS),
            ..RetryPolicy::default()
        },
        triplink_core::transport::DEFAULT_CONNECT_TIMEOUT_MS,
    )
}

/// An executor over reqwest with this retry policy (its `total_deadline_ms` is enforced with
/// the system clock), this connect timeout in milliseconds and a default [`RetryBudget`].
pub fn native_executor_with(
    policy: RetryPolicy,
    connect_timeout_ms: u64,
) -> Result<HttpExecutor, TransportError> {
    let transport: Arc<dyn Transport> = Arc::new(ReqwestTransport::with_connect_timeout_ms(
        connect_timeout_ms,
    )?);
    Ok(HttpExecutor::new(
        transport,
        Arc::new(TokioSleeper),
        Arc::new(SystemJitter::default()),
        policy,
    )
    .with_clock(Arc::new(SystemClock))
    // One bucket for every call of this executor and its clones: a full outage costs at most
    // 100 retries in all (the AWS SDKs' standard retry mode), not 3 per call.
    .with_retry_budget(Arc::new(RetryBudget::new(RetryBudgetPolicy::default()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_unit_interval_and_varies() {
        let j = SystemJitter::default();
        let v: Vec<f64> = (0..100).map(|_| j.unit()).collect();
        assert!(v.iter().all(|x| (0.0..1.0).contains(x)));
        assert!(v.windows(2).any(|w| w[0] != w[1]));
    }
}
