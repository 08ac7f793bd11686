//! Typed events for the host: what the SDK did, as it happens — pages read, requests decided
//! and PUT, retries scheduled, tokens refreshed, geolocation redirects. A host installs one
//! [`EventSink`] on the executor ([`super::HttpExecutor::with_events`]); every client built on
//! that executor reports through it. Like the logs, events carry no secret, token or body.

use crate::transport::MaybeSendSync;
use std::sync::Arc;

/// One thing the SDK did. New kinds may be added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdkEvent {
    /// The auto-connect job read a page with this many requests it had not seen.
    PageRead {
        /// Requests new to this run.
        new_requests: usize,
    },
    /// The auto-connect job chose a request's status (the PUT follows).
    RequestDecided {
        /// The request id.
        request_id: String,
        /// The status code chosen (`CRSUC`, `CREU1`, ...).
        status: String,
    },
    /// A status PUT succeeded.
    PutDone {
        /// The request id.
        request_id: String,
        /// The status PUT.
        status: String,
        /// The PUT's `concur-correlationid`.
        correlation_id: Option<String>,
    },
    /// A call is retried after this wait.
    RetryScheduled {
        /// The HTTP method.
        method: String,
        /// The path template (ids as `{}`, no query).
        path: String,
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Why: `HTTP 503`, `Timeout`, ...
        reason: String,
        /// The wait before the next attempt, in milliseconds.
        wait_ms: u64,
    },
    /// An access token was refreshed (and the new set stored before use).
    TokenRefreshed {
        /// The token-store key.
        key: String,
        /// Whether the refresh token was rotated too.
        rotated: bool,
    },
    /// A grant was redirected to the account's geolocation.
    Redirected {
        /// The base URL it was sent to.
        from: String,
        /// The base URL it goes to next.
        to: String,
    },
}

/// Receives [`SdkEvent`]s (called inline: return quickly).
pub trait EventSink: MaybeSendSync {
    /// Called for every event.
    fn on_event(&self, event: &SdkEvent);
}

/// An optional sink; builds the event only when someone listens.
#[derive(Clone, Default)]
pub(crate) struct Events(Option<Arc<dyn EventSink>>);

impl Events {
    pub(crate) fn new(sink: Arc<dyn EventSink>) -> Self {
        Events(Some(sink))
    }

    pub(crate) fn emit(&self, event: impl FnOnce() -> SdkEvent) {
        if let Some(sink) = &self.0 {
            sink.on_event(&event());
        }
    }
}
