//! The host's seams as foreign traits: the app does the HTTP (`HttpTransport`: OkHttp,
//! `java.net.http`, URLSession, httpx…) and keeps the tokens (`TokenStore`: Keystore,
//! Keychain…). Adapters here turn them into the core's `Transport` and `TokenStore`.

use std::sync::Arc;
use triplink_core::client::TokenStore as CoreTokenStore;
use triplink_core::model::TokenSet;
use triplink_core::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use triplink_core::TriplinkError as CoreError;

/// One HTTP header.
#[derive(Clone, Debug, uniffi::Record)]
pub struct HttpHeader {
    /// Header name.
    pub name: String,
    /// Header value (an `Authorization` value is a secret: never log it).
    pub value: String,
}

/// A request for the host to send. Do not follow redirects; honour `timeout_ms` when set.
/// It carries secrets (the `Authorization` header, token-grant bodies): never log it (Kotlin's
/// data-class `toString` prints every field).
#[derive(Clone, uniffi::Record)]
pub struct TransportRequest {
    /// `GET`, `POST`, `PUT`, `DELETE` or `PATCH`.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Headers in order (repeats allowed).
    pub headers: Vec<HttpHeader>,
    /// The body (UTF-8 JSON, XML or form text); empty for none.
    pub body: Vec<u8>,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: Option<u64>,
}

/// The host's answer: any status (a 4xx/5xx is a response, not a failure).
#[derive(Clone, uniffi::Record)]
pub struct TransportResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<HttpHeader>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// Why no complete response arrived. The kind decides retry safety: `Connect` means the
/// server never saw the request; `Timeout` and `Io` mean it may have acted.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HttpTransportError {
    /// The connection could not be made.
    #[error("connect: {detail}")]
    Connect {
        /// What happened (no headers or bodies: they carry secrets).
        detail: String,
    },
    /// No response in time.
    #[error("timeout: {detail}")]
    Timeout {
        /// What happened.
        detail: String,
    },
    /// The connection broke mid-exchange.
    #[error("io: {detail}")]
    Io {
        /// What happened.
        detail: String,
    },
    /// The host cancelled the call.
    #[error("cancelled: {detail}")]
    Cancelled {
        /// What happened.
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for HttpTransportError {
    /// Any other exception thrown by the host's `send` is a broken exchange (`Io`), so a call
    /// that may have acted is not repeated.
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpTransportError::Io { detail: e.reason }
    }
}

/// Sends HTTP requests for the SDK; implemented by the app.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and returns the response, whatever its status.
    async fn send(
        &self,
        request: TransportRequest,
    ) -> Result<TransportResponse, HttpTransportError>;
}

fn headers_out(h: &[(String, String)]) -> Vec<HttpHeader> {
    h.iter()
        .map(|(n, v)| HttpHeader {
            name: n.clone(),
            value: v.clone(),
        })
        .collect()
}

/// The core's `Transport` over the app's `HttpTransport`.
pub struct ForeignTransport(pub Arc<dyn HttpTransport>);

#[async_trait::async_trait]
impl Transport for ForeignTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let req = TransportRequest {
            method: request.method.as_str().to_owned(),
            url: request.url.clone(),
            headers: headers_out(&request.headers),
            body: request.body,
            timeout_ms: request.timeout_ms,
        };
        match self.0.send(req).await {
            Ok(r) => Ok(HttpResponse {
                status: r.status,
                headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
                body: r.body,
            }),
            Err(e) => {
                let (kind, detail) = match e {
                    HttpTransportError::Connect { detail } => (TransportErrorKind::Connect, detail),
                    HttpTransportError::Timeout { detail } => (TransportErrorKind::Timeout, detail),
                    HttpTransportError::Io { detail } => (TransportErrorKind::Io, detail),
                    HttpTransportError::Cancelled { detail } => {
                        (TransportErrorKind::Cancelled, detail)
                    }
                };
                Err(TransportError::new(kind, detail))
            }
        }
    }
}

/// The token store could not do its job.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TokenStoreError {
    /// The platform store failed (locked keychain, keystore error…).
    #[error("token store failed: {detail}")]
    Failed {
        /// What happened (never the token text).
        detail: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TokenStoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TokenStoreError::Failed { detail: e.reason }
    }
}

/// Keeps token sets between calls and runs; implemented by the app. Values are the SDK's
/// serialised token sets: opaque text holding secrets — keep it encrypted (Android
/// Keystore, iOS Keychain). `put` must be durable when it returns: a rotated refresh token is
/// saved before the new access token is used.
#[uniffi::export(with_foreign)]
pub trait TokenStore: Send + Sync {
    /// The value stored under `key`, or null.
    fn get(&self, key: String) -> Result<Option<String>, TokenStoreError>;
    /// Stores (replaces) the value under `key`.
    fn put(&self, key: String, value: String) -> Result<(), TokenStoreError>;
    /// Forgets `key`.
    fn delete(&self, key: String) -> Result<(), TokenStoreError>;
}

fn store_failed(op: &str, e: TokenStoreError) -> CoreError {
    CoreError::Internal {
        message: format!("token store `{op}`: {e}"),
    }
}

/// The core's `TokenStore` over the app's `TokenStore`.
pub struct ForeignTokenStore(pub Arc<dyn TokenStore>);

#[async_trait::async_trait]
impl CoreTokenStore for ForeignTokenStore {
    async fn load(&self, key: &str) -> triplink_core::Result<Option<TokenSet>> {
        match self
            .0
            .get(key.to_owned())
            .map_err(|e| store_failed("get", e))?
        {
            None => Ok(None),
            // The serde error names a position, never the (secret) text.
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| CoreError::Decode {
                    format: "json",
                    message: format!("stored token set: {e}"),
                }),
        }
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> triplink_core::Result<()> {
        let text = serde_json::to_string(tokens).map_err(|e| CoreError::Internal {
            message: format!("cannot encode the token set: {e}"),
        })?;
        self.0
            .put(key.to_owned(), text)
            .map_err(|e| store_failed("put", e))
    }

    async fn remove(&self, key: &str) -> triplink_core::Result<()> {
        self.0
            .delete(key.to_owned())
            .map_err(|e| store_failed("delete", e))
    }
}
