//! Stopping an auto-connect run from Kotlin, Swift or Python: `AutoConnectStop`, the core's
//! `StopHandle` as an object the app keeps (a shutdown hook, a "stop" button) and passes to
//! `auto_connect`. A stop is graceful: no new request is taken, the ones in flight finish, and
//! the run returns its partial report with the reason in `stopped`.

use std::sync::Arc;
use triplink_core::client::{AutoConnect, StopHandle};

/// Stops the auto-connect runs it is passed to, from any thread.
///
/// Kotlin:
/// ```kotlin
/// val stop = AutoConnectStop()
/// Runtime.getRuntime().addShutdownHook(Thread { stop.stop("shutting down") })
/// val report = client.autoConnect("supplier", index, null, stop)
/// report.stopped?.let { println("ended early: $it") } // the rest stays queued for next time
/// ```
/// A stopped handle stays stopped (a run given it later ends at once): use a new one per run.
#[derive(Debug, Default, uniffi::Object)]
pub struct AutoConnectStop {
    inner: StopHandle,
}

#[uniffi::export]
impl AutoConnectStop {
    /// A handle not stopped yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(AutoConnectStop::default())
    }

    /// Stops the runs: no new request is started, the ones in flight finish. `reason` is named
    /// in the report's `stopped` (the first reason given is kept).
    pub fn stop(&self, reason: Option<String>) {
        match reason {
            Some(r) => self.inner.stop_because(r),
            None => self.inner.stop(),
        }
    }

    /// Whether a stop was asked for.
    pub fn is_stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// The reason given, once stopped.
    pub fn reason(&self) -> Option<String> {
        self.inner.reason()
    }
}

/// `job`, stopped by `stop` when one is given.
pub(crate) fn stoppable(job: AutoConnect, stop: Option<Arc<AutoConnectStop>>) -> AutoConnect {
    match stop {
        Some(s) => job.with_stop_handle(s.inner.clone()),
        None => job,
    }
}
