//! Data across the boundary: values go to JS as one JSON string parsed by `JSON.parse`, and
//! come back through `JSON.stringify` (the Itinerary model goes out through the op stream of
//! `model_ops.rs` instead, measured faster for trips: see the README); a value that does not
//! fit its type is an `InvalidInput` naming it.

use crate::errors::{invalid, to_js_error, JsResult};
use crate::model_ops::Ops;
use serde::de::DeserializeOwned;
use serde::Serialize;
use triplink_core::TriplinkError;
use wasm_bindgen::prelude::*;

/// A Rust value as a plain JS object (camelCase fields).
pub fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| invalid("result", format!("cannot encode: {e}")))?;
    js_sys::JSON::parse(&text)
}

/// The typed model as JS objects in one crossing: [`Ops`] writes it as an op stream that
/// `js/model.js` turns into the objects serde_json's shape gives. Every export that returns
/// the Itinerary model goes through here (and `parseTripJson` through `JSON.stringify`), so
/// the .wasm holds one serialiser of the model's 38 records, not serde_json's as well.
pub fn model_to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let mut refused = JsValue::UNDEFINED;
    // A refused stream leaves the Rust key table empty, so the second one starts afresh.
    for _ in 0..2 {
        let ops =
            Ops::encode(value).map_err(|e| invalid("result", format!("cannot encode: {e}")))?;
        match decode_model(&ops.ops, &ops.text) {
            Ok(v) => {
                ops.done();
                return Ok(v);
            }
            Err(e) => refused = e,
        }
    }
    // Only a bug gets here (the stream and its reader disagree): code `Internal`.
    let why = refused
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()));
    Err(to_js_error(&TriplinkError::Internal {
        message: format!(
            "the model did not decode in JS: {}",
            why.unwrap_or_default()
        ),
    }))
}

#[wasm_bindgen(module = "/js/model.js")]
extern "C" {
    #[wasm_bindgen(js_name = decodeModel, catch)]
    fn decode_model(ops: &[u8], text: &str) -> Result<JsValue, JsValue>;
}

/// A JS value read as `T`; `what` names the argument in the error.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> JsResult<T> {
    if value.is_undefined() {
        return Err(invalid(what, "is required"));
    }
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| invalid(what, "cannot be converted to JSON (a cycle or a BigInt?)"))?
        .into();
    serde_json::from_str(&text).map_err(|e| invalid(what, e.to_string()))
}

/// Like [`from_js`], with `T::default()` for `undefined` or `null`.
pub fn from_js_or_default<T: DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js(value, what)
}

/// A JS string argument.
pub fn string(value: &JsValue, what: &str) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| invalid(what, "must be a string"))
}
