//! Cancellation for JS: the `AbortSignal` every async call of the client takes (an abort drops
//! the call's Rust future and rejects as `fetch` does), the graceful stop of auto-connect by the
//! same signal, and the per-request `AbortController` that cancels the host's HTTP request
//! when the SDK drops it.

#[cfg(feature = "full")]
use crate::errors::{invalid, JsResult};
#[cfg(feature = "full")]
use std::future::Future;
use wasm_bindgen::prelude::*;

#[cfg(feature = "full")]
#[wasm_bindgen(module = "/js/abort.js")]
extern "C" {
    #[wasm_bindgen(js_name = isAbortSignal)]
    fn is_abort_signal(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = abortError)]
    fn abort_error(signal: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = abortReasonText)]
    fn abort_reason_text(signal: &JsValue) -> String;
    #[wasm_bindgen(js_name = watchAbort)]
    fn watch_abort(signal: &JsValue) -> AbortWatch;
    type AbortWatch;
    #[wasm_bindgen(method, getter)]
    fn promise(this: &AbortWatch) -> js_sys::Promise;
    #[wasm_bindgen(method)]
    fn dispose(this: &AbortWatch);
}

#[wasm_bindgen(module = "/js/abort.js")]
extern "C" {
    #[wasm_bindgen(js_name = newRequestController)]
    fn new_request_controller() -> RequestController;
    type RequestController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &RequestController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &RequestController);
}

#[cfg(feature = "full")]
/// A caller's `AbortSignal`, read from the `signal` field of `options` (`undefined` or `null`
/// options or field: none); anything else there is an `InvalidInput` naming it.
fn signal_in(options: &JsValue, what: &str) -> JsResult<Option<JsValue>> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(invalid(what, "must be an object such as `{ signal }`"));
    }
    let signal =
        js_sys::Reflect::get(options, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED);
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    if !is_abort_signal(&signal) {
        return Err(invalid(&format!("{what}.signal"), "must be an AbortSignal"));
    }
    Ok(Some(signal))
}

#[cfg(feature = "full")]
fn is_aborted(signal: &JsValue) -> bool {
    js_sys::Reflect::get(signal, &JsValue::from_str("aborted"))
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// Runs one call of the client under the caller's `{ signal }` (`call`, the call's trailing
/// argument). An already-aborted signal rejects at once and nothing is sent; an abort during
/// the call drops `work` — and with it the request in flight, whose `fetch` is aborted — and
/// rejects with the signal's reason (an `AbortError` `DOMException` unless the caller gave
/// another), as `fetch` does.
#[cfg(feature = "full")]
pub(crate) async fn abortable<T>(
    call: &JsValue,
    work: impl Future<Output = JsResult<T>>,
) -> JsResult<T> {
    let Some(signal) = signal_in(call, "options")? else {
        return work.await;
    };
    if is_aborted(&signal) {
        return Err(abort_error(&signal));
    }
    let watch = watch_abort(&signal);
    let aborted = wasm_bindgen_futures::JsFuture::from(watch.promise());
    let work = std::pin::pin!(work);
    let out = match futures_util::future::select(work, aborted).await {
        futures_util::future::Either::Left((done, _)) => done,
        futures_util::future::Either::Right(_) => Err(abort_error(&signal)),
    };
    watch.dispose();
    out
}

/// Runs an auto-connect job under the `signal` of its `options`, gracefully: an abort (or an
/// already-aborted signal) stops the job from taking new requests, lets the ones in flight
/// finish (exchange, journal and PUT) and resolves with the partial report, whose `stopped`
/// names the signal's reason. Never rejects for the abort: what was done is reported.
#[cfg(feature = "full")]
pub(crate) async fn run_stoppable(
    options: &JsValue,
    job: &triplink_core::client::AutoConnect,
) -> JsResult<triplink_core::client::auto_connect_report::AutoConnectReport> {
    let Some(signal) = signal_in(options, "options")? else {
        return Ok(job.run().await);
    };
    let stop = job.stop_handle();
    let because = |signal: &JsValue| {
        format!(
            "the AbortSignal was aborted ({})",
            abort_reason_text(signal)
        )
    };
    if is_aborted(&signal) {
        stop.stop_because(because(&signal));
        return Ok(job.run().await);
    }
    let watch = watch_abort(&signal);
    let aborted = wasm_bindgen_futures::JsFuture::from(watch.promise());
    let run = std::pin::pin!(job.run());
    let report = match futures_util::future::select(run, aborted).await {
        futures_util::future::Either::Left((report, _)) => report,
        futures_util::future::Either::Right((_, run)) => {
            stop.stop_because(because(&signal));
            run.await
        }
    };
    watch.dispose();
    Ok(report)
}

/// One transport request's `AbortController`: its `signal` goes to the host with the request
/// (`fetch` gets it), and dropping the guard before [`RequestCancel::finish`] — the SDK gave
/// up on the request: an aborted call, a dropped job — aborts it, so the HTTP request is
/// cancelled rather than left to finish unread.
pub(crate) struct RequestCancel {
    controller: RequestController,
    finished: bool,
}

impl RequestCancel {
    pub(crate) fn new() -> Self {
        RequestCancel {
            controller: new_request_controller(),
            finished: false,
        }
    }

    /// The `AbortSignal` to hand to the host with the request.
    pub(crate) fn signal(&self) -> JsValue {
        self.controller.signal()
    }

    /// The request got its answer (or failed): nothing to cancel.
    pub(crate) fn finish(mut self) {
        self.finished = true;
    }
}

impl Drop for RequestCancel {
    fn drop(&mut self) {
        if !self.finished {
            self.controller.abort();
        }
    }
}
