//! The one transport seam: plain owned `HttpRequest`/`HttpResponse` data and the async
//! `Transport` trait the host implements (reqwest natively, `fetch` in JS, OkHttp/URLSession on mobile).

mod http;
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
mod reqwest_transport;
#[cfg(any(test, feature = "testing"))]
mod scripted;

pub use crate::marker::MaybeSendSync;
pub use http::{HttpRequest, HttpResponse, Method, RetrySafety, CORRELATION_ID_HEADER};
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub use reqwest_transport::{ReqwestTransport, DEFAULT_CONNECT_TIMEOUT_MS};
#[cfg(any(test, feature = "testing"))]
pub use scripted::{ScriptedReply, ScriptedTransport};

use std::fmt;

/// Sends one HTTP request and returns the response, whatever its status.
///
/// Rules for implementors (design rule 4): a non-2xx status is a *response*, not an error;
/// redirects are **not** followed; `request.timeout_ms` is honoured when set. Return a
/// [`TransportError`] only when no complete response arrived.
///
/// Implement it with `#[async_trait::async_trait]` (and `?Send` on `wasm32`).
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
pub trait Transport: MaybeSendSync {
    /// Sends `request`; resolves with the response or a transport failure.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// What went wrong below HTTP. Hosts that cannot tell the finer kinds apart use `Connect`
/// and `Timeout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// The connection could not be made: the request certainly did not reach the server.
    Connect,
    /// No response within the request's timeout: the server may have acted on it.
    Timeout,
    /// The connection broke mid-exchange: the server may have acted on it.
    Io,
    /// The host cancelled the call.
    Cancelled,
    /// The host name did not resolve (a `Connect` kind: nothing was sent).
    Dns,
    /// The server refused the connection: nothing listens on that port (a `Connect` kind).
    Refused,
    /// The TLS handshake failed (certificate, protocol, or not a TLS server): nothing was
    /// sent, and repeating will not help.
    Tls,
    /// The connection was not established within the connect timeout (a `Connect` kind).
    ConnectTimeout,
    /// Connected and sent, but no complete answer within the request's timeout (a `Timeout`
    /// kind: the server may have acted on it).
    ReadTimeout,
}

impl TransportErrorKind {
    /// True for the kinds where the request certainly did not reach the server.
    pub fn before_sending(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect
                | TransportErrorKind::Dns
                | TransportErrorKind::Refused
                | TransportErrorKind::Tls
                | TransportErrorKind::ConnectTimeout
        )
    }

    /// True for the timeouts (connect or read).
    pub fn is_timeout(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Timeout
                | TransportErrorKind::ConnectTimeout
                | TransportErrorKind::ReadTimeout
        )
    }
}

/// A failure below HTTP: no complete response was received.
///
/// The message comes from the host's HTTP stack; implementors must not put request bodies or
/// headers (which carry secrets) into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// The failure class, which decides retry safety.
    pub kind: TransportErrorKind,
    /// A short human-readable description.
    pub message: String,
}

impl TransportError {
    /// A new transport error.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}
