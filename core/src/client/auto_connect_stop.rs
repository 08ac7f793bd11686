//! Ending an auto-connect run early without losing work: the host's [`StopHandle`] and the
//! whole-run deadline. Either one stops the run from taking new requests (no page is read, no
//! request started); requests already started finish — exchange, journal and PUT — so no user
//! is left with stored tokens and no status. The run then returns its partial report with the
//! reason in `stopped`.

use super::runtime::Clock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Stops an auto-connect run from another task or thread (clone it freely).
///
/// ```
/// use triplink_core::client::StopHandle;
/// let stop = StopHandle::new();
/// let for_the_signal_handler = stop.clone();
/// for_the_signal_handler.stop_because("SIGTERM");
/// assert!(stop.is_stopped());
/// assert_eq!(stop.reason().as_deref(), Some("SIGTERM"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct StopHandle(Arc<StopState>);

#[derive(Debug, Default)]
struct StopState {
    stopped: AtomicBool,
    reason: Mutex<Option<String>>,
}

impl StopHandle {
    /// A handle not stopped yet.
    pub fn new() -> Self {
        StopHandle::default()
    }

    /// Stops the run: no new request is started, the ones in flight finish.
    pub fn stop(&self) {
        self.stop_because("stopped by the host");
    }

    /// [`StopHandle::stop`] with the reason the report names (the first reason is kept).
    pub fn stop_because(&self, reason: impl Into<String>) {
        if let Ok(mut r) = self.0.reason.lock() {
            r.get_or_insert_with(|| reason.into());
        }
        self.0.stopped.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for. A stopped handle stays stopped: a later run of the same
    /// job ends at once (give a new job a new handle).
    pub fn is_stopped(&self) -> bool {
        self.0.stopped.load(Ordering::SeqCst)
    }

    /// The reason given, once stopped.
    pub fn reason(&self) -> Option<String> {
        self.0.reason.lock().ok().and_then(|r| r.clone())
    }
}

/// What may end a run early besides its own failures: the host's handle and the deadline.
pub(super) struct RunLimits {
    stop: StopHandle,
    /// The clock, the end (Unix ms) and the deadline as configured (ms).
    deadline: Option<(Arc<dyn Clock>, u64, u64)>,
}

impl RunLimits {
    /// Limits of a run starting now; `deadline_ms` counts from now.
    pub(super) fn start(stop: StopHandle, clock: Arc<dyn Clock>, deadline_ms: Option<u64>) -> Self {
        let deadline = deadline_ms.map(|ms| {
            let end = clock.now_ms().saturating_add(ms);
            (clock, end, ms)
        });
        RunLimits { stop, deadline }
    }

    /// Why the run must take no new work, if it must.
    pub(super) fn reached(&self) -> Option<String> {
        if self.stop.is_stopped() {
            let why = self
                .stop
                .reason()
                .unwrap_or_else(|| "stopped by the host".into());
            return Some(format!(
                "run stopped: {why}; requests in flight were finished, the rest left queued"
            ));
        }
        match &self.deadline {
            Some((clock, end, ms)) if clock.now_ms() >= *end => Some(format!(
                "run stopped: its {ms} ms deadline passed; requests in flight were finished, \
                 the rest left queued"
            )),
            _ => None,
        }
    }
}
