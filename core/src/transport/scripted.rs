//! `ScriptedTransport`: an in-memory transport that answers from a script and records every
//! request, for tests of clients, flows and retries without a network.

use super::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum ScriptedReply {
    /// Answer with this response.
    Respond(HttpResponse),
    /// Fail below HTTP with this error.
    Fail(TransportError),
}

/// Answers requests from a queue of scripted replies, in order, and records every request.
///
/// When the script runs out it fails with a `Connect` error naming the unexpected request, so a
/// test sees the extra call instead of hanging.
///
/// ```
/// # use triplink_core::transport::{ScriptedTransport, HttpResponse, HttpRequest, Method, Transport};
/// # futures_lite_block_on(async {
/// let t = ScriptedTransport::new();
/// t.push_response(HttpResponse::new(204, ""));
/// let resp = t.send(HttpRequest::new(Method::Put, "https://x.test/a")).await.unwrap();
/// assert_eq!(resp.status, 204);
/// assert_eq!(t.requests()[0].url, "https://x.test/a");
/// # });
/// # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Waker};
/// #     let mut f = std::pin::pin!(f);
/// #     let mut cx = Context::from_waker(Waker::noop());
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// ```
#[derive(Debug, Default)]
pub struct ScriptedTransport {
    replies: Mutex<VecDeque<ScriptedReply>>,
    seen: Mutex<Vec<HttpRequest>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means another test thread panicked; the data is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ScriptedTransport {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a response.
    pub fn push_response(&self, response: HttpResponse) -> &Self {
        lock(&self.replies).push_back(ScriptedReply::Respond(response));
        self
    }

    /// Queues a transport failure.
    pub fn push_failure(&self, kind: TransportErrorKind, message: &str) -> &Self {
        lock(&self.replies).push_back(ScriptedReply::Fail(TransportError::new(kind, message)));
        self
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.seen).clone()
    }

    /// How many scripted replies are still unused.
    pub fn remaining(&self) -> usize {
        lock(&self.replies).len()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl Transport for ScriptedTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let label = format!("{} {}", request.method.as_str(), request.url);
        lock(&self.seen).push(request);
        match lock(&self.replies).pop_front() {
            Some(ScriptedReply::Respond(r)) => Ok(r),
            Some(ScriptedReply::Fail(e)) => Err(e),
            None => Err(TransportError::new(
                TransportErrorKind::Connect,
                format!("script exhausted; unexpected request {label}"),
            )),
        }
    }
}
