//! The host seams in JS: the built-in `fetch` transport or any object with
//! `send(request): Promise<response>` (`request.signal` aborts when the SDK drops the request),
//! a JS token store (`get`/`set`/`delete`, sync or async), and the clock, sleeper and jitter
//! from `Date.now`, `setTimeout` and `Math.random`.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use triplink_core::client::{Clock, Jitter, Sleeper, TokenStore};
use triplink_core::model::TokenSet;
use triplink_core::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use triplink_core::{Result, TriplinkError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchSend)]
    fn fetch_send(request: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = sleepMs)]
    fn sleep_ms(ms: f64) -> Promise;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `obj[method](args…)` and awaits the result if it is a promise.
async fn call_method(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(obj, method)
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("the host object has no `{method}` method")))?;
    let argv: Array = args.iter().collect();
    let out = f.apply(obj, &argv)?;
    JsFuture::from(Promise::resolve(&out)).await
}

/// Where requests go.
pub enum JsTransport {
    /// The platform's `fetch` (browsers, Node ≥ 18).
    Fetch,
    /// A host object with `send(request)`.
    Host(JsValue),
}

pub(crate) fn request_to_js(r: &HttpRequest) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("method", JsValue::from_str(r.method.as_str()));
    set("url", JsValue::from_str(&r.url));
    let headers: Array = r
        .headers
        .iter()
        .map(|(k, v)| -> JsValue {
            Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)).into()
        })
        .collect();
    set("headers", headers.into());
    // Core builds bodies as UTF-8 text (JSON, XML, forms).
    set(
        "body",
        if r.body.is_empty() {
            JsValue::NULL
        } else {
            JsValue::from_str(&String::from_utf8_lossy(&r.body))
        },
    );
    set(
        "timeoutMs",
        r.timeout_ms
            .map(|t| JsValue::from(t as f64))
            .unwrap_or(JsValue::NULL),
    );
    // The builder's rule: may this request be sent again after it may have reached the server?
    set("safeToRepeat", JsValue::from_bool(r.retry_safety.is_safe()));
    o.into()
}

fn bad_response(what: &str) -> TransportError {
    TransportError::new(
        TransportErrorKind::Io,
        format!("the transport's response {what}"),
    )
}

pub(crate) fn response_from_js(v: &JsValue) -> Result<HttpResponse, TransportError> {
    let status = get(v, "status")
        .as_f64()
        .filter(|s| (100.0..=599.0).contains(s) && s.fract() == 0.0)
        .ok_or_else(|| bad_response("needs a numeric `status` between 100 and 599"))?
        as u16;
    let raw_headers = get(v, "headers");
    let mut headers = Vec::new();
    if Array::is_array(&raw_headers) {
        for pair in Array::from(&raw_headers).iter() {
            let pair = Array::from(&pair);
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(k), Some(v)) => headers.push((k, v)),
                _ => return Err(bad_response("headers must be [name, value] string pairs")),
            }
        }
    } else if raw_headers.is_object() {
        for entry in js_sys::Object::entries(&raw_headers.into()).iter() {
            let pair = Array::from(&entry);
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(k), Some(v)) => headers.push((k, v)),
                _ => return Err(bad_response("header values must be strings")),
            }
        }
    }
    let raw_body = get(v, "body");
    let body = if let Some(s) = raw_body.as_string() {
        s.into_bytes()
    } else if raw_body.is_instance_of::<Uint8Array>() {
        Uint8Array::from(raw_body).to_vec()
    } else if raw_body.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(&raw_body).to_vec()
    } else if raw_body.is_undefined() || raw_body.is_null() {
        Vec::new()
    } else {
        return Err(bad_response(
            "body must be a string, Uint8Array or ArrayBuffer",
        ));
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A transport failure from a rejected promise: `{kind, message}` objects keep their kind;
/// anything else is `Io` (the server may have acted, so unsafe calls are not repeated).
fn transport_failure(e: &JsValue) -> TransportError {
    let kind = match get(e, "kind").as_string().as_deref() {
        Some("connect") => TransportErrorKind::Connect,
        Some("timeout") => TransportErrorKind::Timeout,
        Some("cancelled") => TransportErrorKind::Cancelled,
        _ => TransportErrorKind::Io,
    };
    let message = get(e, "message")
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the host transport failed".to_owned());
    TransportError::new(kind, message)
}

#[async_trait::async_trait(?Send)]
impl Transport for JsTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let req = request_to_js(&request);
        // Aborted when this future is dropped before the answer (see `abort.rs`).
        let cancel = crate::abort::RequestCancel::new();
        let _ = Reflect::set(&req, &JsValue::from_str("signal"), &cancel.signal());
        let answer = match self {
            JsTransport::Fetch => JsFuture::from(fetch_send(&req)).await,
            JsTransport::Host(obj) => call_method(obj, "send", &[req]).await,
        };
        cancel.finish();
        response_from_js(&answer.map_err(|e| transport_failure(&e))?)
    }
}

/// A token store kept by the host: `get(key)` → JSON string or null, `set(key, json)`,
/// `delete(key)`; each may return a promise. The JSON holds secrets: keep it encrypted.
pub struct JsTokenStore(pub JsValue);

fn store_error(op: &str, e: &JsValue) -> TriplinkError {
    let why = get(e, "message")
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "failed".to_owned());
    TriplinkError::Internal {
        message: format!("token store `{op}` failed: {why}"),
    }
}

#[async_trait::async_trait(?Send)]
impl TokenStore for JsTokenStore {
    async fn load(&self, key: &str) -> Result<Option<TokenSet>> {
        let v = call_method(&self.0, "get", &[JsValue::from_str(key)])
            .await
            .map_err(|e| store_error("get", &e))?;
        if v.is_null() || v.is_undefined() {
            return Ok(None);
        }
        let text = v.as_string().ok_or_else(|| TriplinkError::Internal {
            message: "token store `get` must return a string or null".to_owned(),
        })?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| TriplinkError::Decode {
                format: "json",
                message: format!("stored token set: {e}"),
            })
    }

    async fn save(&self, key: &str, tokens: &TokenSet) -> Result<()> {
        let text = serde_json::to_string(tokens).map_err(|e| TriplinkError::Internal {
            message: format!("cannot encode the token set: {e}"),
        })?;
        call_method(
            &self.0,
            "set",
            &[JsValue::from_str(key), JsValue::from_str(&text)],
        )
        .await
        .map(|_| ())
        .map_err(|e| store_error("set", &e))
    }

    async fn remove(&self, key: &str) -> Result<()> {
        call_method(&self.0, "delete", &[JsValue::from_str(key)])
            .await
            .map(|_| ())
            .map_err(|e| store_error("delete", &e))
    }
}

/// `Date.now()`.
pub struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

/// A `setTimeout` promise.
pub struct JsSleeper;

#[async_trait::async_trait(?Send)]
impl Sleeper for JsSleeper {
    async fn sleep_ms(&self, ms: u64) {
        let _ = JsFuture::from(sleep_ms(ms as f64)).await;
    }
}

/// `Math.random()`.
pub struct JsJitter;

impl Jitter for JsJitter {
    fn unit(&self) -> f64 {
        js_sys::Math::random()
    }
}
