//! The seams the app need not supply: the system clock, a sleeper that needs no async runtime
//! (one shared timer thread wakes every waiting future, so any foreign executor can drive
//! it) and jitter from the standard library's randomly seeded hasher. No tokio inside the
//! binding.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use triplink_core::client::{Clock, Jitter, Sleeper};

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// Waits on one timer shared by the whole process (futures-timer's helper thread): no async
/// runtime needed, any foreign executor can drive the future, and a thousand concurrent
/// waits still use that one thread.
pub struct TimerSleeper;

#[async_trait::async_trait]
impl Sleeper for TimerSleeper {
    async fn sleep_ms(&self, ms: u64) {
        if ms > 0 {
            futures_timer::Delay::new(Duration::from_millis(ms)).await;
        }
    }
}

/// Jitter in `[0, 1)` from a freshly, randomly seeded hasher.
pub struct HashJitter;

impl Jitter for HashJitter {
    fn unit(&self) -> f64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(SystemClock.now_ms());
        // The top 53 bits as a fraction.
        (h.finish() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads of this process (Linux).
    fn threads() -> usize {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(0)
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_thousand_concurrent_sleeps_share_one_timer_thread() {
        // Warm the shared timer up, then count.
        futures_executor_block_on(TimerSleeper.sleep_ms(1));
        let before = threads();
        let started = std::time::Instant::now();
        let sleeps: Vec<_> = (0..1_000).map(|_| TimerSleeper.sleep_ms(200)).collect();
        let all = futures_util::future::join_all(sleeps);
        let mut peak = 0;
        futures_executor_block_on(async {
            let watch = async {
                loop {
                    peak = peak.max(threads());
                    futures_timer::Delay::new(Duration::from_millis(20)).await;
                }
            };
            futures_util::pin_mut!(watch);
            futures_util::future::select(Box::pin(all), watch).await;
        });
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(before > 0, "no /proc/self/status");
        assert!(
            peak <= before + 2,
            "{peak} threads at the peak, {before} before"
        );
    }

    /// A minimal executor: polls on the test thread, parking until woken.
    fn futures_executor_block_on<F: std::future::Future>(f: F) -> F::Output {
        use std::sync::Arc;
        use std::task::{Context, Poll, Wake, Waker};
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut f = std::pin::pin!(f);
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
            std::thread::park();
        }
    }
}
