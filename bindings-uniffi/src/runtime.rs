//! The seams the app need not supply: the system clock, a sleeper that needs no async runtime
//! (a timer thread wakes the future, so any foreign executor can drive it) and jitter from
//! the standard library's randomly seeded hasher. No tokio inside the binding.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
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

#[derive(Default)]
struct TimerState {
    done: bool,
    waker: Option<Waker>,
}

/// A future that a timer thread completes after a delay.
struct Delay {
    state: Arc<Mutex<TimerState>>,
}

impl Delay {
    fn new(ms: u64) -> Self {
        let state = Arc::new(Mutex::new(TimerState::default()));
        let shared = state.clone();
        let spawned = std::thread::Builder::new()
            .name("triplink-timer".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(ms));
                if let Ok(mut s) = shared.lock() {
                    s.done = true;
                    if let Some(w) = s.waker.take() {
                        w.wake();
                    }
                }
            });
        if spawned.is_err() {
            // No thread to wait on: do not wait (a retry comes sooner, never never).
            if let Ok(mut s) = state.lock() {
                s.done = true;
            }
        }
        Delay { state }
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.state.lock() {
            Ok(mut s) if !s.done => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
            _ => Poll::Ready(()),
        }
    }
}

/// Waits on a timer thread (retries are rare, so a short-lived thread per wait is cheap).
pub struct ThreadSleeper;

#[async_trait::async_trait]
impl Sleeper for ThreadSleeper {
    async fn sleep_ms(&self, ms: u64) {
        if ms > 0 {
            Delay::new(ms).await;
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
