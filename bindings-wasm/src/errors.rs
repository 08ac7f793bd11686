//! Errors across the boundary: every `TriplinkError` becomes a JS `TriplinkError` (an `Error`
//! subclass defined in `js/host.js`) with a stable `code`; panics become code `Internal`.

use triplink_core::TriplinkError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(code: &str, message: &str, details: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isTriplinkError)]
    fn js_is_triplink_error(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = errorClass)]
    fn error_class() -> JsValue;
}

/// What every export returns on failure.
pub type JsResult<T> = Result<T, JsValue>;

/// The JS error for a core error: `code`, the message (never a secret: core redacts them),
/// and what is known of the HTTP exchange.
pub fn to_js_error(e: &TriplinkError) -> JsValue {
    let details = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&details, &JsValue::from_str(k), &v);
    };
    match e {
        TriplinkError::Api(f) => {
            set("status", JsValue::from(f.status));
            if let Some(c) = &f.correlation_id {
                set("correlationId", JsValue::from_str(c));
            }
            if let Some(c) = &f.api_code {
                set("apiCode", JsValue::from_str(c));
            }
            if let Some(s) = f.retry_after_secs {
                set("retryAfterSecs", JsValue::from(s as f64));
            }
        }
        TriplinkError::InvalidInput { field, .. } => set("field", JsValue::from_str(field)),
        _ => {}
    }
    make_error(e.code().as_str(), &e.to_string(), details.into())
}

/// Converts a core result.
pub fn js<T>(r: triplink_core::Result<T>) -> JsResult<T> {
    r.map_err(|e| to_js_error(&e))
}

/// An `InvalidInput` error for a bad argument.
pub fn invalid(field: &str, reason: impl Into<String>) -> JsValue {
    to_js_error(&TriplinkError::invalid(field, reason))
}

/// True when `value` is a `TriplinkError` thrown by this package.
#[wasm_bindgen(js_name = isTriplinkError)]
pub fn is_triplink_error(value: &JsValue) -> bool {
    js_is_triplink_error(value)
}

/// The `TriplinkError` class, for `instanceof` checks (the package entry re-exports it).
#[wasm_bindgen(js_name = triplinkErrorClass)]
pub fn triplink_error_class() -> JsValue {
    error_class()
}

/// Turns a Rust panic into a thrown `TriplinkError` with code `Internal` instead of a wasm
/// trap. The module's state after one is not guaranteed: callers should drop the instance.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_owned(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "panic".to_owned()),
        };
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        wasm_bindgen::throw_val(make_error(
            "Internal",
            &format!("internal error (a bug in triplink): {message}{at}"),
            JsValue::UNDEFINED,
        ));
    }));
}
