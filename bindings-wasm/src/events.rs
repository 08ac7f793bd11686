//! `options.onEvent` for JS: each of the core's `SdkEvent`s converted to a plain object with a
//! `kind` (`{kind: 'requestDecided', requestId, status}`) and passed to the app's function.
//! Conversion only; a callback that throws (or returns a promise that rejects) is ignored — the
//! call or run it reports on goes on — and its first failure per client is logged with
//! `console.warn`, once.

use crate::convert::to_js;
use crate::errors::{invalid, JsResult};
use serde::Serialize;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use triplink_core::client::{EventSink, SdkEvent};
use wasm_bindgen::prelude::*;

/// The JS shape of an event (`index.d.ts`: `SdkEvent`). Borrowed from the core's event.
#[derive(Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
enum JsEvent<'a> {
    PageRead {
        new_requests: usize,
    },
    RequestDecided {
        request_id: &'a str,
        status: &'a str,
    },
    PutDone {
        request_id: &'a str,
        status: &'a str,
        correlation_id: Option<&'a str>,
    },
    RetryScheduled {
        method: &'a str,
        path: &'a str,
        attempt: u32,
        reason: &'a str,
        wait_ms: u64,
    },
    TokenRefreshed {
        key: &'a str,
        rotated: bool,
    },
    Redirected {
        from: &'a str,
        to: &'a str,
    },
}

/// The core's event in its JS shape; `None` for a kind this binding does not know yet.
fn js_event(e: &SdkEvent) -> Option<JsEvent<'_>> {
    Some(match e {
        SdkEvent::PageRead { new_requests } => JsEvent::PageRead {
            new_requests: *new_requests,
        },
        SdkEvent::RequestDecided { request_id, status } => {
            JsEvent::RequestDecided { request_id, status }
        }
        SdkEvent::PutDone {
            request_id,
            status,
            correlation_id,
        } => JsEvent::PutDone {
            request_id,
            status,
            correlation_id: correlation_id.as_deref(),
        },
        SdkEvent::RetryScheduled {
            method,
            path,
            attempt,
            reason,
            wait_ms,
        } => JsEvent::RetryScheduled {
            method,
            path,
            attempt: *attempt,
            reason,
            wait_ms: *wait_ms,
        },
        SdkEvent::TokenRefreshed { key, rotated } => JsEvent::TokenRefreshed {
            key,
            rotated: *rotated,
        },
        SdkEvent::Redirected { from, to } => JsEvent::Redirected { from, to },
        _ => return None,
    })
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str, error: &JsValue);
}

/// `console.warn`s the first failure of a client's callback; later ones are ignored silently.
fn warn_once(warned: &Cell<bool>, error: &JsValue) {
    if !warned.replace(true) {
        console_warn(
            "triplink: the onEvent callback failed (ignored; the SDK goes on; reported once per client):",
            error,
        );
    }
}

/// The app's `onEvent` function as the core's event sink.
struct JsEventSink {
    callback: js_sys::Function,
    /// Takes a rejection: made once, attached to each promise the callback returns.
    on_rejected: js_sys::Function,
    /// Whether a failure was logged already.
    warned: Rc<Cell<bool>>,
}

impl EventSink for JsEventSink {
    fn on_event(&self, event: &SdkEvent) {
        let Some(shape) = js_event(event) else {
            return;
        };
        let Ok(value) = to_js(&shape) else {
            return;
        };
        match self.callback.call1(&JsValue::NULL, &value) {
            Err(e) => warn_once(&self.warned, &e),
            // An async callback: its rejection is logged, never left unhandled.
            Ok(ret) if ret.is_instance_of::<js_sys::Promise>() => {
                let catch = js_sys::Reflect::get(&ret, &JsValue::from_str("catch"))
                    .ok()
                    .and_then(|c| c.dyn_into::<js_sys::Function>().ok());
                if let Some(catch) = catch {
                    let _ = catch.call1(&ret, &self.on_rejected);
                }
            }
            Ok(_) => {}
        }
    }
}

/// `options.onEvent`: absent → no sink (no event is built); a function → the sink; anything
/// else → `InvalidInput` naming it.
pub(crate) fn sink(value: JsValue) -> JsResult<Option<Arc<dyn EventSink>>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.dyn_into::<js_sys::Function>() {
        Ok(callback) => {
            let warned = Rc::new(Cell::new(false));
            let w = warned.clone();
            let warn = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| warn_once(&w, &e));
            Ok(Some(Arc::new(JsEventSink {
                callback,
                on_rejected: warn.into_js_value().unchecked_into(),
                warned,
            })))
        }
        Err(_) => Err(invalid("options.onEvent", "must be a function")),
    }
}
