//! Runs the stores' blocking file and SQLite work off the async worker threads: on tokio's
//! blocking pool when a tokio runtime is running, inline otherwise (a synchronous host).

use triplink_core::{Result, TriplinkError};

/// Runs `work` where blocking IO does not stall other tasks, and returns its result.
pub(crate) async fn off_workers<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    #[cfg(feature = "native")]
    if tokio::runtime::Handle::try_current().is_ok() {
        return tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| TriplinkError::Internal {
                message: format!("token store: blocking task failed: {e}"),
            })?;
    }
    work()
}

/// The error for a store whose lock a panicking thread left behind.
pub(crate) fn poisoned(what: &str) -> TriplinkError {
    TriplinkError::Internal {
        message: format!("{what}: lock poisoned"),
    }
}
