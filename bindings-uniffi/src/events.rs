//! Events for Kotlin/Swift/Python: the app's `EventListener` receives each of the core's
//! `SdkEvent`s as a uniffi enum (pages read, requests decided and PUT, retries scheduled,
//! tokens refreshed, redirects), passed to `TriplinkClient.with_events`. Conversion only.
//! A listener that throws is ignored — the call or run it reports on goes on — and its first
//! failure per client is written to stderr, once.

use crate::client::{TriplinkClient, TriplinkSettings};
use crate::errors::Result;
use crate::host::{HttpTransport, TokenStore};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use triplink_core::client::{EventSink, SdkEvent as CoreEvent};

/// One thing the SDK did. New kinds may be added in later versions: match with an `else` /
/// `default` / `case _` arm.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
#[non_exhaustive]
pub enum SdkEvent {
    /// The auto-connect job read a page with this many requests it had not seen.
    PageRead {
        /// Requests new to this run.
        new_requests: u64,
    },
    /// The auto-connect job chose a request's status (the PUT follows).
    RequestDecided {
        /// The request id.
        request_id: String,
        /// The status chosen (`CRSUC`, `CREU1`, …).
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
        /// Why: `HTTP 503`, `Timeout`, …
        reason: String,
        /// The wait before the next attempt, in milliseconds.
        wait_ms: u64,
    },
    /// An access token was refreshed (the new set stored before use).
    TokenRefreshed {
        /// The token-store key.
        key: String,
        /// Whether the refresh token was rotated too.
        rotated: bool,
    },
    /// A grant was redirected to the account's geolocation.
    Redirected {
        /// The base URL it was sent to.
        from_url: String,
        /// The base URL it goes to next.
        to_url: String,
    },
}

/// The core's event as the binding's; `None` for a kind this binding does not know yet.
fn convert(e: &CoreEvent) -> Option<SdkEvent> {
    Some(match e.clone() {
        CoreEvent::PageRead { new_requests } => SdkEvent::PageRead {
            new_requests: new_requests as u64,
        },
        CoreEvent::RequestDecided { request_id, status } => {
            SdkEvent::RequestDecided { request_id, status }
        }
        CoreEvent::PutDone {
            request_id,
            status,
            correlation_id,
        } => SdkEvent::PutDone {
            request_id,
            status,
            correlation_id,
        },
        CoreEvent::RetryScheduled {
            method,
            path,
            attempt,
            reason,
            wait_ms,
        } => SdkEvent::RetryScheduled {
            method,
            path,
            attempt,
            reason,
            wait_ms,
        },
        CoreEvent::TokenRefreshed { key, rotated } => SdkEvent::TokenRefreshed { key, rotated },
        CoreEvent::Redirected { from, to } => SdkEvent::Redirected {
            from_url: from,
            to_url: to,
        },
        _ => return None,
    })
}

/// What a listener threw (it is ignored: see [`EventListener`]).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum EventListenerError {
    /// The listener failed.
    #[error("{detail}")]
    Failed {
        /// Its message.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for EventListenerError {
    /// Any exception the listener throws.
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        EventListenerError::Failed { detail: e.reason }
    }
}

/// Receives the SDK's events; implemented by the app. Called inline on the thread driving the
/// call, so return quickly (hand slow work to a queue). An exception is ignored: the SDK goes
/// on, and the first one per client is written to stderr.
#[uniffi::export(with_foreign)]
pub trait EventListener: Send + Sync {
    /// Called for every event.
    fn on_event(&self, event: SdkEvent) -> std::result::Result<(), EventListenerError>;
}

/// The app's listener as the core's event sink.
struct ForeignEvents {
    listener: Arc<dyn EventListener>,
    reported: AtomicBool,
}

impl EventSink for ForeignEvents {
    fn on_event(&self, event: &CoreEvent) {
        let Some(event) = convert(event) else {
            return;
        };
        if let Err(e) = self.listener.on_event(event) {
            if !self.reported.swap(true, Ordering::Relaxed) {
                eprintln!(
                    "triplink: the EventListener failed (ignored; the SDK goes on; \
                     reported once per client): {e}"
                );
            }
        }
    }
}

#[uniffi::export]
impl TriplinkClient {
    /// A client like the primary constructor's whose calls and jobs report to `listener`.
    #[uniffi::constructor]
    pub fn with_events(
        settings: TriplinkSettings,
        transport: Arc<dyn HttpTransport>,
        token_store: Option<Arc<dyn TokenStore>>,
        listener: Arc<dyn EventListener>,
    ) -> Result<Arc<Self>> {
        let sink: Arc<dyn EventSink> = Arc::new(ForeignEvents {
            listener,
            reported: AtomicBool::new(false),
        });
        TriplinkClient::build(settings, transport, token_store, Some(sink))
    }
}
